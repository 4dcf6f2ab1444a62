import type { Inbox, InboxTask, InboxWindow } from '$lib/api/inbox';

type InboxVote = NonNullable<Inbox['votesPending']>['items'][number];
type InboxSignature = Inbox['signatureRequests']['items'][number];

interface SectionOf<Kind extends string, Item> {
  /** How its items show. */
  kind: Kind;
  title: string;
  testid: string;
  /** What an empty section says: that there is nothing to do, and what would appear here. */
  empty: string;
  /** Where all of them are, when there are more than the dashboard shows. */
  moreHref?: string;
  list: { count: number; items: Item[] };
}

export type DashboardSection =
  | SectionOf<'tasks', InboxTask>
  | SectionOf<'votes', InboxVote>
  | SectionOf<'signatures', InboxSignature>
  | SectionOf<'windows-open' | 'windows-upcoming', InboxWindow>;

/**
 * The dashboard's sections, in the order it shows them: the board's votes only for a board
 * member (the API sends none to anyone else), the upcoming windows only when there are some.
 */
export function dashboardSections(inbox: Inbox): DashboardSection[] {
  const upcoming = inbox.windowsUpcoming.count;
  const sections: (DashboardSection | null)[] = [
    {
      kind: 'tasks',
      title: 'My tasks',
      list: inbox.myTasks,
      moreHref: '/ventures',
      empty: 'No task in progress. Claim an open one in Ventures.',
      testid: 'inbox-my-tasks',
    },
    {
      kind: 'tasks',
      title: 'Reviews to do',
      list: inbox.reviewsToDo,
      empty: 'No submitted work is waiting for your review.',
      testid: 'inbox-reviews',
    },
    {
      kind: 'tasks',
      title: 'Waiting for your acceptance',
      list: inbox.submissionsToAccept,
      empty: 'Nothing submitted in the ventures you own.',
      testid: 'inbox-acceptances',
    },
    inbox.votesPending
      ? {
          kind: 'votes',
          title: 'Board votes pending',
          list: inbox.votesPending,
          moreHref: '/board',
          empty: 'Every open conversion request has your vote.',
          testid: 'inbox-votes',
        }
      : null,
    {
      kind: 'signatures',
      title: 'Signature requests',
      list: inbox.signatureRequests,
      moreHref: '/documents',
      empty: 'No document is waiting for your signature.',
      testid: 'inbox-signatures',
    },
    {
      kind: 'windows-open',
      title: 'Conversion windows open',
      list: inbox.windowsOpen,
      moreHref: '/equity',
      empty: upcoming === 0 ? 'No window is open or scheduled.' : `None open now; ${upcoming} scheduled.`,
      testid: 'inbox-windows',
    },
    upcoming > 0
      ? {
          kind: 'windows-upcoming',
          title: 'Windows coming up',
          list: inbox.windowsUpcoming,
          moreHref: '/equity',
          empty: '',
          testid: 'inbox-windows-upcoming',
        }
      : null,
  ];
  return sections.filter((section) => section !== null);
}
