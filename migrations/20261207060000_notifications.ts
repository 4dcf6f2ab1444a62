import type { Knex } from 'knex';

/**
 * In-app notifications and the inbox (#16 §5).
 *
 * Read models of the `notifications` projection: `notifications`, one row per recipient and
 * event (BUZ arrived, review arrived, request decided, window opened), and the little it must
 * remember to find a recipient the event doesn't name (who claimed a task, who asked for a
 * conversion, who is a member). Ids, amounts and outcomes only: no text anyone wrote.
 *
 * `notification_reads` is not a read model: "read" is the recipient's own state, not an event, so
 * a rebuild of the projection keeps it (its rows point at notifications by recipient and event).
 *
 * `signature_inbox`: read model of the `signature_inbox` projection, the signature requests each
 * signer still has to sign.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table notifications (
      recipient_id uuid not null,
      event_id uuid not null,
      position text not null,
      kind text not null,
      subject_id text,
      amount_buz bigint,
      outcome text,
      created_at timestamptz not null,
      primary key (recipient_id, event_id)
    );
    create index notifications_by_recipient on notifications (recipient_id, created_at desc, event_id desc);
    create index notifications_by_position on notifications (position);

    create table notification_members (user_id uuid primary key);
    create table notification_tasks (task_id uuid primary key, assignee_id uuid not null);
    create table notification_conversions (conversion_id uuid primary key, user_id uuid not null);

    create table notification_reads (
      recipient_id uuid not null,
      event_id uuid not null,
      read_at timestamptz not null,
      primary key (recipient_id, event_id)
    );
  `);
  await knex.raw(SIGNATURE_INBOX_TABLE);
}

/** Dropped again by 20261207140000_drop_signature_inbox, whose `down` creates it as here. */
export const SIGNATURE_INBOX_TABLE = `
  create table signature_inbox (
    request_id uuid not null,
    signer_id text not null,
    document_id uuid not null,
    due_at text,
    requested_at text not null,
    done boolean not null default false,
    primary key (request_id, signer_id)
  );
  create index signature_inbox_pending on signature_inbox (signer_id) where not done;
`;

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table signature_inbox, notification_reads, notification_conversions, notification_tasks,
      notification_members, notifications
  `);
}
