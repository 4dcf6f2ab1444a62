import { untrack } from 'svelte';
import { listNotifications } from '$lib/api/inbox';
import { live } from '$lib/live.svelte';

/**
 * The signed-in person's unread count, shared by the top bar and the notifications page. It
 * reads once when someone signs in and again on every "new notification" notice, which the
 * server sends to the recipient only; a page that marks some read hands over the new count, and
 * the other tabs of this browser hear of it (a read mark is not an event, so the server sends none).
 */
class UnreadNotifications {
  count = $state<number | null>(null);
  #stop: (() => void) | null = null;

  /** Reads now and on every notification notice; returns the stop function (on sign-out). */
  start(): () => void {
    // Called from `$effect`: what it reads (the live mark, the count) must not restart it.
    return untrack(() => {
      this.#stop?.();
      const since = live.mark();
      void this.refresh();
      const unsubscribe = live.follow(['notification'], () => this.refresh(), { since });
      const stop = () => {
        unsubscribe();
        this.count = null;
      };
      this.#stop = stop;
      return stop;
    });
  }

  /** This tab marked some read: it takes the new count, and the browser's other tabs read theirs again. */
  markedRead(count: number, notificationIds: string[]): void {
    this.count = count;
    live.tellOtherTabs({ topic: 'notification', ids: notificationIds });
  }

  async refresh(): Promise<void> {
    try {
      this.count = (await listNotifications(1)).unread;
    } catch {
      // The badge keeps its last count; the page's own reads report an outage.
    }
  }
}

export const unreadNotifications = new UnreadNotifications();
