import { HASH_SIZE_BYTES } from '../../platform/chain/merkle';
import { BUNDLE_FILES } from './bundle-format';
import { BundleMalformedError } from './bundle-reader';
import { checkedChunks } from './chunk-checker';
import type { CheckedChunk } from './event-chunk';
import type { LogBreak } from '../verification/log-break';
import type { LogEvent, LogVerifier } from '../verification/log-verifier';

export interface EventsRead {
  firstBreak: LogBreak | null;
  events: number;
  sealedEvents: number;
}

/**
 * Feeds events.jsonl to the verifier in file order, each event's own checks already made by
 * checkedChunks, then the two rules only a bundle needs: no event id twice, and (txId,
 * globalPosition) increasing from line to line. Those two fields carry no trust (nothing signs
 * them); the order check only keeps an edited bundle from passing as an export.
 */
export async function checkEvents(verifier: LogVerifier, filePath: string, options: { threads?: number; onProgress?(eventsChecked: number): void }): Promise<EventsRead> {
  const seen = new Set<string>();
  const order = new FeedOrder();
  let sealedEvents = 0;
  let lines = 0;
  for await (const chunk of checkedChunks(filePath, options.threads)) {
    for (let index = 0; index < chunk.count; index += 1) {
      const event = eventAt(chunk, index);
      const problem = verifier.check(event, precomputedAt(chunk, index, event)) ?? duplicate(seen, event) ?? order.next(chunk, index, event);
      if (problem) return { firstBreak: problem, events: verifier.eventsChecked, sealedEvents };
      if (event.leafIndex !== null) sealedEvents += 1;
    }
    if (chunk.malformed) throw new BundleMalformedError(`${BUNDLE_FILES.events} line ${lines + chunk.malformed.line + 1} ${chunk.malformed.reason}`);
    lines += chunk.count;
    options.onProgress?.(verifier.eventsChecked);
  }
  return { firstBreak: null, events: lines, sealedEvents };
}

function eventAt(chunk: CheckedChunk, index: number): LogEvent {
  const texts = chunk.texts[index];
  const leafIndex = chunk.leafIndexes[index];
  return {
    streamId: chunk.streamIds[index],
    revision: BigInt(chunk.revisions[index]),
    eventId: chunk.eventIds[index],
    type: chunk.types[index],
    // Only the checkpoint stream's texts are still read here; every other event's were checked in its chunk.
    dataText: texts?.[0] ?? '',
    metadataText: texts?.[1] ?? '',
    prevHash: chunk.prevHashes[index],
    hash: chunk.hashes[index],
    leafIndex: leafIndex === -1 ? null : leafIndex,
    leafHash: chunk.leafHashes[index],
  };
}

function precomputedAt(chunk: CheckedChunk, index: number, event: LogEvent) {
  return {
    leaf: chunk.leaves.subarray(index * HASH_SIZE_BYTES, (index + 1) * HASH_SIZE_BYTES),
    // Where no mismatch was found the recomputed leaf equals the stored one (or there is none).
    leafHex: chunk.leafMismatches[index] ?? event.leafHash ?? '',
    content: chunk.contentProblems[index] ?? null,
  };
}

function duplicate(seen: Set<string>, event: LogEvent): LogBreak | null {
  if (!seen.has(event.eventId)) {
    seen.add(event.eventId);
    return null;
  }
  return { problem: 'DUPLICATE_EVENT_ID', streamId: event.streamId, revision: event.revision.toString(), expected: 'an event id not used before', actual: event.eventId, detail: 'this event id was already used by an earlier event of the bundle' };
}

/** (txId, globalPosition) as unsigned decimals, strictly increasing. */
class FeedOrder {
  private txId = '';
  private position = '';

  next(chunk: CheckedChunk, index: number, event: LogEvent): LogBreak | null {
    const txId = chunk.txIds[index];
    const position = chunk.globalPositions[index];
    const increasing = this.txId === '' || compareDecimal(txId, this.txId) > 0 || (txId === this.txId && compareDecimal(position, this.position) > 0);
    if (!increasing) {
      const detail = "this line's (txId, globalPosition) does not come after the previous line's: the lines are not in the order the ledger exported them";
      return { problem: 'FEED_ORDER', streamId: event.streamId, revision: event.revision.toString(), expected: `after ${this.txId}:${this.position}`, actual: `${txId}:${position}`, detail };
    }
    this.txId = txId;
    this.position = position;
    return null;
  }
}

/** Decimal strings without leading zeros compare by length, then digit by digit. */
function compareDecimal(left: string, right: string): number {
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}
