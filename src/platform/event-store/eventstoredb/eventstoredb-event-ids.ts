import {
  binaryEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type EventStoreDBClient,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { EventIdConflictError } from '../event-store.errors';
import { retry } from '../../retry/retry';
import { EVENT_ID_CLAIM_CATEGORY, UnreadableEventError, type PreparedEvent } from './eventstoredb-mapping';

/**
 * Store-wide event-id uniqueness, which EventStoreDB does not have: its idempotency check looks
 * only at the events right after the expected revision of the one stream being written. So each
 * id is first claimed in its own stream, `ledgerEventId-<eventId>`, created with NO_STREAM: the
 * first claim wins, atomically, cluster-wide. The claim names the owning stream and the lowest
 * revision at which the id can appear there (the head + 1 seen before claiming), which bounds
 * the search for an earlier write of the same batch to the events written since.
 *
 * The category is reserved: the feed (readAll, subscribeToAll) hides it, see isLedgerEvent.
 */
const CLAIM_TYPE = 'EventIdClaimed';
const CLAIM_READ_ATTEMPTS = 20;
const CLAIM_READ_RETRY_MS = 5;
const CLAIM_READ_MAX_PAUSE_MS = 20;
const CLAIM_PATTERN = /^\{"notBefore":"(\d{1,20})","streamId":"([^"\\]+)"\}$/;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Claims every id of the batch for `streamId`. Throws EventIdConflictError when another stream
 * owns one. Returns the lowest revision at which any of these ids may already be stored in
 * `streamId` (by an earlier call, or a concurrent one that claimed first).
 */
export async function claimEventIds(
  client: EventStoreDBClient,
  streamId: string,
  batch: readonly PreparedEvent[],
  nextRevision: bigint,
): Promise<bigint> {
  const floors = await Promise.all(batch.map((event) => claimEventId(client, streamId, event.eventId, nextRevision)));
  return floors.reduce((lowest, floor) => (floor < lowest ? floor : lowest));
}

async function claimEventId(
  client: EventStoreDBClient,
  streamId: string,
  eventId: string,
  nextRevision: bigint,
): Promise<bigint> {
  const claimStream = `${EVENT_ID_CLAIM_CATEGORY}-${eventId}`;
  // JCS by construction: keys in order, stream ids need no escaping (event-naming.ts).
  const claimText = `{"notBefore":"${nextRevision.toString()}","streamId":"${streamId}"}`;
  try {
    // A random ESDB event id, so that a second claim is always a WrongExpectedVersion and never
    // an idempotent success that would hide an earlier claim.
    const claim = binaryEvent({ type: CLAIM_TYPE, data: utf8Encoder.encode(claimText) });
    const result = await client.appendToStream(claimStream, claim, { expectedRevision: NO_STREAM });
    if (result.success) return nextRevision;
  } catch (error) {
    if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
  }
  const existing = await readClaim(client, claimStream);
  if (existing.streamId !== streamId) throw new EventIdConflictError(eventId, streamId);
  return existing.notBefore;
}

/**
 * The claim that beat ours. The writer rejects a second NO_STREAM append as soon as the first is
 * committed, which can be a moment before readers see it, so a missing claim is read again.
 */
function readClaim(client: EventStoreDBClient, claimStream: string): Promise<{ streamId: string; notBefore: bigint }> {
  const readOnce = async () => {
    const claim = await readFirstEvent(client, claimStream);
    if (!claim) throw new ClaimNotVisibleError(claimStream);
    const match = claim.data instanceof Uint8Array ? CLAIM_PATTERN.exec(utf8Decoder.decode(claim.data)) : null;
    if (!match) throw new UnreadableEventError(claimStream, claim.revision, 'not an event-id claim');
    return { notBefore: BigInt(match[1]), streamId: match[2] };
  };
  return retry(readOnce, {
    attempts: CLAIM_READ_ATTEMPTS,
    retryIf: (error) => error instanceof ClaimNotVisibleError,
    baseDelayMs: CLAIM_READ_RETRY_MS,
    maxDelayMs: CLAIM_READ_MAX_PAUSE_MS,
  });
}

class ClaimNotVisibleError extends Error {
  constructor(claimStream: string) {
    super(`EventStoreDB rejected a claim on ${claimStream} as taken, but the existing claim cannot be read`);
  }
}

async function readFirstEvent(client: EventStoreDBClient, streamId: string): Promise<EsdbRecordedEvent | null> {
  try {
    for await (const { event } of client.readStream(streamId, { fromRevision: START, maxCount: 1 })) {
      if (event) return event;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return null;
}
