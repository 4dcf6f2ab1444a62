import { describe, expect, it } from 'vitest';
import {
  decideWallet,
  payoutGates,
  type IssuanceFacts,
  type WalletCommand,
} from '../../../src/wallet/domain/wallet.decide';
import { walletDecider } from '../../../src/wallet/domain/wallet.state';
import { issuanceFor } from '../../../src/wallet/domain/issuance-formula.contract';
import type { WalletEvent } from '../../../src/wallet/domain/wallet.events';
import { deciderSpec } from '../../support/decider-spec';

const wallet = deciderSpec({ ...walletDecider, decide: decideWallet });
const { inputs } = issuanceFor('S', 5, [100_000_000n]);
const issue = (overrides: Partial<IssuanceFacts> = {}): WalletCommand => ({
  type: 'IssueBuz',
  taskId: 'task-1',
  acceptedAt: '2026-11-24T08:00:00.000Z',
  recordedAt: '2026-11-24T08:00:01.000Z',
  tier: 'S',
  quality: 5,
  reviewerRepMicro: [100_000_000n],
  kycStatus: 'PASSED',
  repMicro: 75_000_000n,
  deviceCompliant: true,
  policy: { dailyCapBuz: 2000n, minRepMicro: 60_000_000n },
  ...overrides,
});
const issued = (amountBuz: string, day = '2026-11-24'): WalletEvent => ({
  type: 'BuzIssued',
  data: { taskId: 'x', day, amountBuz, requestedBuz: amountBuz, capped: false, inputs },
});
const locked = (amountBuz: string, conversionId = 'c1'): WalletEvent => ({
  type: 'BuzLocked',
  data: { amountBuz, conversionId },
});
const unlocked = (amountBuz: string, conversionId = 'c1'): WalletEvent => ({
  type: 'BuzUnlocked',
  data: { amountBuz, conversionId },
});
const burned = (amountBuz: string, conversionId = 'c1'): WalletEvent => ({
  type: 'BuzBurned',
  data: { amountBuz, conversionId },
});
const withheld = (reason: string, detail: string) =>
  expect.objectContaining({
    type: 'BuzIssuanceWithheld',
    data: expect.objectContaining({ reason, detail }) as unknown,
  }) as unknown as WalletEvent;
const issuedMatching = (data: Record<string, unknown>) =>
  expect.objectContaining({
    type: 'BuzIssued',
    data: expect.objectContaining(data) as unknown,
  }) as unknown as WalletEvent;

