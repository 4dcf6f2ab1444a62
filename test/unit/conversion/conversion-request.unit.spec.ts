import { describe, expect, it } from 'vitest';
import { decideConversionPreview, type ConversionCommand } from '../../../src/conversion/domain/conversion.decide';
import { nextWindowDueAt } from '../../../src/conversion/domain/window.decide';
import { DomainError } from '../../../src/shared-kernel/domain-error';
import type { WindowState } from '../../../src/conversion/domain/window.state';
import {
  CLOSES_AT,
  DURING,
  allocation,
  approved,
  cancelled,
  conversionSpec,
  requested,
  voted,
} from '../../support/conversion-events';

const request = (kycStatus: 'PASSED' | 'PENDING' = 'PASSED', amountBuz = 100n): ConversionCommand => ({
  type: 'RequestConversion',
  conversionId: 'c1',
  windowId: 'w1',
  ventureId: 'v1',
  userId: 'requester',
  amountBuz,
  kycStatus,
  // 150 bp per 10,000 BUZ: 1 bp takes 66.67 BUZ, so the least that buys one is 67.
  equityRateBps: 150n,
});
const openWindow: Pick<WindowState, 'status' | 'closesAt'> = { status: 'OPEN', closesAt: CLOSES_AT };
const cancel = (
  actorId = 'requester',
  window: Pick<WindowState, 'status' | 'closesAt'> | null = openWindow,
  now = DURING,
): ConversionCommand => ({
  type: 'CancelConversion',
  conversionId: 'c1',
  actorId,
  window,
  now,
});
const finalizedWith = (
  ...allocations: ReturnType<typeof allocation>[]
): Pick<WindowState, 'status' | 'allocations'> => ({ status: 'FINALIZED', allocations });
const expired = (reason: string) => ({ type: 'ConversionExpired', data: { reason } }) as const;

describe('requesting a conversion', () => {
  it('given KYC PASSED, records the request with its amount as a decimal string', () => {
    conversionSpec.given().when(request()).then(requested);
  });

  it('refuses a member whose KYC has not passed (the KYC gate), before anything else', () => {
    conversionSpec.given().when(request('PENDING')).thenThrows({ httpStatus: 403, code: 'KYC_REQUIRED' });
    conversionSpec.given(requested).when(request('PENDING')).thenThrows('KYC_REQUIRED');
  });

  it('refuses an amount that buys 0 bp, naming the minimum', () => {
    conversionSpec
      .given()
      .when(request('PASSED', 66n))
      .thenThrows({ httpStatus: 422, code: 'CONVERSION_BELOW_MINIMUM' });
    conversionSpec
      .given()
      .when(request('PASSED', 67n))
      .then({
        type: 'ConversionRequested',
        data: { conversionId: 'c1', windowId: 'w1', ventureId: 'v1', userId: 'requester', amountBuz: '67' },
      });
  });

  it('records a request once: a retry of a recorded one writes nothing', () => {
    conversionSpec.given(requested).when(request()).thenNothingHappened();
  });
});

describe('cancelling a conversion', () => {
  it('given a pending or approved request in an open window, the requester cancels it', () => {
    conversionSpec.given(requested).when(cancel()).then(cancelled);
    conversionSpec.given(requested, voted('a'), approved).when(cancel()).then(cancelled);
  });

  it('cancelling twice writes nothing the second time', () => {
    conversionSpec.given(requested, cancelled).when(cancel()).thenNothingHappened();
  });

  it('refuses an unknown request, someone else, and a final request', () => {
    conversionSpec.given().when(cancel()).thenThrows({ httpStatus: 404, code: 'CONVERSION_NOT_FOUND' });
    conversionSpec.given(requested).when(cancel('someone-else')).thenThrows('NOT_YOUR_CONVERSION');
    conversionSpec.given(requested, expired('late')).when(cancel()).thenThrows('CONVERSION_FINAL');
  });

  it('refuses once the window is closed or past its closing time, though the job has not closed it yet', () => {
    conversionSpec
      .given(requested)
      .when(cancel('requester', { status: 'CLOSED', closesAt: CLOSES_AT }))
      .thenThrows('WINDOW_NOT_OPEN');
    conversionSpec
      .given(requested)
      .when(cancel('requester', openWindow, new Date(CLOSES_AT)))
      .thenThrows('WINDOW_NOT_OPEN');
    conversionSpec.given(requested).when(cancel('requester', null)).thenThrows('WINDOW_NOT_OPEN');
  });
});

