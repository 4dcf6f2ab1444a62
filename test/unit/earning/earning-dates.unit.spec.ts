import { describe, expect, it } from 'vitest';
import { requireAcceptedAtInWindow } from '../../../src/earning/http/task-events.schemas';
import { unfinishedDayProblem } from '../../../src/progress/jobs/settlement-days';

const NOW = new Date('2026-11-24T12:00:00.000Z');

describe('the acceptedAt an integration may send', () => {
  it('accepts the last 7 days up to 5 minutes ahead of the server clock, both ends included', () => {
    for (const acceptedAt of ['2026-11-17T12:00:00.000Z', '2026-11-24T12:00:00Z', '2026-11-24T12:05:00.000Z']) {
      expect(() => requireAcceptedAtInWindow(acceptedAt, NOW)).not.toThrow();
    }
  });

  it('refuses a millisecond outside either end, naming the allowed range', () => {
    for (const acceptedAt of [
      '2026-11-17T11:59:59.999Z',
      '2026-11-24T12:05:00.001Z',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
    ]) {
      expect(() => requireAcceptedAtInWindow(acceptedAt, NOW)).toThrow(
        expect.objectContaining({
          httpStatus: 400,
          code: 'ACCEPTED_AT_OUT_OF_RANGE',
          details: expect.objectContaining({
            earliest: '2026-11-17T12:00:00.000Z',
            latest: '2026-11-24T12:05:00.000Z',
          }) as unknown,
        }),
      );
    }
  });
});

describe('the days reputation settlement may close', () => {
  it('settles days that have ended, and refuses today and later days with the latest it would take', () => {
    expect(unfinishedDayProblem('2026-11-23', NOW)).toBeNull();
    expect(unfinishedDayProblem('2025-01-01', NOW)).toBeNull();
    expect(unfinishedDayProblem('2026-11-24', NOW)).toBe(
      '2026-11-24 has not ended yet (today is 2026-11-24, UTC): settle 2026-11-23 or an earlier day',
    );
    expect(unfinishedDayProblem('2027-12-31', NOW)).toContain('has not ended yet');
    expect(unfinishedDayProblem('2026-11-24', new Date('2026-11-24T00:00:00.000Z'))).not.toBeNull();
    expect(unfinishedDayProblem('2026-11-23', new Date('2026-11-23T23:59:59.999Z'))).not.toBeNull();
  });
});
