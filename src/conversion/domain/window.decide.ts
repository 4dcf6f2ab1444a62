import { assertNever } from '../../shared-kernel/assert-never';
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
    super('WINDOW_WRONG_STATUS', `The window is ${actual ?? 'unknown'}; this needs it ${expected}`, {
      expected,
      actual,
    });
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

/** The one command on `index-windows`. */
export type WindowIndexCommand = { type: 'ListWindow'; windowId: string };

/** Puts a window on the index the scheduling job reads; listing it twice is a no-op. */
export function decideWindowIndex(command: WindowIndexCommand, index: WindowIndexState): WindowIndexEvent[] {
  return index.windowIds.includes(command.windowId)
    ? []
    : [{ type: 'WindowListed', data: { windowId: command.windowId } }];
}

/** Commands on `window-<windowId>`; `now` comes from the caller's clock, since a decision has none. */
export type WindowCommand =
  | { type: 'ScheduleWindow'; plan: WindowPlan }
  | { type: 'AdvanceWindow'; now: Date }
  | { type: 'FileConversion'; windowId: string; conversionId: string; now: Date }
  | FinalizeWindowCommand;

/**
 * What a window may grant of the venture's pool (the bp the founders left): what the windows
 * before it left, and, once its draw on `equityPool-<ventureId>` is recorded, what it drew.
 */
export interface PoolShare {
  leftBps: bigint;
  drawnBps: bigint | null;
}

export interface FinalizeWindowCommand {
  type: 'FinalizeWindow';
  windowId: string;
  approved: SettlementRequest[];
  pending: SettlementRequest[];
  finalizedBy: string;
  pool: PoolShare;
}

export type WindowFinalizedData = Extract<WindowEvent, { type: 'WindowFinalized' }>['data'];

/** Every rule of a window's lifecycle: SCHEDULED → OPEN → CLOSED → FINALIZED, and the filings while OPEN. */
export function decideWindow(command: WindowCommand, state: WindowState): WindowEvent[] {
  switch (command.type) {
    case 'ScheduleWindow':
      return scheduleWindow(state, command.plan);
    case 'AdvanceWindow':
      return advanceWindow(state, command.now);
    case 'FileConversion':
      return fileConversion(state, command);
    case 'FinalizeWindow':
      return [{ type: 'WindowFinalized', data: decideFinalization(state, command) }];
    default:
      return assertNever(command);
  }
}

function scheduleWindow(state: WindowState, plan: WindowPlan): WindowEvent[] {
  if (state.status !== null) return [];
  if (Date.parse(plan.closesAt) <= Date.parse(plan.opensAt))
    throw new DomainError('WINDOW_DATES', 'closesAt must be after opensAt');
  const { equityRateBps, poolCapBps, ...rest } = plan;
  return [
    {
      type: 'WindowScheduled',
      data: { ...rest, equityRateBps: equityRateBps.toString(), poolCapBps: poolCapBps?.toString() ?? null },
    },
  ];
}

/** The 15-minute job's step: SCHEDULED → OPEN at opensAt, OPEN → CLOSED at closesAt. */
function advanceWindow(state: WindowState, now: Date): WindowEvent[] {
  const at = now.toISOString();
  if (state.status === 'SCHEDULED' && Date.parse(state.opensAt as string) <= now.getTime()) {
    const events: WindowEvent[] = [{ type: 'WindowOpened', data: { at } }];
    if (Date.parse(state.closesAt as string) <= now.getTime()) events.push({ type: 'WindowClosed', data: { at } });
    return events;
  }
  if (state.status === 'OPEN' && Date.parse(state.closesAt as string) <= now.getTime())
    return [{ type: 'WindowClosed', data: { at } }];
  return [];
}

/**
 * When the next window is due to move: the earliest opensAt of a SCHEDULED window and closesAt
 * of an OPEN one. Null when none is waiting. A time already past is due now.
 */
export function nextWindowDueAt(windows: readonly Pick<WindowState, 'status' | 'opensAt' | 'closesAt'>[]): Date | null {
  const due = windows
    .map((window) =>
      window.status === 'SCHEDULED' ? window.opensAt : window.status === 'OPEN' ? window.closesAt : null,
    )
    .filter((at): at is string => at !== null)
    .map((at) => Date.parse(at));
  return due.length === 0 ? null : new Date(Math.min(...due));
}

/** Open, and not yet past its closing time (the job that closes it runs every 15 minutes). */
export function isOpenAt(window: Pick<WindowState, 'status' | 'closesAt'> | null, now: Date): boolean {
  return window?.status === 'OPEN' && now.getTime() < Date.parse(window.closesAt as string);
}

function requireOpenWindow(window: WindowState, windowId: string, now: Date): void {
  if (window.status === null) throw new WindowNotFoundError(windowId);
  if (!isOpenAt(window, now)) {
    throw new DomainError(
      'WINDOW_NOT_OPEN',
      `The conversion window is ${window.status === 'OPEN' ? 'past its closing time' : window.status}; requests need an open window`,
    );
  }
}

/**
 * A request joins the window's list while the window is open. On the window's own stream, so a
 * request can never be filed after the window closed, and finalization finds every request in
 * the log.
 */
function fileConversion(state: WindowState, input: Extract<WindowCommand, { type: 'FileConversion' }>): WindowEvent[] {
  requireOpenWindow(state, input.windowId, input.now);
  return [{ type: 'ConversionFiled', data: { conversionId: input.conversionId } }];
}

/**
 * CLOSED → FINALIZED. Approved requests settle, pro rata when they want more than the window's
 * cap or what is left of the venture's pool, whichever is smaller; pending ones expire and
 * unlock. The allocations are recorded here; the process manager carries them to each
 * conversion and wallet.
 */
export function decideFinalization(state: WindowState, input: FinalizeWindowCommand): WindowFinalizedData {
  if (state.status === null) throw new WindowNotFoundError(input.windowId);
  if (state.status !== 'CLOSED') throw new WindowStateError('CLOSED', state.status);
  const plan = settle(input.approved, state, input.pool);
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
    ...input.pending.map((request) => ({
      conversionId: request.conversionId,
      userId: request.userId,
      outcome: 'EXPIRED' as const,
      amountBuz: text(request.amountBuz),
      grantedBps: '0',
      burnedBuz: '0',
      unlockedBuz: text(request.amountBuz),
    })),
  ];
  return {
    finalizedBy: input.finalizedBy,
    allocations,
    totalGrantedBps: text(plan.totalGrantedBps),
    oversubscribed: plan.oversubscribed,
  };
}

function settle(approved: readonly SettlementRequest[], state: WindowState, pool: PoolShare) {
  const capped = (poolBps: bigint) =>
    state.poolCapBps !== null && state.poolCapBps < poolBps ? state.poolCapBps : poolBps;
  const plan = allocate(approved, state.equityRateBps, capped(pool.leftBps));
  // Requests approved after the draw was recorded (a vote between the two writes, or before a
  // retry) may not take more than was drawn: the windows after this one counted on the rest.
  if (pool.drawnBps !== null && plan.totalGrantedBps > pool.drawnBps)
    return allocate(approved, state.equityRateBps, capped(pool.drawnBps));
  return plan;
}
