import { DomainError } from '../../shared-kernel/domain-error';
import { allocate, type SettlementRequest } from './settlement';
import type { WindowEvent, WindowIndexEvent } from './window.events';
import type { WindowIndexState, WindowState } from './window.state';

export class WindowNotFoundError extends DomainError {
  constructor(windowId: string) {
    super('WINDOW_NOT_FOUND', `No conversion window ${windowId}`, { windowId });
  }
}

export class WindowStateError extends DomainError {
  constructor(expected: string, actual: string | null) {
    super('WINDOW_WRONG_STATUS', `The window is ${actual ?? 'unknown'}; this needs it ${expected}`, { expected, actual });
  }
}

export interface WindowPlan {
  windowId: string;
  ventureId: string;
  opensAt: string;
  closesAt: string;
  equityRateBps: bigint;
  poolCapBps: bigint | null;
  scheduledBy: string;
}

/** Puts a window on the index the scheduling job reads; listing it twice is a no-op. */
export function listWindow(index: WindowIndexState, windowId: string): WindowIndexEvent[] {
  return index.windowIds.includes(windowId) ? [] : [{ type: 'WindowListed', data: { windowId } }];
}

export function scheduleWindow(state: WindowState, plan: WindowPlan): WindowEvent[] {
  if (state.status !== null) return [];
  if (Date.parse(plan.closesAt) <= Date.parse(plan.opensAt)) throw new DomainError('WINDOW_DATES', 'closesAt must be after opensAt');
  const { equityRateBps, poolCapBps, ...rest } = plan;
  return [{ type: 'WindowScheduled', data: { ...rest, equityRateBps: equityRateBps.toString(), poolCapBps: poolCapBps?.toString() ?? null } }];
}

/** The 15-minute job's step: SCHEDULED → OPEN at opensAt, OPEN → CLOSED at closesAt. */
export function advanceWindow(state: WindowState, now: Date): WindowEvent[] {
  const at = now.toISOString();
  if (state.status === 'SCHEDULED' && Date.parse(state.opensAt as string) <= now.getTime()) {
    const events: WindowEvent[] = [{ type: 'WindowOpened', data: { at } }];
    if (Date.parse(state.closesAt as string) <= now.getTime()) events.push({ type: 'WindowClosed', data: { at } });
    return events;
  }
  if (state.status === 'OPEN' && Date.parse(state.closesAt as string) <= now.getTime()) return [{ type: 'WindowClosed', data: { at } }];
  return [];
}

export function requireOpenWindow(window: WindowState, windowId: string, now: Date): void {
  if (window.status === null) throw new WindowNotFoundError(windowId);
  if (window.status !== 'OPEN' || now.getTime() >= Date.parse(window.closesAt as string)) {
    throw new DomainError('WINDOW_NOT_OPEN', `The conversion window is ${window.status === 'OPEN' ? 'past its closing time' : window.status}; requests need an open window`);
  }
}

/**
 * A request joins the window's list while the window is open. On the window's own stream, so a
 * request can never be filed after the window closed, and finalization finds every request in
 * the log.
 */
export function fileConversion(state: WindowState, input: { windowId: string; conversionId: string; now: Date }): WindowEvent[] {
  requireOpenWindow(state, input.windowId, input.now);
  return [{ type: 'ConversionFiled', data: { conversionId: input.conversionId } }];
}

/**
 * CLOSED → FINALIZED. Approved requests settle (pro rata if the pool is oversubscribed); pending
 * ones expire and unlock. The allocations are recorded here; the process manager carries them to
 * each conversion and wallet.
 */
export function finalizeWindow(state: WindowState, input: { approved: SettlementRequest[]; pending: SettlementRequest[]; finalizedBy: string }): WindowEvent[] {
  if (state.status === null) throw new WindowNotFoundError('?');
  if (state.status !== 'CLOSED') throw new WindowStateError('CLOSED', state.status);
  const plan = allocate(input.approved, state.equityRateBps, state.poolCapBps);
  const text = (value: bigint) => value.toString();
  const allocations = [
    ...plan.allocations.map((allocation) => ({
      conversionId: allocation.conversionId,
      userId: allocation.userId,
      outcome: 'SETTLED' as const,
      amountBuz: text(allocation.amountBuz),
      grantedBps: text(allocation.grantedBps),
      burnedBuz: text(allocation.burnedBuz),
      unlockedBuz: text(allocation.unlockedBuz),
    })),
    ...input.pending.map((request) => ({ conversionId: request.conversionId, userId: request.userId, outcome: 'EXPIRED' as const, amountBuz: text(request.amountBuz), grantedBps: '0', burnedBuz: '0', unlockedBuz: text(request.amountBuz) })),
  ];
  return [{ type: 'WindowFinalized', data: { finalizedBy: input.finalizedBy, allocations, totalGrantedBps: text(plan.totalGrantedBps), oversubscribed: plan.oversubscribed } }];
}
