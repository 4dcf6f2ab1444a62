/**
 * How our events are laid out inside EventStoreDB, and back. The storage format is documented in
 * eventstoredb-event-store.ts; this file only converts between it and the port's types.
 */
import {
  binaryEvent,
  type EventData,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { canonicalEventJson, canonicalJson } from '../../chain/canonical-json';
import { chainHash } from '../../chain/event-hash';
import type { EventMetadata, EventToAppend, GlobalPosition, RecordedEvent } from '../event-store.port';
import type { JsonObject } from '../../../shared-kernel/json';

/** An event whose data and metadata have been canonicalized once, before any retry loop. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
}

export interface ChainedEvent extends PreparedEvent {
  revision: bigint;
  prevHash: string;
  hash: string;
}

/** A record in EventStoreDB that this adapter did not write, or that no longer reads as it was written. */
export class UnreadableEventError extends Error {
  constructor(streamId: string, revision: bigint, reason: string) {
    super(`Event ${streamId}@${revision.toString()} in EventStoreDB is not a ledger event: ${reason}`);
    this.name = 'UnreadableEventError';
  }
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const POSITION_PATTERN = /^(\d{1,20}):(\d{1,20})$/;
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

export function prepareEvents(events: readonly EventToAppend[]): PreparedEvent[] {
  return events.map((event) => ({
    eventId: event.eventId,
    type: event.type,
    dataText: canonicalEventJson(event.data),
    metadataText: canonicalEventJson(event.metadata),
  }));
}

/** Hashes a batch onto the stream head; `firstRevision` is the head revision + 1 (0 for a new stream). */
export function chainEvents(
  streamId: string,
  headHash: string,
  firstRevision: bigint,
  batch: readonly PreparedEvent[],
): ChainedEvent[] {
  let prevHash = headHash;
  return batch.map((event, index) => {
    const revision = firstRevision + BigInt(index);
    const hash = chainHash(prevHash, { streamId, revision, ...event });
    const chained = { ...event, revision, prevHash, hash };
    prevHash = hash;
    return chained;
  });
}

/**
 * ESDB custom metadata: JCS of `{chain: {hash, prevHash}, metadata}`, built by concatenation like
 * canonicalEnvelope: keys are in JCS order, the hashes are hex, and metadataText is canonical already,
 * so the stored bytes contain metadataText verbatim.
 */
export function storedMetadataText(event: ChainedEvent): string {
  return `{"chain":{"hash":"${event.hash}","prevHash":"${event.prevHash}"},"metadata":${event.metadataText}}`;
}

/**
 * A binary event: the client JSON.stringify()s `application/json` data, which would reorder
 * integer-like keys, so only `application/octet-stream` stores dataText byte for byte. Both buffers
 * must be plain Uint8Array (not Buffer): the client only passes metadata through untouched when
 * `metadata.constructor === Uint8Array`.
 */
export function toEventData(event: ChainedEvent): EventData {
  return binaryEvent({
    id: event.eventId,
    type: event.type,
    data: utf8Encoder.encode(event.dataText),
    metadata: utf8Encoder.encode(storedMetadataText(event)),
  });
}

export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const fail = (reason: string) => new UnreadableEventError(event.streamId, event.revision, reason);
  if (event.isJson || !(event.data instanceof Uint8Array)) throw fail('data is not stored as raw canonical bytes');
  if (!event.position) throw fail('the server returned no position (EventStoreDB older than 22.6?)');
  const dataText = decodeUtf8(event.data, fail);
  const data = parseJsonObject(dataText, fail);
  const { chain, metadata } = readStoredMetadata(event.metadata, fail);
  return {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.id,
    type: event.type,
    data,
    metadata,
    dataText,
    // The client hands custom metadata back already JSON.parse()d (it never exposes the bytes of
    // metadata that parses), so the hashed text is re-derived. canonicalJson(JSON.parse(t)) === t
    // for any t that canonicalJson produced, which is all this adapter ever writes.
    metadataText: canonicalJson(metadata),
    position: formatPosition(event.position),
    prevHash: chain.prevHash,
    hash: chain.hash,
  };
}

/** The reserved category of the event-id claim streams (eventstoredb-event-ids.ts). */
export const EVENT_ID_CLAIM_CATEGORY = 'ledgerEventId';

/** What the feed shows: neither EventStoreDB's own records (`$` streams and types) nor id claims. */
export function isLedgerEvent(event: Pick<EsdbRecordedEvent, 'streamId' | 'type'>): boolean {
  const { streamId, type } = event;
  return !streamId.startsWith('$') && !type.startsWith('$') && !streamId.startsWith(`${EVENT_ID_CLAIM_CATEGORY}-`);
}

export function sameContent(stored: RecordedEvent, requested: PreparedEvent): boolean {
  return (
    stored.eventId === requested.eventId &&
    stored.type === requested.type &&
    stored.dataText === requested.dataText &&
    stored.metadataText === requested.metadataText
  );
}

export function formatPosition(position: Position): GlobalPosition {
  return `${position.commit.toString()}:${position.prepare.toString()}`;
}

/** Parses a position this adapter produced; `null`/absent means the start of the feed. */
export function parsePosition(position: GlobalPosition | null | undefined): Position | null {
  if (position === null || position === undefined) return null;
  const match = POSITION_PATTERN.exec(position);
  if (!match) throw new TypeError(`"${position}" is not an EventStoreDB position ("<commit>:<prepare>")`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/** $all is ordered by commit position, then prepare position. */
export function comparePositions(left: Position, right: Position): number {
  if (left.commit !== right.commit) return left.commit < right.commit ? -1 : 1;
  if (left.prepare !== right.prepare) return left.prepare < right.prepare ? -1 : 1;
  return 0;
}

function decodeUtf8(bytes: Uint8Array, fail: (reason: string) => Error): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw fail('data is not valid UTF-8');
  }
}

function parseJsonObject(text: string, fail: (reason: string) => Error): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail('data is not JSON');
  }
  if (!isPlainObject(value)) throw fail('data is not a JSON object');
  return value as JsonObject;
}

function readStoredMetadata(
  stored: unknown,
  fail: (reason: string) => Error,
): { chain: { prevHash: string; hash: string }; metadata: EventMetadata } {
  if (!isPlainObject(stored) || !isPlainObject(stored.chain) || !isPlainObject(stored.metadata)) {
    throw fail('metadata is not {chain, metadata}');
  }
  const { prevHash, hash } = stored.chain;
  if (
    typeof prevHash !== 'string' ||
    !HASH_PATTERN.test(prevHash) ||
    typeof hash !== 'string' ||
    !HASH_PATTERN.test(hash)
  ) {
    throw fail('chain hashes are not 64 lowercase hex digits');
  }
  return { chain: { prevHash, hash }, metadata: stored.metadata as EventMetadata };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
