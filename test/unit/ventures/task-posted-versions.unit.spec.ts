import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../../src/event-schemas';
import type { EventMetadata, RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import type { JsonObject } from '../../../src/shared-kernel/json';
import { anEvent, metadata } from '../../support/events';
import { draft } from '../../support/ventures';

const v1 = {
  taskId: 't1',
  ventureId: 'v1',
  title: 'Export the meter data',
  tier: 'B',
  kind: 'feature',
  severity: null,
};
const v2 = { ...v1, description: 'A CSV per roof', acceptanceCriteria: null, dueDate: '2027-01-15' };

/** TaskPosted as the log stored it, at `schemaVersion` (1: written before versions were recorded). */
function stored(data: JsonObject, schemaVersion?: number): RecordedEvent {
  const meta: EventMetadata = metadata(schemaVersion === undefined ? {} : { schemaVersion });
  return {
    streamId: 'task-t1',
    revision: 0n,
    eventId: 'e1',
    type: 'TaskPosted',
    data,
    metadata: meta,
    dataText: JSON.stringify(data),
    metadataText: JSON.stringify(meta),
    position: '1:1',
    prevHash: '00',
    hash: 'ab',
  };
}

describe('TaskPosted v1 → v2 → v3 (tasks from before they named skills)', () => {
  it('gives a v2 task skills [] and keeps its details; a v1 task gets both', () => {
    expect(EVENT_SCHEMAS.upcast(stored(v2, 2)).data).toEqual({ ...v2, skills: [] });
    expect(EVENT_SCHEMAS.upcast(stored(v1)).data).toEqual({
      ...v1,
      description: null,
      acceptanceCriteria: null,
      dueDate: null,
      skills: [],
    });
    const v3 = draft({ skills: ['typescript'] });
    expect(EVENT_SCHEMAS.upcast(stored(v3, 3)).data).toEqual(v3);
  });

  it('writes v3, which needs skills: catalog slugs, at most 5', () => {
    const check = (data: JsonObject) => EVENT_SCHEMAS.checked('task-t1', anEvent('TaskPosted', data));
    expect(check(draft({ skills: ['typescript', 'sql'] })).metadata.schemaVersion).toBe(3);
    expect(() => check(v2)).toThrow(/skills/);
    expect(() => check(draft({ skills: ['a', 'b', 'c', 'd', 'e', 'f'] }))).toThrow(/skills/);
    expect(() => check(draft({ skills: ['Type Script'] }))).toThrow(/skill slug/);
  });
});
