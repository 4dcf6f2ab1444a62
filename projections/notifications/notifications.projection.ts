import type { Knex } from 'knex';
import type { Projection, TableNames } from '../../src/platform/projections/projection';
import { NOTIFICATIONS_PROJECTION } from './notifications.contract';
import {
  foldNotifications,
  keyed,
  type KeyedEvent,
  type NotificationWrites,
  type RememberedFacts,
} from './notifications-fold';

/** Rows per INSERT: 8 columns each stays far below PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK_ROWS = 1000;

/**
 * One notification per recipient and event. Who the recipient is comes from the event's stream
 * (a wallet), or from what this projection remembered of earlier events (who claimed the task,
 * who asked for the conversion, who the members are), never from another read model, so a
 * rebuild gives the same rows. Per batch: load the remembered facts the batch needs, fold the
 * events in memory, then write each table once, with idempotent inserts, upserts and deletes,
 * so a redelivered batch changes nothing. It stores ids, amounts and verdicts only: a comment or
 * a note is never read, so no text anyone wrote can stop it.
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
    const batch = events.map(keyed);
    const writes = foldNotifications(batch, await rememberedFacts(transaction, tables, batch));
    await write(transaction, tables, writes);
  },
};

async function rememberedFacts(
  knex: Knex.Transaction,
  tables: TableNames,
  batch: readonly KeyedEvent[],
): Promise<RememberedFacts> {
  const keysOf = (...types: string[]) => [
    ...new Set(batch.filter(({ event }) => types.includes(event.type)).map(({ streamKey }) => streamKey)),
  ];
  const [assignees, requesters, members] = await Promise.all([
    pairs(knex, tables.notification_tasks, 'task_id', 'assignee_id', keysOf('TaskReviewed')),
    pairs(
      knex,
      tables.notification_conversions,
      'conversion_id',
      'user_id',
      keysOf('ConversionRequested', 'ConversionApproved', 'ConversionRejected'),
    ),
    batch.some(({ event }) => event.type === 'WindowOpened')
      ? knex(tables.notification_members).select<{ user_id: string }[]>('user_id')
      : null,
  ]);
  return { assignees, requesters, members: members && new Set(members.map((row) => row.user_id)) };
}

async function pairs(
  knex: Knex.Transaction,
  table: string,
  keyColumn: string,
  valueColumn: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await knex(table).whereIn(keyColumn, keys).select<Record<string, string>[]>(keyColumn, valueColumn);
  return new Map(rows.map((row) => [row[keyColumn], row[valueColumn]]));
}

async function write(knex: Knex.Transaction, tables: TableNames, writes: NotificationWrites): Promise<void> {
  const tasks = [...writes.assignees].map(([task_id, assignee_id]) => ({ task_id, assignee_id }));
  if (tasks.length > 0) await knex(tables.notification_tasks).insert(tasks).onConflict('task_id').merge();
  const conversions = [...writes.requesters].map(([conversion_id, user_id]) => ({ conversion_id, user_id }));
  if (conversions.length > 0)
    await knex(tables.notification_conversions).insert(conversions).onConflict('conversion_id').ignore();
  await writeMembership(knex, tables.notification_members, writes.membership);
  for (let start = 0; start < writes.notifications.length; start += INSERT_CHUNK_ROWS)
    await knex(tables.notifications)
      .insert(writes.notifications.slice(start, start + INSERT_CHUNK_ROWS))
      .onConflict(['recipient_id', 'event_id'])
      .ignore();
}

async function writeMembership(knex: Knex.Transaction, table: string, membership: Map<string, boolean>): Promise<void> {
  const granted = [...membership].filter(([, isMember]) => isMember).map(([user_id]) => ({ user_id }));
  const revoked = [...membership].filter(([, isMember]) => !isMember).map(([userId]) => userId);
  if (granted.length > 0) await knex(table).insert(granted).onConflict('user_id').ignore();
  if (revoked.length > 0) await knex(table).whereIn('user_id', revoked).delete();
}
