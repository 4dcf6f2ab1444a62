import type { Decider } from '../../shared-kernel/decider';
import { invariant } from '../../shared-kernel/invariant';
import type { EquityPoolDraw, EquityPoolEvent } from './equity-pool.events';
import { decideFinalization, type FinalizeWindowCommand, type PoolShare } from './window.decide';
import type { WindowState } from './window.state';

export interface EquityPoolState {
  /** One per finalized window, in the order they drew. */
  draws: readonly EquityPoolDraw[];
  grantedBps: bigint;
}

export const initialEquityPoolState: EquityPoolState = { draws: [], grantedBps: 0n };

/** What the founders' pool still holds after every window that drew from it (never below 0). */
function leftOf(founderPoolBps: bigint, pool: EquityPoolState): bigint {
  return founderPoolBps > pool.grantedBps ? founderPoolBps - pool.grantedBps : 0n;
}

export function evolveEquityPool(state: EquityPoolState, event: EquityPoolEvent): EquityPoolState {
  const { windowId, founderPoolBps, leftBps, grantedBps } = event.data;
  invariant(!state.draws.some((draw) => draw.windowId === windowId), 'equity pool', 'a window draws once', {
    windowId,
  });
  invariant(
    BigInt(leftBps) === leftOf(BigInt(founderPoolBps), state),
    'equity pool',
    'a window draws on what the windows before it left',
    { windowId, leftBps, grantedBefore: state.grantedBps.toString() },
  );
  invariant(BigInt(grantedBps) <= BigInt(leftBps), 'equity pool', 'a window grants no more than is left', {
    windowId,
    leftBps,
    grantedBps,
  });
  return { draws: [...state.draws, event.data], grantedBps: state.grantedBps + BigInt(grantedBps) };
}

export const equityPoolDecider: Decider<EquityPoolState, EquityPoolEvent> = {
  initialState: initialEquityPoolState,
  evolve: evolveEquityPool,
};

/**
 * A window's finalization draws on its venture's pool: the window's own decision, made on what
 * the pool has left, recorded with what it grants. A window that drew already draws nothing more.
 */
export interface DrawForWindow {
  type: 'DrawForWindow';
  /** 10,000 bp less the founders' allocation (VentureCreated v2). */
  founderPoolBps: bigint;
  finalize: Omit<FinalizeWindowCommand, 'pool'>;
  window: WindowState;
}

export function decideEquityPool(command: DrawForWindow, pool: EquityPoolState): EquityPoolEvent[] {
  const { windowId } = command.finalize;
  if (pool.draws.some((draw) => draw.windowId === windowId)) return [];
  const leftBps = leftOf(command.founderPoolBps, pool);
  const finalized = decideFinalization(command.window, { ...command.finalize, pool: { leftBps, drawnBps: null } });
  return [
    {
      type: 'EquityPoolDrawn',
      data: {
        windowId,
        founderPoolBps: command.founderPoolBps.toString(),
        leftBps: leftBps.toString(),
        grantedBps: finalized.totalGrantedBps,
      },
    },
  ];
}

/** The window's share of the pool: its recorded draw, or (before it drew) what is left now. */
export function poolShareOf(pool: EquityPoolState, windowId: string, founderPoolBps: bigint): PoolShare {
  const draw = pool.draws.find((candidate) => candidate.windowId === windowId);
  return draw
    ? { leftBps: BigInt(draw.leftBps), drawnBps: BigInt(draw.grantedBps) }
    : { leftBps: leftOf(founderPoolBps, pool), drawnBps: null };
}
