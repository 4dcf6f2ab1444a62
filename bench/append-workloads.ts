import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { canonicalEventJson } from '../src/platform/chain/canonical-json';
import { ChainVerifier } from '../src/platform/chain/chain-verifier';
import { GENESIS_HASH_HEX, chainHash } from '../src/platform/chain/event-hash';
import { WrongExpectedVersionError } from '../src/platform/event-store/event-store.errors';
import type {
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
} from '../src/platform/event-store/event-store.port';
import type { JsonObject } from '../src/shared-kernel/json';
import type { PostgresEventStore } from '../src/platform/event-store/postgres/postgres-event-store';
import { PerKeyQueue } from '../src/platform/event-store/per-key-queue';
import { retry } from '../src/platform/retry/retry';
import type { WindowClock } from './load-loop';

export const EVENT_TYPE = 'BuzIssuanceWithheld';
export const DATA_BYTES = 300;

/**
 * A payout withheld, a real event of the wallet (so it passes the event schemas when a workload
 * appends through them), its free-text detail padded to exactly DATA_BYTES of canonical JSON,
 * the size DESIGN §8 assumes.
 */
export const SAMPLE_DATA: JsonObject = padded({
  taskId: '0b9f3c56-58a4-4d7e-8f0a-1e2d3c4b5a69',
  day: '2026-11-24',
  acceptedAt: '2026-11-24T09:15:00.000Z',
  reason: 'DEVICE',
  requestedBuz: '1250',
});

export const SAMPLE_METADATA: EventMetadata = {
  occurredAt: '2026-11-24T00:00:00.000Z',
  actorId: '9c4d2b1a-6e5f-4a3b-8c7d-0e1f2a3b4c5d',
  commandId: null,
  correlationId: null,
  causationId: null,
};

export function sampleEvent(): EventToAppend {
  return { eventId: randomUUID(), type: EVENT_TYPE, data: SAMPLE_DATA, metadata: SAMPLE_METADATA };
}

export function streamFor(writerIndex: number): string {
  return `benchWallet-writer${writerIndex}`;
}

/** The baseline's table: the event log's exact columns, defaults, checks and indexes, but no function in front. */
export const RAW_TABLE_DDL = 'create table raw_events (like events including all)';

/** (a) What a client that hashes for itself pays: one prepared single-row INSERT per event. */
export function rawInsertWriter(pool: pg.Pool, writerIndex: number): () => Promise<void> {
  const streamId = streamFor(writerIndex);
  let revision = 0n;
  let previousHash = GENESIS_HASH_HEX;
  return async () => {
    const eventId = randomUUID();
    const dataText = JSON.stringify(SAMPLE_DATA);
    const metadataText = JSON.stringify(SAMPLE_METADATA);
    const hash = chainHash(previousHash, { streamId, revision, eventId, type: EVENT_TYPE, dataText, metadataText });
    await pool.query({
      name: 'raw_insert',
      text: `insert into raw_events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
             values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      values: [
        streamId,
        revision.toString(),
        eventId,
        EVENT_TYPE,
        dataText,
        metadataText,
        Buffer.from(previousHash, 'hex'),
        Buffer.from(hash, 'hex'),
      ],
    });
    revision += 1n;
    previousHash = hash;
  };
}

/** (b) Our store on a stream the writer owns, so it always knows the exact revision to expect. */
export function ownStreamWriter(store: EventStore, writerIndex: number): () => Promise<void> {
  const streamId = streamFor(writerIndex);
  let expected: ExpectedRevision = 'no_stream';
  return async () => {
    const result = await store.append(streamId, [sampleEvent()], { expectedRevision: expected });
    expected = result.nextExpectedRevision;
  };
}

export const HOT_STREAM = 'benchWallet-hot';
/** A fuse against a livelock bug, not a policy: the bench reports any append that reaches it. */
const MAX_ATTEMPTS = 1000;

export interface HotStreamStats {
  intended: number;
  succeeded: number;
  conflicts: number;
  conflictsInWindow: number;
  gaveUp: number;
  mostAttempts: number;
}

export function newHotStreamStats(): HotStreamStats {
  return { intended: 0, succeeded: 0, conflicts: 0, conflictsInWindow: 0, gaveUp: 0, mostAttempts: 0 };
}

/**
 * (d) A command handler's loop on a shared stream: load the head, decide, append at exactly that
 * revision, and on a conflict load again and retry with the same event (its id comes from the
 * command, so a retry is idempotent). Like decideOnStream, writers of the stream queue in this
 * process (PerKeyQueue), so conflicts only come from outside it. Any other error fails the run.
 */
const hotStreamQueue = new PerKeyQueue();

export function hotStreamWriter(
  store: PostgresEventStore,
  stats: HotStreamStats,
  clock: WindowClock,
): () => Promise<void> {
  return () => hotStreamQueue.run(HOT_STREAM, () => appendWithRetries(store, stats, clock));
}

async function appendWithRetries(store: PostgresEventStore, stats: HotStreamStats, clock: WindowClock): Promise<void> {
  stats.intended += 1;
  const event = sampleEvent();
  const conflicted = (error: unknown) => error instanceof WrongExpectedVersionError;
  const attempt = async (attemptNumber: number) => {
    const head = (await store.readStream(HOT_STREAM, { direction: 'backwards', maxCount: 1 })).at(0);
    try {
      await store.append(HOT_STREAM, [event], { expectedRevision: head ? head.revision : 'no_stream' });
    } catch (error) {
      if (conflicted(error)) {
        stats.conflicts += 1;
        if (clock.measuring()) stats.conflictsInWindow += 1;
      }
      throw error;
    }
    stats.succeeded += 1;
    stats.mostAttempts = Math.max(stats.mostAttempts, attemptNumber);
  };
  try {
    // At once, without a pause: the bench counts how often writers collide, not how they back off.
    await retry(attempt, { attempts: MAX_ATTEMPTS, retryIf: conflicted });
  } catch (error) {
    if (!conflicted(error)) throw error;
    stats.gaveUp += 1;
  }
}

/** Re-reads the hot stream and checks its whole chain: every acknowledged append is there, once, linked. */
export async function verifyHotStream(
  store: PostgresEventStore,
  stats: HotStreamStats,
): Promise<{ events: number; breaks: number }> {
  const events = await store.readStream(HOT_STREAM);
  const verifier = new ChainVerifier();
  const breaks = events.filter((event) => verifier.check(event) !== null).length;
  // The stream was seeded with one event before the writers started.
  if (events.length !== stats.succeeded + 1) {
    throw new Error(`hot stream holds ${events.length} events but ${stats.succeeded + 1} appends were acknowledged`);
  }
  return { events: events.length, breaks };
}

function padded(data: JsonObject): JsonObject {
  const length = canonicalEventJson({ ...data, detail: '' }).length;
  return { ...data, detail: 'x'.repeat(Math.max(0, DATA_BYTES - length)) };
}
