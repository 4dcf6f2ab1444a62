import type { GlobalPosition } from './event-store.port';

/**
 * Both adapters write a feed position as two unsigned integers, `"<a>:<b>"`, ordered by a then b
 * (PostgreSQL: transaction id and position; EventStoreDB: commit and prepare position). Followers
 * compare them (the shared feed, the live stream's checkpoint gate and its Last-Event-ID resume);
 * only the adapters build them.
 */
export const FEED_POSITION_PATTERN = /^(\d{1,20}):(\d{1,20})$/;

function parse(position: GlobalPosition): [bigint, bigint] {
  const match = FEED_POSITION_PATTERN.exec(position);
  if (!match) throw new Error(`Not a feed position: "${position}"`);
  return [BigInt(match[1]), BigInt(match[2])];
}

/** Total order; `null` (the start of the feed) comes before every position. */
export function comparePositions(a: GlobalPosition | null, b: GlobalPosition | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const [leftMajor, leftMinor] = parse(a);
  const [rightMajor, rightMinor] = parse(b);
  if (leftMajor !== rightMajor) return leftMajor < rightMajor ? -1 : 1;
  return leftMinor === rightMinor ? 0 : leftMinor < rightMinor ? -1 : 1;
}
