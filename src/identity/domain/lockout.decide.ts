import { DomainError } from '../../shared-kernel/domain-error';
import type { MfaCodeKind, UserEvent } from './user.events';
import type { UserState } from './user.state';

/** Wrong passwords and wrong MFA codes each get five free tries per account. */
const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;

/** After five free failures the account locks for 1 s, 2 s, 4 s… up to 15 minutes. */
export function lockMsAfter(failures: number): number {
  return failures <= FREE_FAILURES ? 0 : Math.min(MAX_LOCK_MS, 1000 * 2 ** (failures - FREE_FAILURES - 1));
}

export class AccountLockedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('ACCOUNT_LOCKED', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

export class MfaLockedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('MFA_LOCKED', `Too many wrong codes; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

/** While the MFA lock holds, no code is even looked at, the right one included. */
export function refuseWhileMfaLocked(state: UserState, now: Date): void {
  const lockedForMs = state.mfaLockedUntil === null ? 0 : Date.parse(state.mfaLockedUntil) - now.getTime();
  if (lockedForMs > 0) throw new MfaLockedError(Math.ceil(lockedForMs / 1000));
}

/**
 * A wrong code counts even if a racing one locked the account meanwhile: it was checked. The
 * lock's end is in the event because folding a stream has no clock.
 */
export function rejectMfaCode(state: UserState, kind: MfaCodeKind, now: Date): UserEvent[] {
  const lockMs = lockMsAfter(state.mfaFailures + 1);
  return [
    {
      type: 'MfaCodeRejected',
      data: { kind, lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null },
    },
  ];
}

/**
 * A good code is decided on the stream's latest state, after every rejection recorded before it,
 * so the right code in a burst of parallel guesses is refused once the burst has earned a lock.
 * It resets the count; with nothing to reset it writes nothing, as a good password doesn't.
 */
export function acceptMfaCode(state: UserState, kind: MfaCodeKind, now: Date): UserEvent[] {
  refuseWhileMfaLocked(state, now);
  return state.mfaFailures === 0 ? [] : [{ type: 'MfaCodeAccepted', data: { kind } }];
}

/** How long the password lock still holds (0: it doesn't). */
export function passwordLockMs(state: UserState, now: Date): number {
  return state.passwordLockedUntil === null ? 0 : Math.max(0, Date.parse(state.passwordLockedUntil) - now.getTime());
}

/**
 * A wrong password, or any attempt while locked, is one event on the user's stream, decided on
 * its latest state: the count and the lock live in the log alone, so there is no second write
 * that could fail after the first, and parallel guesses are each counted.
 */
export function rejectPassword(state: UserState, now: Date): UserEvent[] {
  if (passwordLockMs(state, now) > 0) return [{ type: 'LoginFailed', data: { reason: 'LOCKED_OUT' } }];
  const lockMs = lockMsAfter(state.passwordFailures + 1);
  return [
    {
      type: 'LoginFailed',
      data: { reason: 'BAD_PASSWORD', lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null },
    },
  ];
}

/**
 * The right password, decided on the stream's latest state: a burst of wrong guesses that earned
 * a lock meanwhile refuses it too. It resets the count; with nothing to reset it writes nothing.
 */
export function acceptPassword(state: UserState, now: Date): UserEvent[] {
  const lockedMs = passwordLockMs(state, now);
  if (lockedMs > 0) throw new AccountLockedError(Math.ceil(lockedMs / 1000));
  return state.passwordFailures === 0 ? [] : [{ type: 'LoginFailuresCleared', data: {} }];
}
