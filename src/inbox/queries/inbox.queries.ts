import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { pendingSignatures } from '../../documents/documents.contract';
import { KNEX } from '../../platform/platform.tokens';
import type { inboxSchema } from '../http/inbox.responses';
import { NotificationsQueries } from './notifications.queries';

type Inbox = z.infer<typeof inboxSchema>;

/** How many items of each section the dashboard shows; `count` tells how many there are in all. */
const TOP_ITEMS = 5;

/**
 * The caller's dashboard, from the ventures, conversions and notification read models; its
 * signature requests come from the documents context's read model, through its contract.
 */
@Injectable()
export class InboxQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    private readonly notifications: NotificationsQueries,
  ) {}

  async of(userId: string, onBoard: boolean): Promise<Inbox> {
    const [myTasks, reviewsToDo, submissionsToAccept, votesPending, signatureRequests, windowsOpen, windowsUpcoming] =
      await Promise.all([
        this.tasks((query) => query.where('t.assignee_id', userId).whereIn('t.status', ['CLAIMED', 'SUBMITTED'])),
        this.tasks((query) =>
          query
            .where('t.status', 'SUBMITTED')
            .whereNot('t.assignee_id', userId)
            .whereNot('v.owner_id', userId)
            .whereRaw(
              `not exists (select 1 from jsonb_array_elements(t.reviews) review
                 where review->>'reviewerId' = ? and (review->>'round')::int = t.round)`,
              [userId],
            ),
        ),
        this.tasks((query) => query.where('t.status', 'SUBMITTED').where('v.owner_id', userId)),
        onBoard ? this.votesPending(userId) : null,
        pendingSignatures(this.knex, userId, TOP_ITEMS),
        this.windows('OPEN', 'closes_at'),
        this.windows('SCHEDULED', 'opens_at'),
      ]);
    return {
      myTasks,
      reviewsToDo,
      submissionsToAccept,
      votesPending,
      signatureRequests,
      windowsOpen,
      windowsUpcoming,
      unreadNotifications: await this.notifications.unread(userId),
    };
  }

  private async tasks(filter: (query: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<Inbox['myTasks']> {
    const base = () => filter(this.knex('tasks as t').join('ventures as v', 'v.venture_id', 't.venture_id'));
    const rows = await base()
      .orderBy([{ column: 't.posted_at' }, { column: 't.task_id' }])
      .limit(TOP_ITEMS)
      .select<
        {
          task_id: string;
          venture_id: string;
          name: string;
          title: string;
          status: 'CLAIMED' | 'SUBMITTED';
          round: number;
        }[]
      >('t.task_id', 't.venture_id', 'v.name', 't.title', 't.status', 't.round');
    return {
      count: await countOf(base()),
      items: rows.map((row) => ({
        taskId: row.task_id,
        ventureId: row.venture_id,
        ventureName: row.name,
        title: row.title,
        status: row.status,
        round: row.round,
      })),
    };
  }

  /** Requests still open to votes that this board member hasn't voted on. */
  private async votesPending(userId: string): Promise<NonNullable<Inbox['votesPending']>> {
    const base = () =>
      this.knex('conversions as c')
        .leftJoin('ventures as v', 'v.venture_id', 'c.venture_id')
        .where('c.status', 'REQUESTED')
        .whereRaw(`not exists (select 1 from jsonb_array_elements(c.votes) vote where vote->>'voterId' = ?)`, [userId]);
    const rows = await base()
      .orderBy([{ column: 'c.requested_at' }, { column: 'c.conversion_id' }])
      .limit(TOP_ITEMS)
      .select<
        {
          conversion_id: string;
          window_id: string;
          venture_id: string;
          name: string | null;
          amount_buz: string;
          requested_at: string;
        }[]
      >('c.conversion_id', 'c.window_id', 'c.venture_id', 'v.name', 'c.amount_buz', 'c.requested_at');
    return {
      count: await countOf(base()),
      items: rows.map((row) => ({
        conversionId: row.conversion_id,
        windowId: row.window_id,
        ventureId: row.venture_id,
        ventureName: row.name,
        amountBuz: row.amount_buz,
        requestedAt: row.requested_at,
      })),
    };
  }

  private async windows(status: 'OPEN' | 'SCHEDULED', soonest: 'opens_at' | 'closes_at') {
    const base = () =>
      this.knex('conversion_windows as w')
        .leftJoin('ventures as v', 'v.venture_id', 'w.venture_id')
        .where('w.status', status);
    const rows = await base()
      .orderBy([{ column: `w.${soonest}` }, { column: 'w.window_id' }])
      .limit(TOP_ITEMS)
      .select<{ window_id: string; venture_id: string; name: string | null; opens_at: string; closes_at: string }[]>(
        'w.window_id',
        'w.venture_id',
        'v.name',
        'w.opens_at',
        'w.closes_at',
      );
    return {
      count: await countOf(base()),
      items: rows.map((row) => ({
        windowId: row.window_id,
        ventureId: row.venture_id,
        ventureName: row.name,
        status,
        opensAt: row.opens_at,
        closesAt: row.closes_at,
      })),
    };
  }
}

async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const [{ count }] = await query.clearSelect().count<{ count: string }[]>({ count: '*' });
  return Number(count);
}