describe('issuing BUZ for an accepted task', () => {
  it('given an empty wallet and every gate open, issues the whole award with its inputs', () => {
    wallet
      .given()
      .when(issue())
      .then({
        type: 'BuzIssued',
        data: {
          taskId: 'task-1',
          day: '2026-11-24',
          acceptedAt: '2026-11-24T08:00:00.000Z',
          amountBuz: '560',
          requestedBuz: '560',
          capped: false,
          inputs,
        },
      });
  });

  it('given 1,700 issued today, clamps to the 300 left and says so', () => {
    wallet
      .given(issued('1700'))
      .when(issue())
      .then(issuedMatching({ amountBuz: '300', requestedBuz: '560', capped: true }));
  });

  it('given the cap used up today, withholds with reason CAP; yesterday does not count', () => {
    wallet
      .given(issued('2000'))
      .when(issue())
      .then(withheld('CAP', 'the daily cap of 2000 BUZ for 2026-11-24 is used up'));
    wallet
      .given(issued('2000', '2026-11-23'))
      .when(issue())
      .then(issuedMatching({ amountBuz: '560' }));
  });

  it('prices the task with the issuance formula and records every input, so anyone can recompute it', () => {
    const [event] = decideWallet(issue({ tier: 'C', quality: 1, reviewerRepMicro: [] }), walletDecider.initialState);
    expect(event.data).toMatchObject({
      amountBuz: '21',
      requestedBuz: '21',
      inputs: {
        tier: 'C',
        tierBaseBuz: 50,
        quality: 1,
        qualityMultiplier: '0.6',
        reviewerCred: '0.700000',
        exactBuz: '21.000000',
      },
    });
  });

  it('given two acceptances claiming different days but recorded on the same day, counts both against that one day', () => {
    const earlier = issued('1000');
    const first = {
      type: 'BuzIssued',
      data: {
        taskId: 'a',
        day: '2026-11-24',
        acceptedAt: '2026-11-20T10:00:00.000Z',
        amountBuz: '560',
        requestedBuz: '560',
        capped: false,
        inputs,
      },
    } as const;
    wallet
      .given(earlier)
      .when(issue({ taskId: 'a', acceptedAt: '2026-11-20T10:00:00.000Z', recordedAt: '2026-11-24T09:00:00.000Z' }))
      .then(first);
    const second = {
      type: 'BuzIssued',
      data: {
        taskId: 'b',
        day: '2026-11-24',
        acceptedAt: '2026-11-22T10:00:00.000Z',
        amountBuz: '440',
        requestedBuz: '560',
        capped: true,
        inputs,
      },
    } as const;
    wallet
      .given(earlier, first)
      .when(issue({ taskId: 'b', acceptedAt: '2026-11-22T10:00:00.000Z', recordedAt: '2026-11-24T23:59:59.999Z' }))
      .then(second);
    wallet
      .given(earlier, first, second)
      .when(issue({ taskId: 'c', acceptedAt: '2026-11-23T10:00:00.000Z', recordedAt: '2026-11-24T12:00:00.000Z' }))
      .then(withheld('CAP', 'the daily cap of 2000 BUZ for 2026-11-24 is used up'));
  });

  it('given the cap used up on the recorded day, a recording on the next UTC day has a fresh cap', () => {
    wallet
      .given(issued('2000', '2026-11-24'))
      .when(issue({ acceptedAt: '2026-11-24T23:59:00.000Z', recordedAt: '2026-11-25T00:00:00.000Z' }))
      .then(issuedMatching({ day: '2026-11-25', amountBuz: '560' }));
  });

  it('given events from before the cap used the recorded day (no acceptedAt), still folds their day into the cap', () => {
    const legacy: WalletEvent = {
      type: 'BuzIssued',
      data: { taskId: 'old', day: '2026-11-24', amountBuz: '1900', requestedBuz: '1900', capped: false, inputs },
    };
    expect(wallet.given(legacy).state()).toMatchObject({ balanceBuz: 1900n, issuedByDay: { '2026-11-24': 1900n } });
    wallet
      .given(legacy)
      .when(issue())
      .then(issuedMatching({ amountBuz: '100', capped: true }));
  });

  it('withholds once per failed gate, with a reason the member can read', () => {
    wallet
      .given()
      .when(issue({ kycStatus: 'PENDING', repMicro: 59_999_999n, deviceCompliant: null }))
      .then(
        withheld('KYC', 'KYC is PENDING, it must be PASSED'),
        withheld('REPUTATION', 'reputation 59.999 is below 60.000'),
        withheld('DEVICE', 'no device posture reported yet'),
      );
    wallet
      .given()
      .when(issue({ deviceCompliant: false }))
      .then(withheld('DEVICE', 'a device is not compliant (disk encryption, OS updates, screen lock)'));
  });
});

