import type { Decider } from '../../platform/event-store/stream-decider';
import { assertNever } from '../../identity/domain/user.state';
import type { AllocationRecord, WindowEvent, WindowStatus } from './window.events';

export interface WindowState {
  status: WindowStatus | null;
  windowId: string | null;
  ventureId: string | null;
  opensAt: string | null;
  closesAt: string | null;
  equityRateBps: bigint;
  poolCapBps: bigint | null;
  allocations: readonly AllocationRecord[];
}

export const initialWindowState: WindowState = { status: null, windowId: null, ventureId: null, opensAt: null, closesAt: null, equityRateBps: 0n, poolCapBps: null, allocations: [] };

export function evolveWindow(state: WindowState, event: WindowEvent): WindowState {
  switch (event.type) {
    case 'WindowScheduled': {
      const { windowId, ventureId, opensAt, closesAt, equityRateBps, poolCapBps } = event.data;
      return { ...state, status: 'SCHEDULED', windowId, ventureId, opensAt, closesAt, equityRateBps: BigInt(equityRateBps), poolCapBps: poolCapBps === null ? null : BigInt(poolCapBps) };
    }
    case 'WindowOpened':
      return { ...state, status: 'OPEN' };
    case 'WindowClosed':
      return { ...state, status: 'CLOSED' };
    case 'WindowFinalized':
      return { ...state, status: 'FINALIZED', allocations: event.data.allocations };
    default:
      return assertNever(event);
  }
}

export const windowDecider: Decider<WindowState, WindowEvent> = { initialState: initialWindowState, evolve: evolveWindow };
