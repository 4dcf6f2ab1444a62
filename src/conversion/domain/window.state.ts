import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import { invariant } from '../../shared-kernel/invariant';
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

export const initialWindowState: WindowState = {
  status: null,
  windowId: null,
  ventureId: null,
  opensAt: null,
  closesAt: null,
  equityRateBps: 0n,
  poolCapBps: null,
  allocations: [],
  conversionIds: [],
};

/** The status each window event needs: the lifecycle runs one way, and filings land only on an open window. */
const STATUS_BEFORE: Readonly<Record<WindowEvent['type'], WindowStatus | null>> = {
  WindowScheduled: null,
  WindowOpened: 'SCHEDULED',
  ConversionFiled: 'OPEN',
  WindowClosed: 'OPEN',
  WindowFinalized: 'CLOSED',
};

function assertInvariants(state: WindowState, event: WindowEvent): void {
  const needed = STATUS_BEFORE[event.type];
  invariant(state.status === needed, 'window', 'SCHEDULED → OPEN → CLOSED → FINALIZED, filings while OPEN', {
    event: event.type,
    status: state.status,
    needed,
  });
  if (event.type === 'ConversionFiled') {
    invariant(!state.conversionIds.includes(event.data.conversionId), 'window', 'a request is filed once', {
      conversionId: event.data.conversionId,
    });
  }
}

export function evolveWindow(state: WindowState, event: WindowEvent): WindowState {
  assertInvariants(state, event);
  switch (event.type) {
    case 'WindowScheduled': {
      const { windowId, ventureId, opensAt, closesAt, equityRateBps, poolCapBps } = event.data;
      return {
        ...state,
        status: 'SCHEDULED',
        windowId,
        ventureId,
        opensAt,
        closesAt,
        equityRateBps: BigInt(equityRateBps),
        poolCapBps: poolCapBps === null ? null : BigInt(poolCapBps),
      };
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

export const windowDecider: Decider<WindowState, WindowEvent> = {
  initialState: initialWindowState,
  evolve: evolveWindow,
};

export interface WindowIndexState {
  windowIds: readonly string[];
}

export const windowIndexDecider: Decider<WindowIndexState, WindowIndexEvent> = {
  initialState: { windowIds: [] },
  evolve: (state, event) => {
    invariant(!state.windowIds.includes(event.data.windowId), 'window index', 'a window is listed once', {
      windowId: event.data.windowId,
    });
    return { windowIds: [...state.windowIds, event.data.windowId] };
  },
};