describe("a conversion's moves on the wallet", () => {
  it('locks what is available, and refuses more with INSUFFICIENT_BUZ naming what is', () => {
    wallet.given(issued('500')).when({ type: 'LockBuz', conversionId: 'c1', amountBuz: 500n }).then(locked('500'));
    wallet
      .given(issued('500'), locked('200', 'c0'))
      .when({ type: 'LockBuz', conversionId: 'c1', amountBuz: 301n })
      .thenThrows({ httpStatus: 409, code: 'INSUFFICIENT_BUZ', details: { availableBuz: '300', requestedBuz: '301' } });
  });

  it('burns what bought whole bp and unlocks the rest when the conversion settles, writing no zero move', () => {
    wallet
      .given(issued('500'), locked('200'))
      .when({ type: 'ReleaseLock', conversionId: 'c1', burnedBuz: 150n, unlockedBuz: 50n })
      .then(burned('150'), unlocked('50'));
    wallet
      .given(issued('500'), locked('200'))
      .when({ type: 'ReleaseLock', conversionId: 'c1', burnedBuz: 200n, unlockedBuz: 0n })
      .then(burned('200'));
    wallet
      .given(issued('500'), locked('200'))
      .when({ type: 'ReleaseLock', conversionId: 'c1', burnedBuz: 0n, unlockedBuz: 200n })
      .then(unlocked('200'));
  });

  it('unlocks everything a cancelled, rejected or expired conversion locked', () => {
    wallet
      .given(issued('500'), locked('200'))
      .when({ type: 'ReleaseLock', conversionId: 'c1', burnedBuz: 0n, unlockedBuz: 200n })
      .then(unlocked('200'));
  });

  it('tracks balance, locks, burns and availability exactly', () => {
    expect(wallet.given(issued('500'), locked('200'), burned('150'), unlocked('50')).state()).toMatchObject({
      balanceBuz: 350n,
      lockedBuz: 0n,
    });
  });
});

describe('the wallet invariants', () => {
  it('never lock more than the balance', () => {
    wallet.given(issued('100'), locked('101')).thenViolates('locked ≤ balance');
    wallet
      .given(issued('100'), locked('100'), { type: 'BuzAdjusted', data: { amountBuz: '-1', reason: 'correction' } })
      .thenViolates('locked ≤ balance');
  });

  it('never unlock or burn more than is locked, so the balance never goes below zero', () => {
    wallet.given(issued('100'), locked('50'), unlocked('51')).thenViolates('locked ≥ 0');
    wallet.given(issued('100'), locked('50'), burned('60')).thenViolates('locked ≥ 0');
    wallet
      .given({ type: 'BuzAdjusted', data: { amountBuz: '-1', reason: 'correction' } })
      .thenViolates('locked ≤ balance');
  });

  it('stop a process manager that would release more than a conversion locked', () => {
    wallet
      .given(issued('500'), locked('200'))
      .when({ type: 'ReleaseLock', conversionId: 'c1', burnedBuz: 0n, unlockedBuz: 201n })
      .thenViolates('locked ≥ 0');
  });
});

describe('the payout gates as they stand (what the wallet shows as "now")', () => {
  const policy = { minRepMicro: 60_000_000n };

  it('lists every gate with its state, passing or not, in the words issuance withholds with', () => {
    expect(payoutGates({ kycStatus: 'PASSED', repMicro: 75_000_000n, deviceCompliant: true, policy })).toEqual([
      { gate: 'KYC', passing: true, detail: 'KYC is PASSED' },
      { gate: 'REPUTATION', passing: true, detail: 'reputation 75.000 is at least 60.000' },
      { gate: 'DEVICE', passing: true, detail: 'every reported device is compliant' },
    ]);
    expect(payoutGates({ kycStatus: 'PENDING', repMicro: 59_999_999n, deviceCompliant: null, policy })).toEqual([
      { gate: 'KYC', passing: false, detail: 'KYC is PENDING, it must be PASSED' },
      { gate: 'REPUTATION', passing: false, detail: 'reputation 59.999 is below 60.000' },
      { gate: 'DEVICE', passing: false, detail: 'no device posture reported yet' },
    ]);
  });

  it('is the rule issuance withholds by: each failing gate is one withholding with the same detail', () => {
    const failing = payoutGates({ kycStatus: 'FAILED', repMicro: 75_000_000n, deviceCompliant: false, policy }).filter(
      (gate) => !gate.passing,
    );
    expect(failing.map((gate) => gate.gate)).toEqual(['KYC', 'DEVICE']);
    wallet
      .given()
      .when(issue({ kycStatus: 'FAILED', repMicro: 75_000_000n, deviceCompliant: false }))
      .then(...failing.map((gate) => withheld(gate.gate, gate.detail)));
  });
});
