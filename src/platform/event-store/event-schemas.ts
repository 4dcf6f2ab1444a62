import type { z } from 'zod';
import type { EventToAppend, RecordedEvent } from './event-store.port';
import type { JsonObject } from '../../shared-kernel/json';

/**
 * Lifts one event's data from version n to n + 1. Pure and total: replays, projections and
 * auditors must all see the same data for the same stored bytes, now and in ten years.
 */
export type Upcaster = (data: JsonObject) => JsonObject;

/** One event type's contract: the version written today, its shape, and how older versions reach it. */
export interface EventSchema<Data extends JsonObject = JsonObject> {
  /** The version every append is written at, from 1; recorded as `metadata.schemaVersion`. */
  version: number;
  /** The shape of `version`, checked on every append (strict: a field it does not name is refused). */
  schema: z.ZodType<Data>;
  /** `upcasters[n - 1]` lifts version n to n + 1, so there are exactly `version - 1` of them. */
  upcasters: readonly Upcaster[];
}

/**
 * Every event type of a context and its schema, one entry per member of the context's event
 * union: leaving a type out, or a schema whose output is not the type's data, is a type error.
 */
export type EventSchemasOf<Event extends { type: string; data: JsonObject }> = {
  [Type in Event['type']]: EventSchema<Extract<Event, { type: Type }>['data']>;
};

/** Events stored before versions were recorded carry no `schemaVersion`: they are version 1. */
export const UNVERSIONED = 1;

/**
 * An append that breaks its type's schema, or of a type with none. Never the client's fault:
 * the command handler built an event its own context does not allow, so this is a bug, answered
 * as a 500 (INTERNAL) and logged, and the event never reaches the log. The message names the
 * fields, never their values, which could hold what must not be logged.
 */
export class EventSchemaError extends Error {
  constructor(
    message: string,
    readonly details: { type: string; streamId?: string; issues?: string[] },
  ) {
    super(message);
    this.name = 'EventSchemaError';
  }
}

export function versionOf(event: Pick<RecordedEvent, 'metadata'>): number {
  const version = event.metadata.schemaVersion;
  return typeof version === 'number' ? version : UNVERSIONED;
}

/** The schema of every event type the ledger writes, and the way from any stored version to today's. */
export class EventSchemaRegistry {
  private readonly schemas: ReadonlyMap<string, EventSchema>;

  /** Each context's schemas; a type registered twice is refused, since one would silently win. */
  constructor(groups: readonly Readonly<Record<string, EventSchema>>[]) {
    const schemas = new Map<string, EventSchema>();
    for (const [type, entry] of groups.flatMap((group) => Object.entries(group))) {
      if (schemas.has(type)) throw new Error(`Event type ${type} has two schemas`);
      if (!Number.isInteger(entry.version) || entry.version < 1 || entry.upcasters.length !== entry.version - 1) {
        throw new Error(
          `Event type ${type} is at version ${entry.version} with ${entry.upcasters.length} upcasters; it needs version - 1 of them`,
        );
      }
      schemas.set(type, entry);
    }
    this.schemas = schemas;
  }

  get types(): string[] {
    return [...this.schemas.keys()].sort();
  }

  schemaOf(type: string): EventSchema | undefined {
    return this.schemas.get(type);
  }

  /** The event as it is to be stored, stamped with its schema version; throws if it breaks its schema. */
  checked(streamId: string, event: EventToAppend): EventToAppend {
    const entry = this.schemas.get(event.type);
    if (!entry)
      throw new EventSchemaError(`Event type ${event.type} has no schema: register one before writing it`, {
        type: event.type,
        streamId,
      });
    const result = entry.schema.safeParse(event.data);
    if (!result.success) {
      const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`);
      throw new EventSchemaError(`${event.type} v${entry.version} breaks its schema: ${issues.join('; ')}`, {
        type: event.type,
        streamId,
        issues,
      });
    }
    return { ...event, metadata: { ...event.metadata, schemaVersion: entry.version } };
  }

  /**
   * The event with its data lifted to today's version. Only `data` changes: `dataText`,
   * `metadata` and the hashes stay what was stored and chained, so verification is untouched.
   * A type without a schema is passed as it is (the log may hold events this release never writes).
   */
  upcast(event: RecordedEvent): RecordedEvent {
    const entry = this.schemas.get(event.type);
    const stored = versionOf(event);
    if (!entry || stored === entry.version) return event;
    if (stored > entry.version) {
      throw new EventSchemaError(
        `${event.type} ${event.eventId} is at version ${stored}, newer than this release's ${entry.version}: upgrade before reading it`,
        { type: event.type, streamId: event.streamId },
      );
    }
    return { ...event, data: this.lift(entry, event.data, stored) };
  }

  /** Stored data of `version` lifted to today's version and held to today's schema: what the tests check every stored event with. */
  parseStored(type: string, data: JsonObject, version: number): z.ZodSafeParseResult<JsonObject> | null {
    const entry = this.schemas.get(type);
    if (!entry || version < 1 || version > entry.version) return null;
    return entry.schema.safeParse(this.lift(entry, data, version));
  }

  private lift(entry: EventSchema, data: JsonObject, from: number): JsonObject {
    return entry.upcasters.slice(from - 1).reduce((lifted, upcaster) => upcaster(lifted), data);
  }
}
