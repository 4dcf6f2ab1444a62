import type { Knex } from 'knex';

/**
 * The feed used to show only rows older than every transaction running anywhere in the cluster
 * (`tx_id < pg_snapshot_xmin`), so one long read-model transaction held back every subscriber.
 * Now only event writers can hold it back:
 *
 * - Every statement that inserts into `events` first takes a shared advisory lock (namespace
 *   71010, key 0) for the rest of its transaction, before the row, and so the transaction id,
 *   exists. A transaction that already has an id when it first appends is refused (SS003): its
 *   id would be older than its registration, and a reader could pass it unseen.
 * - `event_feed_horizon()` is the oldest transaction id that may still add events: the oldest
 *   in-progress transaction holding that lock, or, with none, the next id to be assigned. A
 *   reader then reads `tx_id < horizon` in a LATER statement, whose snapshot sees every writer
 *   below the horizon as finished: a writer releases the lock only after its commit is visible.
 *
 * read_event_feed() does both statements in one round trip (a volatile plpgsql function takes a
 * fresh snapshot per statement under READ COMMITTED).
 */
const WRITER_LOCK_NAMESPACE = 71010;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function events_register_writer() returns trigger language plpgsql as $$
    begin
      if current_setting('smartstart.event_writer', true) is distinct from 'on' then
        if pg_current_xact_id_if_assigned() is not null then
          raise exception using errcode = 'SS003',
            message = 'events must be the first write of their transaction (the feed could pass them unseen)';
        end if;
        perform pg_advisory_xact_lock_shared(${WRITER_LOCK_NAMESPACE}, 0);
        perform set_config('smartstart.event_writer', 'on', true);
      end if;
      return null;
    end $$;

    create trigger events_register_writer before insert on events
      for each statement execute function events_register_writer();

    create function event_feed_horizon() returns xid8 language sql volatile as $$
      select coalesce(min(running.xid), pg_snapshot_xmax(pg_current_snapshot()))
      from pg_snapshot_xip(pg_current_snapshot()) as running(xid)
      where (running.xid::text::numeric % 4294967296) in (
        select own_xid.transactionid::text::numeric
        from pg_locks writer
        join pg_locks own_xid on own_xid.pid = writer.pid and own_xid.locktype = 'transactionid'
                              and own_xid.mode = 'ExclusiveLock' and own_xid.granted
        where writer.locktype = 'advisory' and writer.classid = ${WRITER_LOCK_NAMESPACE} and writer.objid = 0
          and writer.objsubid = 2 and writer.granted)
    $$;

    create function read_event_feed(p_from_tx xid8, p_from_position bigint, p_to_tx xid8, p_to_position bigint,
                                     p_types text[], p_limit int)
    returns setof events language plpgsql volatile as $$
    declare
      v_horizon xid8 := event_feed_horizon();
    begin
      return query
        select * from events e
        where (e.tx_id, e.global_position) > (p_from_tx, p_from_position)
          and (e.tx_id, e.global_position) <= (p_to_tx, p_to_position)
          and e.tx_id < v_horizon and (p_types is null or e.type = any(p_types))
        order by e.tx_id, e.global_position limit p_limit;
    end $$;

    grant execute on function event_feed_horizon() to smartstart_app;
    grant execute on function read_event_feed(xid8, bigint, xid8, bigint, text[], int) to smartstart_app;
  `);
}

export function down(): Promise<void> {
  return Promise.reject(
    new Error('The feed rule is part of the event log contract; this migration cannot be reverted.'),
  );
}
