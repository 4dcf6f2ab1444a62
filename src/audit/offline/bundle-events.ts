import { HASH_SIZE_BYTES } from '../../platform/chain/merkle';
import { BUNDLE_FILES } from './bundle-format';
import { BundleMalformedError } from './bundle-reader';
import { checkedChunks, type ReadChunk } from './chunk-checker';
import { FAST_FIELDS, FastField } from './fast-event-line';
import type { LogBreak } from '../verification/log-break';
import type { LogEvent, LogVerifier, PrecomputedChecks } from '../verification/log-verifier';

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
export async function checkEvents(
  verifier: LogVerifier,
  filePath: string,
  options: { threads?: number; onProgress?(eventsChecked: number): void },
): Promise<EventsRead> {
  const seen = new Set<string>();
  const order = new FeedOrder();
  let sealedEvents = 0;
  let lines = 0;
  for await (const read of checkedChunks(filePath, options.threads)) {
    const chunk = read.checked;
    for (let index = 0; index < chunk.count; index += 1) {
      const line = lineAt(read, index);
      const event = line.event;
      const problem =
        verifier.check(event, line.precomputed) ??
        duplicate(seen, event) ??
        order.next(line.txId, line.globalPosition, event);
      if (problem) return { firstBreak: problem, events: verifier.eventsChecked, sealedEvents };
      if (event.leafIndex !== null) sealedEvents += 1;
    }
    if (chunk.malformed)
      throw new BundleMalformedError(
        `${BUNDLE_FILES.events} line ${lines + chunk.malformed.line + 1} ${chunk.malformed.reason}`,
      );
    lines += chunk.count;
    options.onProgress?.(verifier.eventsChecked);
  }
  return { firstBreak: null, events: lines, sealedEvents };
}

export interface CheckedLine {
  event: LogEvent;
  precomputed: PrecomputedChecks;
  txId: string;
  globalPosition: string;
}

const HEX_DIGITS = 2 * HASH_SIZE_BYTES;

/** Line `index` of the chunk as the verifier takes it: read from the chunk's bytes where the fast path passed it. */
export function lineAt({ bytes, checked: chunk }: ReadChunk, index: number): CheckedLine {
  const leaf = chunk.leaves.subarray(index * HASH_SIZE_BYTES, (index + 1) * HASH_SIZE_BYTES);
  const slow = chunk.slow[index];
  if (slow) {
    const texts = chunk.texts[index];
    const event = {
      ...slow,
      revision: BigInt(slow.revision),
      dataText: texts?.[0] ?? '',
      metadataText: texts?.[1] ?? '',
    };
    // Where no mismatch was found the recomputed leaf equals the stored one (or there is none).
    const precomputed = {
      leaf,
      leafHex: chunk.leafMismatches[index] ?? slow.leafHash ?? '',
      content: chunk.contentProblems[index] ?? null,
    };
    return { event, precomputed, txId: slow.txId, globalPosition: slow.globalPosition };
  }
  const at = index * FAST_FIELDS;
  const fields = chunk.fields;
  const leafHashAt = fields[at + FastField.LeafHashStart];
  const leafIndex = chunk.numbers[2 * index + 1];
  const leafHash = leafHashAt === -1 ? null : bytes.toString('latin1', leafHashAt, leafHashAt + HEX_DIGITS);
  const event: LogEvent = {
    streamId: bytes.toString('utf8', fields[at + FastField.StreamIdStart], fields[at + FastField.StreamIdEnd]),
    revision: BigInt(chunk.numbers[2 * index]),
    eventId: bytes.toString('utf8', fields[at + FastField.EventIdStart], fields[at + FastField.EventIdEnd]),
    type: bytes.toString('utf8', fields[at + FastField.TypeStart], fields[at + FastField.TypeEnd]),
    // The fast path never takes a checkpoint-stream event, the only one whose texts are read here.
    dataText: '',
    metadataText: '',
    prevHash: bytes.toString(
      'latin1',
      fields[at + FastField.PrevHashStart],
      fields[at + FastField.PrevHashStart] + HEX_DIGITS,
    ),
    hash: bytes.toString('latin1', fields[at + FastField.HashStart], fields[at + FastField.HashStart] + HEX_DIGITS),
    leafIndex: leafIndex === -1 ? null : leafIndex,
    leafHash,
  };
  // The fast path passed the line only when its stored leaf hash is the recomputed one and its content holds.
  return {
    event,
    precomputed: { leaf, leafHex: leafHash ?? '', content: null },
    txId: bytes.toString('latin1', fields[at + FastField.TxIdStart], fields[at + FastField.TxIdEnd]),
    globalPosition: bytes.toString('latin1', fields[at + FastField.PositionStart], fields[at + FastField.PositionEnd]),
  };
}

function duplicate(seen: Set<string>, event: LogEvent): LogBreak | null {
  if (!seen.has(event.eventId)) {
    seen.add(event.eventId);
    return null;
  }
  return {
    problem: 'DUPLICATE_EVENT_ID',
    streamId: event.streamId,
    revision: event.revision.toString(),
    expected: 'an event id not used before',
    actual: event.eventId,
    detail: 'this event id was already used by an earlier event of the bundle',
  };
}

/** (txId, globalPosition) as unsigned decimals, strictly increasing. */
class FeedOrder {
  private txId = '';
  private position = '';

  next(txId: string, position: string, event: LogEvent): LogBreak | null {
    const increasing =
      this.txId === '' ||
      compareDecimal(txId, this.txId) > 0 ||
      (txId === this.txId && compareDecimal(position, this.position) > 0);
    if (!increasing) {
      const detail =
        "this line's (txId, globalPosition) does not come after the previous line's: the lines are not in the order the ledger exported them";
      return {
        problem: 'FEED_ORDER',
        streamId: event.streamId,
        revision: event.revision.toString(),
        expected: `after ${this.txId}:${this.position}`,
        actual: `${txId}:${position}`,
        detail,
      };
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
