import type { AppNotification } from '$lib/api/inbox';

/** How many the page lists, newest first. */
export const LISTED = 50;

/** What a notification says (after the BUZ amount it names, if any), and where it leads. */
export function describe(notification: AppNotification): { text: string; href: string | null } {
  const venture = notification.ventureName ?? 'a venture';
  switch (notification.kind) {
    case 'BUZ_ARRIVED':
      return {
        text: `arrived${notification.taskTitle ? ` for “${notification.taskTitle}”` : ''}`,
        href: '/wallet',
      };
    case 'REVIEW_ARRIVED':
      return {
        text: `A review arrived on “${notification.taskTitle ?? 'your task'}”: ${
          notification.outcome === 'APPROVE' ? 'approved' : 'changes requested'
        }`,
        href: notification.subjectId ? `/tasks/${notification.subjectId}` : null,
      };
    case 'REQUEST_DECIDED':
      return {
        text: `Your conversion request in ${venture} was ${notification.outcome === 'APPROVED' ? 'approved' : 'rejected'}`,
        href: '/equity',
      };
    case 'WINDOW_OPENED':
      return { text: `A conversion window opened in ${venture}`, href: '/equity' };
  }
}
