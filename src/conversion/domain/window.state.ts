import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import type { AllocationRecord, WindowEvent, WindowIndexEvent, WindowStatus } from './window.events';

export interface WindowState {
  status: WindowStatus | null;
  windowId: string | null;
  ventureId: string | null;
  opensAt: string | null;
  closesAt: string | null;
  equityRateBps: bigint;
  poolCapBps: bigint | null;
  allocations: readonly AllocationRecord[];
  /** Every request filed while the window was open, in filing order: what finalization settles or expires. */
  conversionIds: readonly string[];
}

export const initialWindowState: WindowState = { status: null, windowId: null, ventureId: null, opensAt: null, closesAt: null, equityRateBps: 0n, poolCapBps: null, allocations: [], conversionIds: [] };

export function evolveWindow(state: WindowState, event: WindowEvent): WindowState {
  switch (event.type) {
    case 'WindowScheduled': {
      const { windowId, ventureId, opensAt, closesAt, equityRateBps, poolCapBps } = event.data;
      return { ...state, status: 'SCHEDULED', windowId, ventureId, opensAt, closesAt, equityRateBps: BigInt(equityRateBps), poolCapBps: poolCapBps === null ? null : BigInt(poolCapBps) };
    }
    case 'WindowOpened':
      return { ...state, status: 'OPEN' };
    case 'ConversionFiled':
      return { ...state, conversionIds: [...state.conversionIds, event.data.conversionId] };
    case 'WindowClosed':
      return { ...state, status: 'CLOSED' };
    case 'WindowFinalized':
      return { ...state, status: 'FINALIZED', allocations: event.data.allocations };
    default:
      return assertNever(event);
  }
}

export const windowDecider: Decider<WindowState, WindowEvent> = { initialState: initialWindowState, evolve: evolveWindow };

export interface WindowIndexState {
  windowIds: readonly string[];
}

export const windowIndexDecider: Decider<WindowIndexState, WindowIndexEvent> = {
  initialState: { windowIds: [] },
  evolve: (state, event) => ({ windowIds: [...state.windowIds, event.data.windowId] }),
};
