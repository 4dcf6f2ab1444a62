import type { Knex } from 'knex';

/**
 * `merkle_nodes`: the interior nodes of the Merkle log from level 4 up (node (level, i) is the
 * root of leaves [i·2^level, (i+1)·2^level)), written by the merkle_leaves projection with the
 * leaves that complete them, so a proof reads O(log n) rows instead of every leaf. Like
 * merkle_leaves, it is rebuildable from the feed, and the app may only append to it.
 *
 * The leaves sealed before this migration get their nodes here, from backfill_merkle_nodes():
 * level by level in set-based SQL, one pass per level over half as many rows as the last. The
 * owner can run it again to restore missing nodes; it never changes a stored one.
 */
const LOWEST_STORED_LEVEL = 4;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table merkle_nodes (
      level smallint not null check (level >= ${LOWEST_STORED_LEVEL}),
      node_index bigint not null check (node_index >= 0),
      hash bytea not null check (length(hash) = 32),
      primary key (level, node_index)
    );
    revoke update, delete, truncate on merkle_nodes from smartstart_app;
    revoke all on merkle_nodes from public;

    create function backfill_merkle_nodes() returns bigint language plpgsql as $$
    declare
      v_level int := 0;
      v_written bigint := 0;
      v_count bigint;
    begin
      create temporary table merkle_level as select leaf_index as node_index, leaf_hash as hash from merkle_leaves;
      loop
        create temporary table merkle_next as
          select lefts.node_index / 2 as node_index, sha256('\\x01'::bytea || lefts.hash || rights.hash) as hash
          from merkle_level lefts join merkle_level rights on rights.node_index = lefts.node_index + 1
          where lefts.node_index % 2 = 0;
        v_level := v_level + 1;
        exit when not exists (select 1 from merkle_next);
        if v_level >= ${LOWEST_STORED_LEVEL} then
          insert into merkle_nodes (level, node_index, hash) select v_level, node_index, hash from merkle_next
            on conflict (level, node_index) do nothing;
          get diagnostics v_count = row_count;
          v_written := v_written + v_count;
        end if;
        drop table merkle_level;
        alter table merkle_next rename to merkle_level;
      end loop;
      drop table merkle_next;
      drop table merkle_level;
      return v_written;
    end $$;
    revoke execute on function backfill_merkle_nodes() from public;
    select backfill_merkle_nodes();
  `);
}

export function down(): Promise<void> {
  return Promise.reject(
    new Error('merkle_nodes is part of the append-only Merkle log; this migration cannot be reverted.'),
  );
}
