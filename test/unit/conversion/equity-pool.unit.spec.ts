import { describe, expect, it } from 'vitest';
import {
  decideEquityPool,
  equityPoolDecider,
  poolShareOf,
  type DrawForWindow,
} from '../../../src/conversion/domain/equity-pool.decide';
import type { EquityPoolEvent } from '../../../src/conversion/domain/equity-pool.events';
import type { SettlementRequest } from '../../../src/conversion/domain/settlement';
import { decideFinalization, type PoolShare } from '../../../src/conversion/domain/window.decide';
import type { WindowEvent } from '../../../src/conversion/domain/window.events';
import { closed, filed, opened, scheduled, windowSpec } from '../../support/conversion-events';
import { deciderSpec } from '../../support/decider-spec';

/** #16 §4: conversion grants come out of the pool the founders left, across every window of the venture. */
const poolSpec = deciderSpec({ ...equityPoolDecider, decide: decideEquityPool });

// Rate 100 bp per 10,000 BUZ: 15,050 BUZ wants 150 bp, 20,000 BUZ wants 200 bp.
const approved: SettlementRequest[] = [
  { conversionId: 'c1', userId: 'u1', amountBuz: 15_050n },
  { conversionId: 'c2', userId: 'u2', amountBuz: 20_000n },
];
const closedWindow = () => windowSpec.given(scheduled, opened, filed('c1'), filed('c2'), closed).state();
const finalize = { type: 'FinalizeWindow' as const, windowId: 'w1', approved, pending: [], finalizedBy: 'b1' };
const draw = (founderPoolBps: bigint): DrawForWindow => ({
  type: 'DrawForWindow',
  founderPoolBps,
  finalize,
  window: closedWindow(),
});
const drawn = (windowId: string, founderPoolBps: string, leftBps: string, grantedBps: string): EquityPoolEvent => ({
  type: 'EquityPoolDrawn',
  data: { windowId, founderPoolBps, leftBps, grantedBps },
});
const finalized = (pool: PoolShare) => decideFinalization(closedWindow(), { ...finalize, pool });

describe("drawing on the founders' pool", () => {
  it('records what a window grants when the pool holds enough', () => {
    // Founders hold 9,000 bp: the pool is 1,000, and the 350 bp wanted fit.
    poolSpec
      .given()
      .when(draw(1_000n))
      .then(drawn('w1', '1000', '1000', '350'));
  });

  it('scales a window that would exceed what is left down exactly, pro rata, in whole bp', () => {
    // An earlier window granted 800 of the 1,000: 200 are left for 350 wanted.
    poolSpec
      .given(drawn('w0', '1000', '1000', '800'))
      .when(draw(1_000n))
      .then(drawn('w1', '1000', '200', '199'));
    const { allocations, totalGrantedBps, oversubscribed } = finalized({ leftBps: 200n, drawnBps: 199n });
    expect(oversubscribed).toBe(true);
    // floor(150 × 200 / 350) = 85 and floor(200 × 200 / 350) = 114; each burns only what bought whole bp.
    expect(allocations).toEqual([
      expect.objectContaining({ conversionId: 'c1', grantedBps: '85', burnedBuz: '8500', unlockedBuz: '6550' }),
      expect.objectContaining({ conversionId: 'c2', grantedBps: '114', burnedBuz: '11400', unlockedBuz: '8600' }),
    ]);
    expect(totalGrantedBps).toBe('199');
  });

  it('gives a later window only what the earlier ones left', () => {
    const history = [drawn('w0', '1000', '1000', '600'), drawn('w2', '1000', '400', '300')];
    expect(poolShareOf(poolSpec.given(...history).state(), 'w1', 1_000n)).toEqual({ leftBps: 100n, drawnBps: null });
    // floor(150 × 100 / 350) + floor(200 × 100 / 350) = 42 + 57.
    poolSpec
      .given(...history)
      .when(draw(1_000n))
      .then(drawn('w1', '1000', '100', '99'));
    expect(poolShareOf(poolSpec.given(...history, drawn('w1', '1000', '100', '99')).state(), 'w1', 1_000n)).toEqual({
      leftBps: 100n,
      drawnBps: 99n,
    });
  });

  it('grants nothing from a pool of 0 and unlocks every BUZ', () => {
    // The founders hold all 10,000 bp.
    poolSpec
      .given()
      .when(draw(0n))
      .then(drawn('w1', '0', '0', '0'));
    expect(finalized({ leftBps: 0n, drawnBps: 0n }).allocations).toEqual([
      expect.objectContaining({ conversionId: 'c1', grantedBps: '0', burnedBuz: '0', unlockedBuz: '15050' }),
      expect.objectContaining({ conversionId: 'c2', grantedBps: '0', burnedBuz: '0', unlockedBuz: '20000' }),
    ]);
  });

  it('keeps the smaller of the window cap and what is left', () => {
    const cappedAt50 = { ...scheduled, data: { ...scheduled.data, poolCapBps: '50' } } as WindowEvent;
    const window = windowSpec.given(cappedAt50, opened, closed).state();
    // floor(150 × 50 / 350) + floor(200 × 50 / 350) = 21 + 28.
    expect(decideFinalization(window, { ...finalize, pool: { leftBps: 200n, drawnBps: null } })).toMatchObject({
      totalGrantedBps: '49',
      oversubscribed: true,
    });
  });

  it('never lets a window settle beyond its recorded draw, even if more requests were approved since', () => {
    // Drew 85 bp for c1 alone; c2 was approved before the window wrote its allocations.
    expect(finalized({ leftBps: 200n, drawnBps: 85n }).totalGrantedBps).toBe('84');
  });

  it('draws once per window, and refuses to draw for a window that is not closed', () => {
    poolSpec
      .given(drawn('w1', '1000', '1000', '350'))
      .when(draw(1_000n))
      .thenNothingHappened();
    poolSpec
      .given()
      .when({ ...draw(1_000n), window: windowSpec.given(scheduled, opened).state() })
      .thenThrows({ code: 'WINDOW_WRONG_STATUS' });
  });

  it('holds its invariants: one draw per window, from what was left, within it', () => {
    poolSpec
      .given(drawn('w1', '1000', '1000', '1'), drawn('w1', '1000', '999', '1'))
      .thenViolates('a window draws once');
    poolSpec
      .given(drawn('w0', '1000', '1000', '800'), drawn('w1', '1000', '1000', '1'))
      .thenViolates('a window draws on what the windows before it left');
    poolSpec.given(drawn('w1', '1000', '1000', '1001')).thenViolates('a window grants no more than is left');
  });
});
