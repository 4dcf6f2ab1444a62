import { describe, expect, it } from 'vitest';
import { decideIssuance, type IssuanceFacts } from '../../../src/wallet/domain/wallet.decide';
import { evolveWallet, initialWalletState, type WalletState } from '../../../src/wallet/domain/wallet.state';
import { issuanceFor } from '../../../src/wallet/domain/issuance-formula.contract';
import type { WalletEvent } from '../../../src/wallet/domain/wallet.events';

const { buz, inputs } = issuanceFor('S', 5, [100_000_000n]);
const facts = (overrides: Partial<IssuanceFacts> = {}): IssuanceFacts => ({
  taskId: 'task-1',
  acceptedAt: '2026-11-24T08:00:00.000Z',
  recordedAt: '2026-11-24T08:00:01.000Z',
  requestedBuz: buz,
  inputs,
  kycStatus: 'PASSED',
  repMicro: 75_000_000n,
  deviceCompliant: true,
  policy: { dailyCapBuz: 2000n, minRepMicro: 60_000_000n },
  ...overrides,
});
const given = (...events: WalletEvent[]): WalletState => events.reduce(evolveWallet, initialWalletState);
const issued = (amountBuz: string, day = '2026-11-24'): WalletEvent => ({ type: 'BuzIssued', data: { taskId: 'x', day, amountBuz, requestedBuz: amountBuz, capped: false, inputs } });

describe('issuing BUZ for an accepted task', () => {
  it('given an empty wallet and every gate open, issues the whole award with its inputs', () => {
    expect(decideIssuance(given(), facts())).toEqual([
      { type: 'BuzIssued', data: { taskId: 'task-1', day: '2026-11-24', acceptedAt: '2026-11-24T08:00:00.000Z', amountBuz: '560', requestedBuz: '560', capped: false, inputs } },
    ]);
  });

  it('given 1,700 issued today, clamps to the 300 left and says so', () => {
    const [event] = decideIssuance(given(issued('1700')), facts());
    expect(event).toMatchObject({ type: 'BuzIssued', data: { amountBuz: '300', requestedBuz: '560', capped: true } });
  });

  it('given the cap used up today, withholds with reason CAP; yesterday does not count', () => {
    expect(decideIssuance(given(issued('2000')), facts())).toEqual([expect.objectContaining({ type: 'BuzIssuanceWithheld', data: expect.objectContaining({ reason: 'CAP' }) })]);
    expect(decideIssuance(given(issued('2000', '2026-11-23')), facts())[0].type).toBe('BuzIssued');
  });

  it('given two acceptances claiming different days but recorded on the same day, counts both against that one day', () => {
    const first = decideIssuance(given(), facts({ taskId: 'a', acceptedAt: '2026-11-20T10:00:00.000Z', recordedAt: '2026-11-24T09:00:00.000Z', requestedBuz: 1500n }));
    const second = decideIssuance(given(...first), facts({ taskId: 'b', acceptedAt: '2026-11-22T10:00:00.000Z', recordedAt: '2026-11-24T23:59:59.999Z', requestedBuz: 1500n }));
    expect(first).toEqual([expect.objectContaining({ type: 'BuzIssued', data: expect.objectContaining({ day: '2026-11-24', acceptedAt: '2026-11-20T10:00:00.000Z', amountBuz: '1500' }) })]);
    expect(second).toEqual([expect.objectContaining({ type: 'BuzIssued', data: expect.objectContaining({ day: '2026-11-24', acceptedAt: '2026-11-22T10:00:00.000Z', amountBuz: '500', capped: true }) })]);
    const third = decideIssuance(given(...first, ...second), facts({ taskId: 'c', acceptedAt: '2026-11-23T10:00:00.000Z', recordedAt: '2026-11-24T12:00:00.000Z' }));
    expect(third).toEqual([{ type: 'BuzIssuanceWithheld', data: expect.objectContaining({ day: '2026-11-24', reason: 'CAP', detail: 'the daily cap of 2000 BUZ for 2026-11-24 is used up' }) }]);
  });

  it('given the cap used up on the recorded day, a recording on the next UTC day has a fresh cap', () => {
    const full = given(issued('2000', '2026-11-24'));
    expect(decideIssuance(full, facts({ acceptedAt: '2026-11-24T23:59:00.000Z', recordedAt: '2026-11-25T00:00:00.000Z' }))).toEqual([
      expect.objectContaining({ type: 'BuzIssued', data: expect.objectContaining({ day: '2026-11-25', amountBuz: '560' }) }),
    ]);
  });

  it('given events from before the cap used the recorded day (no acceptedAt), still folds their day into the cap', () => {
    const legacy: WalletEvent = { type: 'BuzIssued', data: { taskId: 'old', day: '2026-11-24', amountBuz: '1900', requestedBuz: '1900', capped: false, inputs } };
    expect(given(legacy)).toMatchObject({ balanceBuz: 1900n, issuedByDay: { '2026-11-24': 1900n } });
    expect(decideIssuance(given(legacy), facts())[0].data).toMatchObject({ amountBuz: '100', capped: true });
  });

  it('withholds once per failed gate, with a reason the member can read', () => {
    const events = decideIssuance(given(), facts({ kycStatus: 'PENDING', repMicro: 59_999_999n, deviceCompliant: null }));
    expect(events.map((event) => (event.data as { reason: string }).reason)).toEqual(['KYC', 'REPUTATION', 'DEVICE']);
    expect(events.map((event) => (event.data as { detail: string }).detail)).toEqual([
      'KYC is PENDING, it must be PASSED',
      'reputation 59.999 is below 60.000',
      'no device posture reported yet',
    ]);
    expect(decideIssuance(given(), facts({ deviceCompliant: false }))[0].data).toMatchObject({ reason: 'DEVICE', detail: expect.stringContaining('not compliant') });
  });

  it('tracks balance, locks, burns and availability exactly', () => {
    const state = given(issued('500'), { type: 'BuzLocked', data: { amountBuz: '200', conversionId: 'c' } }, { type: 'BuzBurned', data: { amountBuz: '150', conversionId: 'c' } }, { type: 'BuzUnlocked', data: { amountBuz: '50', conversionId: 'c' } });
    expect(state).toMatchObject({ balanceBuz: 350n, lockedBuz: 0n });
  });
});
