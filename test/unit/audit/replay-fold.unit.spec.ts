import { describe, expect, it } from 'vitest';
import { fieldDifferences } from '../../../src/audit/replay/read-model-check';
import { ReplayFold, type ReplayTarget } from '../../../src/audit/replay/replay-fold';
import { replayEntry } from '../../../src/audit/replay/replay-registry';
import { ReplayFailedError } from '../../../src/audit/replay/replay.errors';
import { stateJson } from '../../../src/audit/replay/state-json';
import type { JsonObject } from '../../../src/shared-kernel/json';
import type { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { metadata } from '../../support/events';

const wallet = 'wallet-7f000000-0000-4000-8000-000000000001';

function recorded(revision: number, type: string, data: JsonObject, occurredAt: string): RecordedEvent {
  return {
    streamId: wallet,
    revision: BigInt(revision),
    eventId: `e${revision}`,
    type,
    data,
    metadata: metadata({ occurredAt }),
    dataText: '',
    metadataText: '',
    position: '',
    prevHash: '',
    hash: '',
  };
}

/** Given: 100 BUZ in January, 50 in February, 30 locked in March. */
const history = [
  recorded(0, 'BuzAdjusted', { amountBuz: '100', reason: 'opening' }, '2026-01-10T09:00:00.000Z'),
  recorded(1, 'BuzAdjusted', { amountBuz: '50', reason: 'bonus' }, '2026-02-10T09:00:00.000Z'),
  recorded(2, 'BuzLocked', { amountBuz: '30', conversionId: 'c1' }, '2026-03-01T09:00:00.000Z'),
];

function replay(target: ReplayTarget, events = history) {
  const fold = new ReplayFold(replayEntry('wallet'), target, events[events.length - 1].revision);
  for (const event of events) if (!fold.take(event)) break;
  return fold.result();
}

describe('replaying a wallet through its evolve', () => {
  it('shows the balance at a moment: the events that occurred by then, and no later one', () => {
    const folded = replay({ at: new Date('2026-01-31T23:59:59Z') });
    expect(stateJson(folded.state)).toMatchObject({ balanceBuz: '100', lockedBuz: '0' });
    expect(folded).toMatchObject({ eventsApplied: 1, reachedHead: false });
  });

  it('shows the state at a revision, and the whole stream without a target', () => {
    expect(stateJson(replay({ atRevision: 1n }).state)).toMatchObject({ balanceBuz: '150', lockedBuz: '0' });
    const head = replay({});
    expect(stateJson(head.state)).toEqual({ balanceBuz: '150', lockedBuz: '30', issuedByDay: {} });
    expect(head).toMatchObject({ eventsApplied: 3, reachedHead: true });
  });

  it('before the first event, is the initial state with nothing applied', () => {
    const folded = replay({ at: new Date('2025-12-31T00:00:00Z') });
    expect(folded).toMatchObject({ eventsApplied: 0, lastApplied: null, reachedHead: false });
    expect(stateJson(folded.state)).toMatchObject({ balanceBuz: '0' });
  });

  it('stops at the first event stamped after the moment, even if a later one is stamped earlier', () => {
    const skewed = [
      ...history.slice(0, 2),
      recorded(2, 'BuzAdjusted', { amountBuz: '7', reason: 'late' }, '2026-01-01T00:00:00.000Z'),
    ];
    expect(replay({ at: new Date('2026-01-31T00:00:00Z') }, skewed).eventsApplied).toBe(1);
  });

  it('names the revision and type of an event the domain cannot replay', () => {
    const alien = [...history, recorded(3, 'SomethingHappened', { value: 1 }, '2026-03-02T00:00:00.000Z')];
    expect(() => replay({}, alien)).toThrow(ReplayFailedError);
    expect(() => replay({}, alien)).toThrow(/revision 3 \(SomethingHappened\)/);
  });
});

describe('comparing a replayed state with a read-model row', () => {
  it('lists each field that differs, and every field when the row is missing', () => {
    const replayed = { balanceBuz: '150', lockedBuz: '30', roles: ['auditor', 'member'] };
    expect(fieldDifferences(replayed, { balanceBuz: '999', lockedBuz: '30', roles: ['auditor', 'member'] })).toEqual([
      { field: 'balanceBuz', replayed: '150', readModel: '999' },
    ]);
    expect(fieldDifferences(replayed, null).map((difference) => difference.field)).toEqual([
      'balanceBuz',
      'lockedBuz',
      'roles',
    ]);
  });
});
