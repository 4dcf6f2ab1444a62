import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { NotificationKind } from '../../../projections/notifications/notifications.contract';
import { KNEX } from '../../platform/platform.tokens';
import type { notificationsSchema } from '../http/inbox.responses';

interface ListedRow {
  event_id: string;
  kind: NotificationKind;
  subject_id: string | null;
  amount_buz: string | null;
  outcome: string | null;
  created_at: Date;
  read_at: Date | null;
  task_title: string | null;
  venture_id: string | null;
  venture_name: string | null;
}

/** A person's notifications, newest first, with the titles and names their subjects have now. */
@Injectable()
export class NotificationsQueries {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async list(recipientId: string, limit: number): Promise<z.infer<typeof notificationsSchema>> {
    // subject_id is text: a BUZ award may name an integration's task id, which is no UUID.
    const rows = await this.knex('notifications as n')
      .leftJoin('notification_reads as r', (join) =>
        join.on('r.recipient_id', 'n.recipient_id').andOn('r.event_id', 'n.event_id'),
      )
      .leftJoin('tasks as t', (join) =>
        join.on('n.subject_id', this.knex.raw('t.task_id::text')).andOnIn('n.kind', ['BUZ_ARRIVED', 'REVIEW_ARRIVED']),
      )
      .leftJoin('conversions as c', (join) =>
        join.on('n.subject_id', this.knex.raw('c.conversion_id::text')).andOnVal('n.kind', 'REQUEST_DECIDED'),
      )
      .leftJoin('conversion_windows as w', (join) =>
        join.on('n.subject_id', this.knex.raw('w.window_id::text')).andOnVal('n.kind', 'WINDOW_OPENED'),
      )
      .leftJoin('ventures as v', 'v.venture_id', this.knex.raw('coalesce(t.venture_id, c.venture_id, w.venture_id)'))
      .where('n.recipient_id', recipientId)
      .orderBy([
        { column: 'n.created_at', order: 'desc' },
        { column: 'n.event_id', order: 'desc' },
      ])
      .limit(limit)
      .select<ListedRow[]>(
        'n.event_id',
        'n.kind',
        'n.subject_id',
        'n.amount_buz',
        'n.outcome',
        'n.created_at',
        'r.read_at',
        't.title as task_title',
        'v.venture_id',
        'v.name as venture_name',
      );
    return {
      unread: await this.unread(recipientId),
      items: rows.map((row) => ({
        notificationId: row.event_id,
        kind: row.kind,
        subjectId: row.subject_id,
        taskTitle: row.task_title,
        ventureId: row.venture_id,
        ventureName: row.venture_name,
        amountBuz: row.amount_buz,
        outcome: row.outcome,
        createdAt: row.created_at.toISOString(),
        read: row.read_at !== null,
      })),
    };
  }

  async unread(recipientId: string): Promise<number> {
    const [{ count }] = await this.knex('notifications as n')
      .where('n.recipient_id', recipientId)
      .whereNotExists((query) => {
        void query
          .select(this.knex.raw('1'))
          .from('notification_reads as r')
          .whereRaw('r.recipient_id = n.recipient_id and r.event_id = n.event_id');
      })
      .count<{ count: string }[]>({ count: '*' });
    return Number(count);
  }
}
