import type { Knex } from 'knex';

/**
 * The WORM event log (DESIGN §2–3). `data` and `metadata` hold the exact canonical JSON text that
 * was hashed; `tx_id` lets the catch-up subscription read only committed-and-final rows.
 * Rows can be inserted, never changed: triggers raise, and the application role holds only
 * SELECT and INSERT.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table events (
      global_position bigint generated always as identity primary key,
      tx_id xid8 not null default pg_current_xact_id(),
      stream_id text not null check (stream_id ~ '^[a-z][a-zA-Z0-9]*-[A-Za-z0-9_.:-]{1,200}$'),
      revision bigint not null check (revision >= 0),
      event_id uuid not null unique,
      type text not null check (type ~ '^[A-Z][A-Za-z0-9]{0,99}$'),
      data text not null,
      metadata text not null,
      prev_hash bytea not null check (length(prev_hash) = 32),
      hash bytea not null check (length(hash) = 32),
      recorded_at timestamptz not null default now(),
      unique (stream_id, revision)
    );
    create index events_feed_order on events (tx_id, global_position);

    create function events_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception using errcode = 'SS900', message = format('events are write-once: %s refused', tg_op);
    end $$;
    create trigger events_no_update_or_delete before update or delete on events
      for each row execute function events_refuse_change();
    create trigger events_no_truncate before truncate on events
      for each statement execute function events_refuse_change();

    revoke all on events from public, smartstart_app;
    grant select, insert on events to smartstart_app;
  `);
  await knex.raw(APPEND_FUNCTION);
  await knex.raw(
    `grant execute on function append_events(text, text, uuid[], text[], text[], text[]) to smartstart_app`,
  );
}

/**
 * One round trip per append. The per-stream advisory lock serialises writers of one stream
 * (cheaper than retrying on unique violations), the head's hash is read under that lock, and
 * each event's hash is computed here so the chain can never fork. The envelope text matches
 * canonicalEnvelope() in src/platform/chain/event-hash.ts byte for byte.
 * Errors: SS001 event id reused with different content, SS002 wrong expected revision.
 */
const APPEND_FUNCTION = `
create function append_events(
  p_stream_id text, p_expected text, p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[]
) returns table (last_revision bigint, last_tx_id xid8, last_position bigint)
language plpgsql as $$
declare
  v_count int := cardinality(p_event_ids);
  v_head_revision bigint;
  v_hash bytea;
  v_prev bytea;
  v_revision bigint;
  v_first_existing bigint;
  v_mismatch boolean := false;
begin
  perform pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

  -- An id already stored: an idempotent retry if every event matches, otherwise a conflict.
  select e.revision into v_first_existing from events e where e.event_id = p_event_ids[1];
  if found then
    if exists (
      select 1 from unnest(p_event_ids, p_types, p_data, p_metadata) with ordinality as n(id, type, data, metadata, ord)
      left join events e on e.event_id = n.id
      where e.event_id is null or e.stream_id <> p_stream_id or e.type <> n.type or e.data <> n.data
         or e.metadata <> n.metadata or e.revision <> v_first_existing + n.ord - 1
    ) then
      raise exception using errcode = 'SS001', message = 'event id reused with different content', detail = p_event_ids[1]::text;
    end if;
    return query select e.revision, e.tx_id, e.global_position from events e where e.event_id = p_event_ids[v_count];
    return;
  end if;

  select e.revision, e.hash into v_head_revision, v_hash
    from events e where e.stream_id = p_stream_id order by e.revision desc limit 1;
  -- IF branches, not one boolean expression: SQL may evaluate the ::bigint cast of 'any' first.
  if p_expected = 'any' then
    null;
  elsif p_expected = 'no_stream' then
    v_mismatch := v_head_revision is not null;
  elsif p_expected = 'stream_exists' then
    v_mismatch := v_head_revision is null;
  else
    v_mismatch := v_head_revision is distinct from p_expected::bigint;
  end if;
  if v_mismatch then
    raise exception using errcode = 'SS002', message = 'wrong expected revision', detail = coalesce(v_head_revision::text, '');
  end if;

  v_revision := coalesce(v_head_revision, -1);
  v_hash := coalesce(v_hash, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  for i in 1 .. v_count loop
    v_revision := v_revision + 1;
    v_prev := v_hash;
    v_hash := sha256(v_prev || convert_to(
      '{"data":' || p_data[i] || ',"eventId":"' || p_event_ids[i]::text || '","metadata":' || p_metadata[i]
      || ',"revision":' || v_revision::text || ',"streamId":"' || p_stream_id || '","type":"' || p_types[i] || '"}', 'UTF8'));
    insert into events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
      values (p_stream_id, v_revision, p_event_ids[i], p_types[i], p_data[i], p_metadata[i], v_prev, v_hash)
      returning global_position into last_position;
  end loop;
  return query select v_revision, pg_current_xact_id(), last_position;
end $$;
`;

export function down(): Promise<void> {
  return Promise.reject(new Error('The event log is write-once; this migration cannot be reverted.'));
}
