import { SvelteMap } from 'svelte/reactivity';
import { listPeople, type Person } from '$lib/api/profiles';
import { session } from '$lib/session.svelte';

// The server answers at most this many ids per call.
const PEOPLE_PER_CALL = 100;

/**
 * Names and avatars for every place a person appears, shared by the whole portal: each
 * MemberLink asks for its id, and the ids asked for in one tick go to `GET /api/v1/people` in
 * one call (a cap table of 80 holders is one request, not 80). Answers are kept for the session;
 * `forget` drops one after its owner edits their profile.
 */
class People {
  readonly #known = new SvelteMap<string, Person>();
  // Asked for once, answered or not: a failed lookup leaves the id's short form, it does not retry in a loop.
  readonly #asked = new Set<string>();
  #waiting = new Set<string>();

  /** The person, once known; undefined until the lookup answers. */
  get(userId: string): Person | undefined {
    return this.#known.get(userId);
  }

  /** Queues a lookup for the next tick (only when signed in: the route is for members). */
  want(userId: string): void {
    if (this.#asked.has(userId) || !session.signedIn) return;
    this.#asked.add(userId);
    this.#waiting.add(userId);
    if (this.#waiting.size === 1) queueMicrotask(() => void this.#lookUp());
  }

  /** After an edit: the next `want` asks the server again. */
  forget(userId: string): void {
    this.#asked.delete(userId);
    this.#known.delete(userId);
  }

  async #lookUp(): Promise<void> {
    const ids = [...this.#waiting];
    this.#waiting = new Set();
    for (let start = 0; start < ids.length; start += PEOPLE_PER_CALL) {
      const batch = ids.slice(start, start + PEOPLE_PER_CALL);
      try {
        for (const person of await listPeople(batch)) this.#known.set(person.userId, person);
      } catch {
        // Names are a nicety: the links keep the short id, and the page's own calls report the outage.
      }
    }
  }
}

export const people = new People();

/** What a person is called before (or without) a lookup: the server's own fallback form. */
export function shortName(userId: string): string {
  return `Member ${userId.slice(0, 8)}`;
}
