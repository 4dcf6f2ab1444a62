import type { Knex } from 'knex';
import { categoryOf } from '../../src/platform/event-store/event-naming';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection, TableNames } from '../../src/platform/projections/projection';
import { NOTIFICATIONS_PROJECTION, type NotificationKind, type NotificationRow } from './notifications.contract';

type NewNotification = Omit<NotificationRow, 'recipient_id' | 'created_at'> & { created_at: string };

/**
 * One notification per recipient and event. Who the recipient is comes from the event's stream
 * (a wallet), or from what this projection remembered of earlier events (who claimed the task,
 * who asked for the conversion, who the members are), never from another read model, so a
 * rebuild gives the same rows. Every statement is an idempotent insert, upsert or delete, so a
 * redelivered batch changes nothing. It stores ids, amounts and verdicts only: a comment or a
 * note is never read, so no text anyone wrote can stop it.
 */
export const notificationsProjection: Projection = {
  name: NOTIFICATIONS_PROJECTION,
  tables: ['notifications', 'notification_members', 'notification_tasks', 'notification_conversions'],
  canHandle: [
    'BuzIssued',
    'TaskClaimed',
    'TaskReviewed',
    'ConversionRequested',
    'ConversionApproved',
    'ConversionRejected',
    'WindowOpened',
    'RoleGranted',
    'RoleRevoked',
  ],
  async apply(transaction, events, tables) {
    for (const event of events) await applyEvent(transaction, tables, event);
  },
};

async function applyEvent(knex: Knex.Transaction, tables: TableNames, event: RecordedEvent): Promise<void> {
  const category = categoryOf(event.streamId);
  const streamKey = event.streamId.slice(category.length + 1);
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'RoleGranted':
    case 'RoleRevoked':
      if (category === 'user' && data.role === 'member') await setMember(knex, tables, streamKey, event.type);
      return;
    case 'TaskClaimed':
      await knex(tables.notification_tasks)
        .insert({ task_id: streamKey, assignee_id: data.assigneeId })
        .onConflict('task_id')
        .merge();
      return;
    case 'ConversionRequested':
      await knex(tables.notification_conversions)
        .insert({ conversion_id: streamKey, user_id: data.userId })
        .onConflict('conversion_id')
        .ignore();
      return;
    default:
      await notify(knex, tables, await recipientsOf(knex, tables, event, streamKey), notificationOf(event, streamKey));
  }
}

async function setMember(knex: Knex.Transaction, tables: TableNames, userId: string, type: string): Promise<void> {
  const members = tables.notification_members;
  if (type === 'RoleGranted') await knex(members).insert({ user_id: userId }).onConflict('user_id').ignore();
  else await knex(members).where({ user_id: userId }).delete();
}

async function recipientsOf(
  knex: Knex.Transaction,
  tables: TableNames,
  event: RecordedEvent,
  streamKey: string,
): Promise<string[]> {
  switch (event.type) {
    case 'BuzIssued':
      return categoryOf(event.streamId) === 'wallet' ? [streamKey] : [];
    case 'TaskReviewed':
      return column(knex(tables.notification_tasks).where({ task_id: streamKey }), 'assignee_id');
    case 'ConversionApproved':
    case 'ConversionRejected':
      return column(knex(tables.notification_conversions).where({ conversion_id: streamKey }), 'user_id');
    case 'WindowOpened':
      return column(knex(tables.notification_members), 'user_id');
    default:
      return [];
  }
}

async function column(query: Knex.QueryBuilder, name: string): Promise<string[]> {
  const rows = await query.select<Record<string, string>[]>(name);
  return rows.map((row) => row[name]);
}

function notificationOf(event: RecordedEvent, streamKey: string): NewNotification {
  const data = event.data as Record<string, unknown>;
  const base = { event_id: event.eventId, position: event.position, created_at: event.metadata.occurredAt };
  // PostgreSQL text can't hold NUL: an id an integration made up must not stop the projection.
  const text = (value: unknown) => (typeof value === 'string' && !value.includes('\u0000') ? value : null);
  const of = (kind: NotificationKind, fields: Partial<NewNotification>): NewNotification => ({
    ...base,
    kind,
    subject_id: null,
    amount_buz: null,
    outcome: null,
    ...fields,
  });
  switch (event.type) {
    case 'BuzIssued':
      return of('BUZ_ARRIVED', { subject_id: text(data.taskId), amount_buz: text(data.amountBuz) });
    case 'TaskReviewed':
      return of('REVIEW_ARRIVED', { subject_id: streamKey, outcome: text(data.verdict) });
    case 'ConversionApproved':
      return of('REQUEST_DECIDED', { subject_id: streamKey, outcome: 'APPROVED' });
    case 'ConversionRejected':
      return of('REQUEST_DECIDED', { subject_id: streamKey, outcome: 'REJECTED' });
    default:
      return of('WINDOW_OPENED', { subject_id: streamKey });
  }
}

async function notify(
  knex: Knex.Transaction,
  tables: TableNames,
  recipients: readonly string[],
  notification: NewNotification,
): Promise<void> {
  if (recipients.length === 0) return;
  await knex(tables.notifications)
    .insert(recipients.map((recipient_id) => ({ ...notification, recipient_id })))
    .onConflict(['recipient_id', 'event_id'])
    .ignore();
}
