import { describe, expect, it } from 'vitest';
import { MfaLockedError, acceptMfaCode, lockMsAfter, rejectMfaCode } from '../../../src/identity/domain/lockout.decide';
import type { UserEvent } from '../../../src/identity/domain/user.events';
import { evolveUser, initialUserState, type UserState } from '../../../src/identity/domain/user.state';

const T0 = new Date('2026-11-24T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const fold = (state: UserState, events: UserEvent[]) => events.reduce(evolveUser, state);

/** `count` wrong codes at T0, each decided on the state the ones before it left. */
function rejected(count: number, state: UserState = initialUserState): UserState {
  for (let index = 0; index < count; index += 1) state = fold(state, rejectMfaCode(state, 'totp', T0));
  return state;
}

describe('MFA lock (decided from the user stream)', () => {
  it('backs off exponentially after five failures, up to a 15 minute lock, as sign-in does', () => {
    expect([1, 5, 6, 7, 8, 10, 20].map(lockMsAfter)).toEqual([0, 0, 1000, 2000, 4000, 16_000, 900_000]);
  });

  it('records the kind and the lock, never the code', () => {
    expect(rejectMfaCode(rejected(5), 'recovery', T0)).toEqual([{ type: 'MfaCodeRejected', data: { kind: 'recovery', lockedUntil: at(1000).toISOString() } }]);
    expect(rejectMfaCode(initialUserState, 'totp', T0)).toEqual([{ type: 'MfaCodeRejected', data: { kind: 'totp', lockedUntil: null } }]);
  });

  it('accepts a good code after five failures, and refuses it from the sixth until the lock ends', () => {
    expect(acceptMfaCode(rejected(5), 'totp', T0)).toEqual([{ type: 'MfaCodeAccepted', data: { kind: 'totp' } }]);
    const locked = rejected(7);
    expect(locked.mfaLockedUntil).toBe(at(2000).toISOString());
    expect(() => acceptMfaCode(locked, 'totp', at(1999))).toThrow(MfaLockedError);
    expect(() => acceptMfaCode(locked, 'totp', at(1001))).toThrow(expect.objectContaining({ httpStatus: 429, details: { retryAfterSeconds: 1 } }));
    expect(acceptMfaCode(locked, 'totp', at(2000))).toEqual([{ type: 'MfaCodeAccepted', data: { kind: 'totp' } }]);
  });

  it('starts counting again after a good code, which writes nothing when there was no failure', () => {
    const reset = fold(rejected(7), acceptMfaCode(rejected(7), 'totp', at(2000)));
    expect(reset).toMatchObject({ mfaFailures: 0, mfaLockedUntil: null });
    expect(acceptMfaCode(reset, 'totp', at(2000))).toEqual([]);
    expect(rejected(5, reset).mfaLockedUntil).toBeNull();
  });
});
