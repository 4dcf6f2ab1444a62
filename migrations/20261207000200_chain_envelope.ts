import type { Knex } from 'knex';

/**
 * The chain envelope in one SQL definition, used by the append function and the single-event
 * append alike, written as docs/AUDIT-BUNDLE.md §2 and canonicalEnvelope()
 * (src/platform/chain/event-envelope.ts) define it: JCS of {data, eventId, metadata, revision,
 * streamId, type}, the ids as RFC 8785 strings. to_json(text) escapes exactly as JCS does (", \,
 * \b \f \n \r \t, other controls as lowercase \u00xx, nothing else);
 * test/integration/chain-envelope-sql.int.spec.ts holds it to the TypeScript byte for byte,
 * ids that need escaping included. The table's patterns keep stored ids plain, so no stored hash
 * changes. STABLE, not IMMUTABLE, because to_json is: that keeps it inlinable in the hot INSERT.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(CHAIN_ENVELOPE_FUNCTION);
  await knex.raw(APPEND_FUNCTION);
  await knex.raw('grant execute on function chain_envelope(text, bigint, text, text, text, text) to smartstart_app');
}

const CHAIN_ENVELOPE_FUNCTION = `
create function chain_envelope(
  p_stream_id text, p_revision bigint, p_event_id text, p_type text, p_data text, p_metadata text
) returns text language sql stable parallel safe
return '{"data":' || p_data || ',"eventId":' || to_json(p_event_id)::text || ',"metadata":' || p_metadata
  || ',"revision":' || p_revision::text || ',"streamId":' || to_json(p_stream_id)::text || ',"type":' || to_json(p_type)::text || '}';
`;

/** The append function of 20261124000100_event_store, its envelope now from chain_envelope(). */
const APPEND_FUNCTION = `
create or replace function append_events(
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
    v_hash := sha256(v_prev || convert_to(chain_envelope(p_stream_id, v_revision, p_event_ids[i]::text, p_types[i], p_data[i], p_metadata[i]), 'UTF8'));
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
