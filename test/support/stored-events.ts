import type pg from 'pg';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { versionOf } from '../../src/platform/event-store/event-schemas';
import type { EventMetadata } from '../../src/platform/event-store/event-store.port';
import type { JsonObject } from '../../src/shared-kernel/json';

export interface StoredEventsCheck {
  /** Every type in the log. */
  types: Set<string>;
  /** One line per event that has no schema or does not parse against it (after upcasting). */
  problems: string[];
  /** `type (id)` of each event stored without a schema version: not written through the schema check. */
  unversioned: string[];
}

/** Reads the whole log as stored and holds each event, at the version it was written, to today's schema of its type. */
export async function checkStoredEvents(pool: pg.Pool): Promise<StoredEventsCheck> {
  const { rows } = await pool.query<{ event_id: string; type: string; data: string; metadata: string }>(
    'select event_id, type, data, metadata from events order by global_position',
  );
  const types = new Set<string>();
  const problems: string[] = [];
  const unversioned: string[] = [];
  for (const row of rows) {
    types.add(row.type);
    const metadata = JSON.parse(row.metadata) as EventMetadata;
    if (!Object.hasOwn(metadata, 'schemaVersion')) unversioned.push(`${row.type} (${row.event_id})`);
    const version = versionOf({ metadata });
    const parsed = EVENT_SCHEMAS.parseStored(row.type, JSON.parse(row.data) as JsonObject, version);
    if (parsed === null)
      problems.push(`${row.type} v${version} (${row.event_id}): no schema for this type and version`);
    else if (!parsed.success)
      problems.push(
        `${row.type} v${version} (${row.event_id}): ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
  }
  return { types, problems, unversioned };
}
