import type { Knex } from 'knex';

/**
 * Group commit: single-event appends to different streams that arrive together are written in
 * one transaction, so one WAL flush serves many commands. Each item is append_events() itself,
 * inside its own exception block (a subtransaction), so each keeps its exact-revision check, its
 * idempotent retry and its own answer; a refused item undoes only itself.
 *
 * The writer registration of the feed (feed_waits_for_event_writers) is taken once, up front:
 * a subtransaction that fails would otherwise take its registration with it, and the next item
 * would find a transaction id older than any registration.
 *
 * Items are appended in the order of their stream lock (the key append_events locks), so two
 * batches that share streams always lock them in the same order and cannot deadlock.
 *
 * Answers, one row per item by `ord`: `error_code` null and the position, or `SS001` (event id
 * reused with different content), `SS002` (wrong expected revision, detail = head revision) or
 * `23505` (a concurrent single append took the revision or id: the caller asks again alone).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function append_event_batch(
      p_streams text[], p_expected text[], p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[]
    ) returns table (ord int, error_code text, error_detail text, last_revision bigint, last_tx_id xid8, last_position bigint)
    language plpgsql as $$
    declare
      v_item int;
      v_detail text;
    begin
      perform pg_advisory_xact_lock_shared(71010, 0);
      perform set_config('smartstart.event_writer', 'on', true);
      for v_item in
        select item.ord from unnest(p_streams) with ordinality as item(stream_id, ord)
        order by hashtextextended(item.stream_id, 0), item.ord
      loop
        begin
          return query select v_item, null::text, null::text, appended.last_revision, appended.last_tx_id, appended.last_position
            from append_events(p_streams[v_item], p_expected[v_item], array[p_event_ids[v_item]], array[p_types[v_item]],
                               array[p_data[v_item]], array[p_metadata[v_item]]) as appended;
        exception
          when sqlstate 'SS001' or sqlstate 'SS002' or unique_violation then
            get stacked diagnostics v_detail = pg_exception_detail;
            return query select v_item, sqlstate::text, v_detail, null::bigint, null::xid8, null::bigint;
        end;
      end loop;
    end $$;

    grant execute on function append_event_batch(text[], text[], uuid[], text[], text[], text[]) to smartstart_app;
  `);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('Part of the event log contract; this migration cannot be reverted.'));
}
