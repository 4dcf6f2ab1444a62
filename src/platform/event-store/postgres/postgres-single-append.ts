import type pg from 'pg';
import { EventIdConflictError, WrongExpectedVersionError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision } from '../event-store.port';

/**
 * The hot path: one event at an exact revision (or the first event of a new stream) in a single
 * INSERT … SELECT, without the plpgsql function (whose per-call statement setup cost ~1.5× the
 * CPU of a plain insert). The predecessor's hash is read in the same statement; the unique index
 * on (stream_id, revision) makes a concurrent writer at the same revision fail, and a missing
 * predecessor inserts nothing — both are a wrong expected revision. The envelope comes from
 * chain_envelope(), the one SQL definition (migration 20261207000200), which the append
 * function uses too.
 */
const SINGLE_APPEND = `
insert into events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
select $1::text, $2::bigint, $3::text::uuid, $4::text, $5::text, $6::text, link.prev,
       sha256(link.prev || convert_to(chain_envelope($1::text, $2::bigint, $3::text, $4::text, $5::text, $6::text), 'UTF8'))
from (select case when $2::bigint = 0 then '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
             else (select e.hash from events e where e.stream_id = $1::text and e.revision = $2::bigint - 1) end as prev) as link
where link.prev is not null
returning tx_id, global_position`;

export interface SingleEventRow {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
}

export async function appendSingle(
  client: pg.PoolClient,
  row: SingleEventRow,
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const values = [row.streamId, row.revision.toString(), row.eventId, row.type, row.dataText, row.metadataText];
  try {
    const result = await client.query<{ tx_id: string; global_position: string }>({
      name: 'append_single',
      text: SINGLE_APPEND,
      values,
    });
    if (result.rowCount === 1)
      return {
        nextExpectedRevision: row.revision,
        position: `${result.rows[0].tx_id}:${result.rows[0].global_position}`,
      };
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'events_event_id_key') return firstResultOrConflict(client, row);
    if (code !== '23505' || constraint !== 'events_stream_id_revision_key') throw error;
  }
  throw new WrongExpectedVersionError(row.streamId, expected, await headRevision(client, row.streamId));
}

/** The id is taken: the same event again is an idempotent retry; anything else is a conflict. */
async function firstResultOrConflict(client: pg.PoolClient, row: SingleEventRow): Promise<AppendResult> {
  const { rows } = await client.query<{
    stream_id: string;
    revision: string;
    type: string;
    data: string;
    metadata: string;
    tx_id: string;
    global_position: string;
  }>({
    name: 'event_by_id',
    text: 'select stream_id, revision, type, data, metadata, tx_id, global_position from events where event_id = $1',
    values: [row.eventId],
  });
  const stored = rows.at(0);
  const same =
    stored &&
    stored.stream_id === row.streamId &&
    stored.type === row.type &&
    stored.data === row.dataText &&
    stored.metadata === row.metadataText;
  if (!same) throw new EventIdConflictError(row.eventId, row.streamId);
  return { nextExpectedRevision: BigInt(stored.revision), position: `${stored.tx_id}:${stored.global_position}` };
}

async function headRevision(client: pg.PoolClient, streamId: string): Promise<bigint | null> {
  const { rows } = await client.query<{ revision: string }>({
    name: 'stream_head_revision',
    text: 'select revision from events where stream_id = $1 order by revision desc limit 1',
    values: [streamId],
  });
  return rows[0] ? BigInt(rows[0].revision) : null;
}
