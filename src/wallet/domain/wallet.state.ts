import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import { invariant } from '../../shared-kernel/invariant';
import type { WalletEvent } from './wallet.events';

export interface WalletState {
  balanceBuz: bigint;
  /** Locked for pending conversions; not spendable. */
  lockedBuz: bigint;
  /** BUZ issued per UTC day (YYYY-MM-DD), for the daily cap. */
  issuedByDay: Readonly<Record<string, bigint>>;
}

export const initialWalletState: WalletState = { balanceBuz: 0n, lockedBuz: 0n, issuedByDay: {} };

/**
 * 0 ≤ locked ≤ balance after every event: nothing unlocks or burns more than is locked, nothing
 * locks more than is held, and so the balance never goes below zero.
 */
export function evolveWallet(state: WalletState, event: WalletEvent): WalletState {
  const next = applyWalletEvent(state, event);
  const details = { event: event.type, balanceBuz: next.balanceBuz.toString(), lockedBuz: next.lockedBuz.toString() };
  invariant(next.lockedBuz >= 0n, 'wallet', 'locked ≥ 0', details);
  invariant(next.lockedBuz <= next.balanceBuz, 'wallet', 'locked ≤ balance', details);
  return next;
}

function applyWalletEvent(state: WalletState, event: WalletEvent): WalletState {
  switch (event.type) {
    case 'BuzIssued': {
      const amount = BigInt(event.data.amountBuz);
      const issued = (state.issuedByDay[event.data.day] ?? 0n) + amount;
      return {
        ...state,
        balanceBuz: state.balanceBuz + amount,
        issuedByDay: { ...state.issuedByDay, [event.data.day]: issued },
      };
    }
    case 'BuzIssuanceWithheld':
      return state;
    case 'BuzLocked':
      return { ...state, lockedBuz: state.lockedBuz + BigInt(event.data.amountBuz) };
    case 'BuzUnlocked':
      return { ...state, lockedBuz: state.lockedBuz - BigInt(event.data.amountBuz) };
    case 'BuzBurned':
      // Burning spends locked BUZ: it leaves both the balance and the lock.
      return {
        ...state,
        balanceBuz: state.balanceBuz - BigInt(event.data.amountBuz),
        lockedBuz: state.lockedBuz - BigInt(event.data.amountBuz),
      };
    case 'BuzAdjusted':
      return { ...state, balanceBuz: state.balanceBuz + BigInt(event.data.amountBuz) };
    default:
      return assertNever(event);
  }
}

export const walletDecider: Decider<WalletState, WalletEvent> = {
  initialState: initialWalletState,
  evolve: evolveWallet,
};

export function availableBuz(state: WalletState): bigint {
  return state.balanceBuz - state.lockedBuz;
}
