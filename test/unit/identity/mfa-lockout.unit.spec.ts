import { describe, expect, it } from 'vitest';
import { lockMsAfter } from '../../../src/identity/domain/lockout.decide';
import { T0, at, mfaRejections, passwordRejections, userSpec } from '../../support/user-events';

const acceptCode = (now = T0) => ({ type: 'AcceptMfaCode', kind: 'totp', now }) as const;
const rejectCode = (kind: 'totp' | 'recovery' = 'totp', now = T0) => ({ type: 'RejectMfaCode', kind, now }) as const;

describe('MFA lock (decided from the user stream)', () => {
  it('backs off exponentially after five failures, up to a 15 minute lock, as sign-in does', () => {
    expect([1, 5, 6, 7, 8, 10, 20].map(lockMsAfter)).toEqual([0, 0, 1000, 2000, 4000, 16_000, 900_000]);
  });

  it('records the kind and the lock, never the code', () => {
    userSpec
      .given(...mfaRejections(5))
      .when(rejectCode('recovery'))
      .then({ type: 'MfaCodeRejected', data: { kind: 'recovery', lockedUntil: at(1000).toISOString() } });
    userSpec
      .given()
      .when(rejectCode())
      .then({ type: 'MfaCodeRejected', data: { kind: 'totp', lockedUntil: null } });
  });

  it('counts a wrong code even while locked: it was checked', () => {
    userSpec
      .given(...mfaRejections(7))
      .when(rejectCode('totp', at(10)))
      .then({ type: 'MfaCodeRejected', data: { kind: 'totp', lockedUntil: at(10 + 4000).toISOString() } });
  });

  it('accepts a good code after five failures, and refuses it from the sixth until the lock ends', () => {
    userSpec
      .given(...mfaRejections(5))
      .when(acceptCode())
      .then({ type: 'MfaCodeAccepted', data: { kind: 'totp' } });
    expect(userSpec.given(...mfaRejections(7)).state().mfaLockedUntil).toBe(at(2000).toISOString());
    userSpec
      .given(...mfaRejections(7))
      .when(acceptCode(at(1999)))
      .thenThrows({ code: 'MFA_LOCKED', httpStatus: 429 });
    userSpec
      .given(...mfaRejections(7))
      .when(acceptCode(at(1001)))
      .thenThrows({ httpStatus: 429, details: { retryAfterSeconds: 1 } });
    userSpec
      .given(...mfaRejections(7))
      .when(acceptCode(at(2000)))
      .then({ type: 'MfaCodeAccepted', data: { kind: 'totp' } });
  });

  it('starts counting again after a good code, which writes nothing when there was no failure', () => {
    const reset = [...mfaRejections(7), { type: 'MfaCodeAccepted', data: { kind: 'totp' } } as const];
    expect(userSpec.given(...reset).state()).toMatchObject({ mfaFailures: 0, mfaLockedUntil: null });
    userSpec
      .given(...reset)
      .when(acceptCode(at(2000)))
      .thenNothingHappened();
    userSpec
      .given(...reset, ...mfaRejections(4))
      .when(rejectCode())
      .then({ type: 'MfaCodeRejected', data: { kind: 'totp', lockedUntil: null } });
  });
});

describe('password lock (decided from the user stream)', () => {
  it('records a wrong password with the lock it earned, and any attempt while locked as LOCKED_OUT', () => {
    userSpec
      .given()
      .when({ type: 'RejectPassword', now: T0 })
      .then({ type: 'LoginFailed', data: { reason: 'BAD_PASSWORD', lockedUntil: null } });
    userSpec
      .given(...passwordRejections(5))
      .when({ type: 'RejectPassword', now: T0 })
      .then({ type: 'LoginFailed', data: { reason: 'BAD_PASSWORD', lockedUntil: at(1000).toISOString() } });
    userSpec
      .given(...passwordRejections(6))
      .when({ type: 'RejectPassword', now: at(999) })
      .then({ type: 'LoginFailed', data: { reason: 'LOCKED_OUT' } });
  });

  it('refuses the right password while locked (429 with the wait), and clears the count after', () => {
    userSpec
      .given(...passwordRejections(6))
      .when({ type: 'AcceptPassword', now: at(1) })
      .thenThrows({ code: 'ACCOUNT_LOCKED', httpStatus: 429, details: { retryAfterSeconds: 1 } });
    userSpec
      .given(...passwordRejections(6))
      .when({ type: 'AcceptPassword', now: at(1000) })
      .then({ type: 'LoginFailuresCleared', data: {} });
    userSpec.given().when({ type: 'AcceptPassword', now: T0 }).thenNothingHappened();
  });
});
