import { describe, it } from 'vitest';
import type { ConversionCommand } from '../../../src/conversion/domain/conversion.decide';
import type { WindowState } from '../../../src/conversion/domain/window.state';
import { CLOSES_AT, DURING, allocation, approved, cancelled, conversionSpec, requested, voted } from '../../support/conversion-events';

const request = (kycStatus: 'PASSED' | 'PENDING' = 'PASSED'): ConversionCommand => ({
  type: 'RequestConversion',
  conversionId: 'c1',
  windowId: 'w1',
  ventureId: 'v1',
  userId: 'requester',
  amountBuz: 100n,
  kycStatus,
});
const openWindow: Pick<WindowState, 'status' | 'closesAt'> = { status: 'OPEN', closesAt: CLOSES_AT };
const cancel = (actorId = 'requester', window: Pick<WindowState, 'status' | 'closesAt'> | null = openWindow, now = DURING): ConversionCommand => ({
  type: 'CancelConversion',
  conversionId: 'c1',
  actorId,
  window,
  now,
});
const finalizedWith = (...allocations: ReturnType<typeof allocation>[]): Pick<WindowState, 'status' | 'allocations'> => ({ status: 'FINALIZED', allocations });
const expired = (reason: string) => ({ type: 'ConversionExpired', data: { reason } }) as const;

describe('requesting a conversion', () => {
  it('given KYC PASSED, records the request with its amount as a decimal string', () => {
    conversionSpec.given().when(request()).then(requested);
  });

  it('refuses a member whose KYC has not passed (the KYC gate), before anything else', () => {
    conversionSpec.given().when(request('PENDING')).thenThrows({ httpStatus: 403, code: 'KYC_REQUIRED' });
    conversionSpec.given(requested).when(request('PENDING')).thenThrows('KYC_REQUIRED');
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
    conversionSpec.given(requested).when(cancel('requester', { status: 'CLOSED', closesAt: CLOSES_AT })).thenThrows('WINDOW_NOT_OPEN');
    conversionSpec.given(requested).when(cancel('requester', openWindow, new Date(CLOSES_AT))).thenThrows('WINDOW_NOT_OPEN');
    conversionSpec.given(requested).when(cancel('requester', null)).thenThrows('WINDOW_NOT_OPEN');
  });
});

describe("carrying the window's finalization to a conversion", () => {
  it('settles an approved request with its allocation', () => {
    conversionSpec
      .given(requested, approved)
      .when({ type: 'ApplyAllocation', allocation: allocation('SETTLED') })
      .then({ type: 'ConversionSettled', data: { windowId: 'w1', ventureId: 'v1', userId: 'requester', grantedBps: '1', burnedBuz: '100', unlockedBuz: '0' } });
  });

  it('expires a request still pending at finalization', () => {
    conversionSpec.given(requested).when({ type: 'ApplyAllocation', allocation: allocation('EXPIRED') }).then(expired('no quorum before the window was finalized'));
  });

  it('writes nothing for a request already final, or one that was never written', () => {
    conversionSpec.given(requested, cancelled).when({ type: 'ApplyAllocation', allocation: allocation('EXPIRED') }).thenNothingHappened();
    conversionSpec.given().when({ type: 'ApplyAllocation', allocation: allocation('SETTLED') }).thenNothingHappened();
  });
});

describe('a request that reached its window after the finalization', () => {
  it('expires when the finalized window did not count it', () => {
    conversionSpec.given(requested).when({ type: 'ExpireLateRequest', window: finalizedWith(allocation('SETTLED', 'other')) }).then(expired('the window was finalized before this request was counted'));
  });

  it('waits while the window is not finalized, and leaves one the finalization counted to its allocation', () => {
    conversionSpec.given(requested).when({ type: 'ExpireLateRequest', window: { status: 'CLOSED', allocations: [] } }).thenNothingHappened();
    conversionSpec.given(requested).when({ type: 'ExpireLateRequest', window: finalizedWith(allocation('EXPIRED')) }).thenNothingHappened();
  });

  it('writes nothing for a request already final', () => {
    conversionSpec.given(requested, cancelled).when({ type: 'ExpireLateRequest', window: finalizedWith() }).thenNothingHappened();
  });
});
