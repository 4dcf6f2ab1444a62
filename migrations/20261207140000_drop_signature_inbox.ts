import type { Knex } from 'knex';
import { SIGNATURE_INBOX_TABLE } from './20261207060000_notifications';

/**
 * The dashboard's signature requests now come from the documents context's per-signer read model
 * (`signature_request_signers`), so the `signature_inbox` projection is gone: its table and its
 * checkpoint row go with it (the status page and health would list a projection nobody runs).
 * The events stay as they are; the other read models are untouched.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table signature_inbox;
    delete from projection_checkpoints where projection = 'signature_inbox';
  `);
}

/** The empty table as it was; with no checkpoint row, its projection would fill it again from position 0. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(SIGNATURE_INBOX_TABLE);
}
