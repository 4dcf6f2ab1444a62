import { describe, expect, it } from 'vitest';
import type { WindowCommand } from '../../../src/conversion/domain/window.decide';
import {
  CLOSES_AT,
  DURING,
  OPENS_AT,
  closed,
  filed,
  opened,
  scheduled,
  windowIndexSpec,
  windowSpec,
} from '../../support/conversion-events';

const plan = {
  windowId: 'w1',
  ventureId: 'v1',
  opensAt: OPENS_AT,
  closesAt: CLOSES_AT,
  equityRateBps: 100n,
  poolCapBps: null,
  scheduledBy: 'b1',
};
const advance = (at: string | Date): WindowCommand => ({ type: 'AdvanceWindow', now: new Date(at) });
const file = (conversionId = 'c1', now = DURING): WindowCommand => ({
  type: 'FileConversion',
  windowId: 'w1',
  conversionId,
  now,
});
const request = (conversionId: string, userId: string, amountBuz: bigint) => ({ conversionId, userId, amountBuz });
const finalize = (approved = [request('c1', 'u1', 15_050n)], pending = [request('c2', 'u2', 300n)]): WindowCommand => ({
  type: 'FinalizeWindow',
  windowId: 'w1',
  approved,
  pending,
  finalizedBy: 'b1',
  pool: { leftBps: 10_000n, drawnBps: null },
});

describe('scheduling a window', () => {
  it('records the plan, with rates as decimal strings', () => {
    windowSpec.given().when({ type: 'ScheduleWindow', plan }).then(scheduled);
  });

  it('refuses a window that closes before it opens, and writes nothing when scheduled already', () => {
    windowSpec
      .given()
      .when({ type: 'ScheduleWindow', plan: { ...plan, closesAt: OPENS_AT } })
      .thenThrows({ httpStatus: 400, code: 'WINDOW_DATES' });
    windowSpec.given(scheduled).when({ type: 'ScheduleWindow', plan }).thenNothingHappened();
  });

  it('lists a window on the index once', () => {
    windowIndexSpec
      .given()
      .when({ type: 'ListWindow', windowId: 'w1' })
      .then({ type: 'WindowListed', data: { windowId: 'w1' } });
    windowIndexSpec
      .given({ type: 'WindowListed', data: { windowId: 'w1' } })
      .when({ type: 'ListWindow', windowId: 'w1' })
      .thenNothingHappened();
  });
});

describe('the job advancing a window on time', () => {
  it('opens at opensAt and closes at closesAt, and does nothing before', () => {
    windowSpec.given(scheduled).when(advance('2026-11-30T23:59:59.999Z')).thenNothingHappened();
    windowSpec
      .given(scheduled)
      .when(advance(OPENS_AT))
      .then({ type: 'WindowOpened', data: { at: OPENS_AT } });
    windowSpec.given(scheduled, opened).when(advance(DURING)).thenNothingHappened();
    windowSpec
      .given(scheduled, opened)
      .when(advance(CLOSES_AT))
      .then({ type: 'WindowClosed', data: { at: CLOSES_AT } });
  });

  it('opens and closes in one step a window the job first sees after its closing time', () => {
    const late = '2026-12-09T00:00:00.000Z';
    windowSpec
      .given(scheduled)
      .when(advance(late))
      .then({ type: 'WindowOpened', data: { at: late } }, { type: 'WindowClosed', data: { at: late } });
  });

  it('leaves a closed or finalized window alone', () => {
    windowSpec.given(scheduled, opened, closed).when(advance('2027-01-01T00:00:00.000Z')).thenNothingHappened();
  });
});

describe('filing a request on its window', () => {
  it('files while the window is open, and the window lists it for finalization', () => {
    windowSpec.given(scheduled, opened).when(file()).then(filed());
    expect(windowSpec.given(scheduled, opened, filed('c1'), filed('c2')).state().conversionIds).toEqual(['c1', 'c2']);
  });

  it('refuses a window that is unknown, not open yet, closed, or past its closing time', () => {
    windowSpec.given().when(file()).thenThrows({ httpStatus: 404, code: 'WINDOW_NOT_FOUND' });
    windowSpec.given(scheduled).when(file()).thenThrows('WINDOW_NOT_OPEN');
    windowSpec.given(scheduled, opened, closed).when(file()).thenThrows('WINDOW_NOT_OPEN');
    windowSpec
      .given(scheduled, opened)
      .when(file('c1', new Date(CLOSES_AT)))
      .thenThrows('WINDOW_NOT_OPEN');
  });
});

describe('finalizing a window', () => {
  it('settles approved requests (burning only what bought whole bp) and expires pending ones', () => {
    windowSpec
      .given(scheduled, opened, filed('c1'), filed('c2'), closed)
      .when(finalize())
      .then({
        type: 'WindowFinalized',
        data: {
          finalizedBy: 'b1',
          allocations: [
            {
              conversionId: 'c1',
              userId: 'u1',
              outcome: 'SETTLED',
              amountBuz: '15050',
              grantedBps: '150',
              burnedBuz: '15000',
              unlockedBuz: '50',
            },
            {
              conversionId: 'c2',
              userId: 'u2',
              outcome: 'EXPIRED',
              amountBuz: '300',
              grantedBps: '0',
              burnedBuz: '0',
              unlockedBuz: '300',
            },
          ],
          totalGrantedBps: '150',
          oversubscribed: false,
        },
      });
  });

  it('refuses an unknown window and one that is not CLOSED', () => {
    windowSpec
      .given()
      .when(finalize())
      .thenThrows({ httpStatus: 404, code: 'WINDOW_NOT_FOUND', details: { windowId: 'w1' } });
    windowSpec
      .given(scheduled, opened)
      .when(finalize())
      .thenThrows({ code: 'WINDOW_WRONG_STATUS', details: { expected: 'CLOSED', actual: 'OPEN' } });
  });
});

describe('the window invariants', () => {
  it('run the lifecycle one way: no opening twice, no closing before opening, no finalizing an open window', () => {
    const rule = 'SCHEDULED → OPEN → CLOSED → FINALIZED, filings while OPEN';
    windowSpec.given(scheduled, opened, opened).thenViolates(rule);
    windowSpec.given(scheduled, closed).thenViolates(rule);
    windowSpec.given(scheduled, scheduled).thenViolates(rule);
    windowSpec
      .given(scheduled, opened, {
        type: 'WindowFinalized',
        data: { finalizedBy: 'b1', allocations: [], totalGrantedBps: '0', oversubscribed: false },
      })
      .thenViolates(rule);
  });

  it('take filings only while open, each once', () => {
    windowSpec.given(scheduled, filed()).thenViolates('SCHEDULED → OPEN → CLOSED → FINALIZED, filings while OPEN');
    windowSpec
      .given(scheduled, opened, closed, filed())
      .thenViolates('SCHEDULED → OPEN → CLOSED → FINALIZED, filings while OPEN');
    windowSpec.given(scheduled, opened, filed('c1'), filed('c1')).thenViolates('a request is filed once');
  });

  it('list a window on the index once', () => {
    windowIndexSpec
      .given({ type: 'WindowListed', data: { windowId: 'w1' } }, { type: 'WindowListed', data: { windowId: 'w1' } })
      .thenViolates('a window is listed once');
  });
});
