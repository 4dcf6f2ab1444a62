import type { Knex } from 'knex';

/**
 * `checkpoint_cosignatures`: witnesses' C2SP `cosignature/v1` signatures over checkpoints
 * (c2sp.org/tlog-cosignature), kept next to the checkpoints they vouch for. A cosignature is a
 * witness's statement, not ours, so like the Merkle log the app may only add to it: a
 * compromised app cannot erase the record that a witness saw an older history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table checkpoint_cosignatures (
      tree_size bigint not null check (tree_size >= 0),
      witness_name text not null,
      key_id bytea not null check (length(key_id) = 4),
      root_hash bytea not null check (length(root_hash) = 32),
      cosigned_at_seconds bigint not null check (cosigned_at_seconds >= 0),
      signature bytea not null check (length(signature) = 72),
      received_at timestamptz not null default now(),
      primary key (tree_size, witness_name, key_id)
    );
    revoke update, delete, truncate on checkpoint_cosignatures from smartstart_app;
    revoke all on checkpoint_cosignatures from public;
  `);
}

export function down(): Promise<void> {
  return Promise.reject(
    new Error('checkpoint_cosignatures is append-only evidence; this migration cannot be reverted.'),
  );
}
