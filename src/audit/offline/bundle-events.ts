import { BUNDLE_FILES } from './bundle-format';
import { BundleMalformedError } from './bundle-reader';
import { ByteStringSet } from './byte-string-set';
import type { ChunkCheckers } from './chunk-checker';
import { lineAt, type CheckedLine, type LineEvent } from './chunk-line';
import type { LogBreak } from '../verification/log-break';
import type { RunningDigest } from './file-digest';
import type { LogVerifier } from '../verification/log-verifier';

export interface EventsRead {
  firstBreak: LogBreak | null;
  events: number;
  sealedEvents: number;
}

/**
 * Feeds events.jsonl to the verifier in file order, each event's own checks already made by
 * ChunkCheckers, then the two rules only a bundle needs: no event id twice, and (txId,
 * globalPosition) increasing from line to line. Those two fields carry no trust (nothing signs
 * them); the order check only keeps an edited bundle from passing as an export.
 */
export async function checkEvents(
  verifier: LogVerifier<LineEvent>,
  filePath: string,
  options: { checkers: ChunkCheckers; digest?: RunningDigest; onProgress?(eventsChecked: number): void },
): Promise<EventsRead> {
  const seen = new ByteStringSet();
  const order = new FeedOrder();
  let sealedEvents = 0;
  let lines = 0;
  for await (const read of options.checkers.checked(filePath, options.digest)) {
    const chunk = read.checked;
    for (let index = 0; index < chunk.count; index += 1) {
      const line = lineAt(read, index);
      const event = line.event;
      const problem = verifier.check(event, line.precomputed) ?? duplicate(seen, line) ?? order.next(line);
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

/** Ids compared as their bytes where the line holds them: no string per line, none kept. */
function duplicate(seen: ByteStringSet, line: CheckedLine): LogBreak | null {
  if (seen.add(line.lineBytes, line.eventIdStart, line.eventIdEnd)) return null;
  const event = line.event;
  return {
    problem: 'DUPLICATE_EVENT_ID',
    streamId: event.streamId,
    revision: event.revision.toString(),
    expected: 'an event id not used before',
    actual: event.eventId,
    detail: 'this event id was already used by an earlier event of the bundle',
  };
}

/**
 * (txId, globalPosition) as unsigned decimals, strictly increasing; compared as the lines' bytes,
 * where each line's digits sit, so that no string is made for either per line.
 */
class FeedOrder {
  private last: CheckedLine | null = null;

  next(line: CheckedLine): LogBreak | null {
    const last = this.last;
    this.last = line;
    if (last === null) return null;
    const byTxId = compareDecimal(line, line.txIdStart, line.txIdEnd, last, last.txIdStart, last.txIdEnd);
    const increasing =
      byTxId > 0 ||
      (byTxId === 0 &&
        compareDecimal(line, line.positionStart, line.positionEnd, last, last.positionStart, last.positionEnd) > 0);
    if (increasing) return null;
    return {
      problem: 'FEED_ORDER',
      streamId: line.event.streamId,
      revision: line.event.revision.toString(),
      expected: `after ${last.txId}:${last.globalPosition}`,
      actual: `${line.txId}:${line.globalPosition}`,
      detail:
        "this line's (txId, globalPosition) does not come after the previous line's: the lines are not in the order the ledger exported them",
    };
  }
}

/** Decimal digits without leading zeros compare by length, then digit by digit. */
function compareDecimal(
  left: CheckedLine,
  leftStart: number,
  leftEnd: number,
  right: CheckedLine,
  rightStart: number,
  rightEnd: number,
): number {
  const length = leftEnd - leftStart;
  if (length !== rightEnd - rightStart) return length - (rightEnd - rightStart);
  for (let offset = 0; offset < length; offset += 1) {
    const difference = left.lineBytes[leftStart + offset] - right.lineBytes[rightStart + offset];
    if (difference !== 0) return difference;
  }
  return 0;
}
