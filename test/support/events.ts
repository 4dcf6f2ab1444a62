import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventToAppend } from '../../src/platform/event-store/event-store.port';
import type { JsonObject } from '../../src/shared-kernel/json';

export const FIXED_NOW = '2026-11-24T00:00:00.000Z';

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    occurredAt: FIXED_NOW,
    actorId: null,
    commandId: null,
    correlationId: null,
    causationId: null,
    ...overrides,
  };
}

/** An event with a fresh id; pass `data` to vary content. */
export function anEvent(type = 'SomethingHappened', data: JsonObject = { value: 1 }): EventToAppend {
  return { eventId: randomUUID(), type, data, metadata: metadata() };
}

export function someEvents(count: number, type = 'SomethingHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => anEvent(type, { index }));
}

/** A stream id no other test (or earlier run against a shared EventStoreDB) has used. */
export function uniqueStream(category = 'test'): string {
  return `${category}-${randomUUID()}`;
}
