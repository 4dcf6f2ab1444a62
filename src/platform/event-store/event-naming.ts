import { InvalidAppendError } from './event-store.errors';
import type { EventToAppend } from './event-store.port';

/**
 * Stream ids are `category-id`. Both parts, event types and event ids use only characters that
 * JSON never escapes, so ids read the same in URLs, logs and the chain envelope (which escapes
 * them all the same: docs/AUDIT-BUNDLE.md §2). The database enforces the same patterns.
 */
export const STREAM_ID_PATTERN = /^[a-z][a-zA-Z0-9]*-[A-Za-z0-9_.:-]{1,200}$/;
export const EVENT_TYPE_PATTERN = /^[A-Z][A-Za-z0-9]{0,99}$/;
export const EVENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function categoryOf(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

export function assertValidAppend(streamId: string, events: readonly EventToAppend[]): void {
  if (!STREAM_ID_PATTERN.test(streamId)) {
    throw new InvalidAppendError(`Stream id "${streamId}" is not of the form category-id`, { streamId });
  }
  if (events.length === 0) throw new InvalidAppendError('An append needs at least one event', { streamId });
  const seen = new Set<string>();
  for (const event of events) {
    if (!EVENT_ID_PATTERN.test(event.eventId)) {
      throw new InvalidAppendError(`Event id "${event.eventId}" is not a lowercase UUID`, { eventId: event.eventId });
    }
    if (!EVENT_TYPE_PATTERN.test(event.type)) {
      throw new InvalidAppendError(`Event type "${event.type}" is not PascalCase`, { type: event.type });
    }
    if (seen.has(event.eventId)) throw new InvalidAppendError(`Event id ${event.eventId} appears twice in one append`);
    seen.add(event.eventId);
  }
}