describe("carrying the window's finalization to a conversion", () => {
  it('settles an approved request with its allocation', () => {
    conversionSpec
      .given(requested, approved)
      .when({ type: 'ApplyAllocation', allocation: allocation('SETTLED') })
      .then({
        type: 'ConversionSettled',
        data: {
          windowId: 'w1',
          ventureId: 'v1',
          userId: 'requester',
          grantedBps: '1',
          burnedBuz: '100',
          unlockedBuz: '0',
        },
      });
  });

  it('expires a request still pending at finalization', () => {
    conversionSpec
      .given(requested)
      .when({ type: 'ApplyAllocation', allocation: allocation('EXPIRED') })
      .then(expired('no quorum before the window was finalized'));
  });

  it('writes nothing for a request already final, or one that was never written', () => {
    conversionSpec
      .given(requested, cancelled)
      .when({ type: 'ApplyAllocation', allocation: allocation('EXPIRED') })
      .thenNothingHappened();
    conversionSpec
      .given()
      .when({ type: 'ApplyAllocation', allocation: allocation('SETTLED') })
      .thenNothingHappened();
  });
});

describe('a request that reached its window after the finalization', () => {
  it('expires when the finalized window did not count it', () => {
    conversionSpec
      .given(requested)
      .when({ type: 'ExpireLateRequest', window: finalizedWith(allocation('SETTLED', 'other')) })
      .then(expired('the window was finalized before this request was counted'));
  });

  it('waits while the window is not finalized, and leaves one the finalization counted to its allocation', () => {
    conversionSpec
      .given(requested)
      .when({ type: 'ExpireLateRequest', window: { status: 'CLOSED', allocations: [] } })
      .thenNothingHappened();
    conversionSpec
      .given(requested)
      .when({ type: 'ExpireLateRequest', window: finalizedWith(allocation('EXPIRED')) })
      .thenNothingHappened();
  });

  it('writes nothing for a request already final', () => {
    conversionSpec
      .given(requested, cancelled)
      .when({ type: 'ExpireLateRequest', window: finalizedWith() })
      .thenNothingHappened();
  });
});

describe('previewing a conversion (the same rules, before anything is locked)', () => {
  const preview =
    (amountBuz: bigint, availableBuz = 1_000n) =>
    () =>
      decideConversionPreview({ amountBuz, availableBuz, equityRateBps: 150n });
  const refusal = (attempt: () => unknown) => {
    try {
      attempt();
    } catch (error) {
      return error instanceof DomainError
        ? { code: error.code, message: error.message, details: error.details }
        : error;
    }
    return null;
  };

  it('shows the bp an amount buys, what burns, what unlocks, and the minimum', () => {
    expect(preview(1_000n)()).toEqual({ grantedBps: 15n, burnedBuz: 1_000n, unlockedBuz: 0n, minimumBuz: 67n });
    expect(preview(100n)()).toEqual({ grantedBps: 1n, burnedBuz: 67n, unlockedBuz: 33n, minimumBuz: 67n });
  });

  it('refuses more than the available BUZ instead of promising it', () => {
    expect(refusal(preview(466_666_600n, 1_000n))).toEqual({
      code: 'INSUFFICIENT_BUZ',
      message: 'Only 1000 BUZ are available to convert',
      details: { availableBuz: '1000', requestedBuz: '466666600' },
    });
  });

  it('refuses an amount that buys 0 bp: "the minimum is N BUZ"', () => {
    // vitest types its asymmetric matchers as `any`; typed `unknown`, one goes into an expected object like any value.
    const namingTheMinimum: unknown = expect.stringContaining('the minimum is 67 BUZ');
    expect(refusal(preview(66n))).toMatchObject({
      code: 'CONVERSION_BELOW_MINIMUM',
      message: namingTheMinimum,
      details: { minimumBuz: '67' },
    });
  });
});

describe('when the next window is due (what the timer is armed for)', () => {
  const at = (iso: string) => new Date(iso);

  it('is the earliest opensAt of a scheduled window or closesAt of an open one; closed and finalized ones wait for nothing', () => {
    const windows = [
      { status: 'SCHEDULED' as const, opensAt: '2026-12-08T10:00:00.000Z', closesAt: '2026-12-09T10:00:00.000Z' },
      { status: 'OPEN' as const, opensAt: '2026-12-01T10:00:00.000Z', closesAt: '2026-12-08T09:30:00.000Z' },
      { status: 'CLOSED' as const, opensAt: '2026-12-01T10:00:00.000Z', closesAt: '2026-12-02T09:00:00.000Z' },
    ];
    expect(nextWindowDueAt(windows)).toEqual(at('2026-12-08T09:30:00.000Z'));
    expect(nextWindowDueAt(windows.slice(0, 1))).toEqual(at('2026-12-08T10:00:00.000Z'));
    expect(nextWindowDueAt(windows.slice(2))).toBeNull();
  });
});
