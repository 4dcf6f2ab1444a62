import { describe, it } from 'vitest';
import type { UserCommand } from '../../../src/identity/domain/user.decide';
import { granted, kycDecided, kycSubmitted, registered, userSpec } from '../../support/user-events';

const decideKyc = (status: 'PASSED' | 'FAILED' = 'PASSED', decidedBy = 'officer'): UserCommand => ({
  type: 'DecideKyc',
  userId: 'u1',
  status,
  decidedBy,
  decisionId: 'd2',
});
const posture = (
  overrides: Partial<{ diskEncrypted: boolean; osUpToDate: boolean; screenLock: boolean }> = {},
): UserCommand => ({
  type: 'ReportDevicePosture',
  posture: { deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true, ...overrides },
});

describe('registering a user', () => {
  it('records the user with the member role, once', () => {
    userSpec
      .given()
      .when({ type: 'Register', userId: 'u1' })
      .then(...registered);
    userSpec
      .given(...registered)
      .when({ type: 'Register', userId: 'u1' })
      .thenNothingHappened();
  });
});

describe('granting and revoking roles', () => {
  it('grants a role not held, names who granted it, and writes nothing for one held', () => {
    userSpec
      .given(...registered)
      .when({ type: 'GrantRole', userId: 'u1', role: 'board', grantedBy: 'admin-1' })
      .then(granted('board'));
    userSpec
      .given(...registered, granted('board'))
      .when({ type: 'GrantRole', userId: 'u1', role: 'board', grantedBy: 'admin-2' })
      .thenNothingHappened();
  });

  it('revokes a role held, and writes nothing for one not held', () => {
    userSpec
      .given(...registered, granted('board'))
      .when({ type: 'RevokeRole', userId: 'u1', role: 'board', revokedBy: 'admin-1', reason: 'left the board' })
      .then({ type: 'RoleRevoked', data: { role: 'board', revokedBy: 'admin-1', reason: 'left the board' } });
    userSpec
      .given(...registered)
      .when({ type: 'RevokeRole', userId: 'u1', role: 'board', revokedBy: 'admin-1', reason: null })
      .thenNothingHappened();
  });

  it('refuses an admin revoking their own admin role, and any role change of an unknown user', () => {
    userSpec
      .given(...registered, granted('admin'))
      .when({ type: 'RevokeRole', userId: 'u1', role: 'admin', revokedBy: 'u1', reason: null })
      .thenThrows('CANNOT_REVOKE_OWN_ADMIN');
    userSpec
      .given()
      .when({ type: 'GrantRole', userId: 'u1', role: 'board', grantedBy: null })
      .thenThrows({ httpStatus: 404, code: 'USER_NOT_FOUND' });
    userSpec
      .given()
      .when({ type: 'RevokeRole', userId: 'u1', role: 'board', revokedBy: 'admin-1', reason: null })
      .thenThrows('USER_NOT_FOUND');
  });
});

describe('enabling MFA', () => {
  it('records it once, for a registered user only: a second time is refused', () => {
    userSpec
      .given(...registered)
      .when({ type: 'EnableMfa', userId: 'u1' })
      .then({ type: 'MfaEnabled', data: { method: 'totp' } });
    userSpec
      .given(...registered, { type: 'MfaEnabled', data: { method: 'totp' } })
      .when({ type: 'EnableMfa', userId: 'u1' })
      .thenThrows({ httpStatus: 409, code: 'MFA_ALREADY_ENABLED' });
    userSpec.given().when({ type: 'EnableMfa', userId: 'u1' }).thenThrows('USER_NOT_FOUND');
  });
});

describe('KYC', () => {
  it('takes a submission when none is pending or passed, also after a failure', () => {
    userSpec
      .given(...registered)
      .when({ type: 'SubmitKyc', userId: 'u1', submissionId: 's1' })
      .then(kycSubmitted('s1'));
    userSpec
      .given(...registered, kycSubmitted('s1'), kycDecided('FAILED', 's1'))
      .when({ type: 'SubmitKyc', userId: 'u1', submissionId: 's2' })
      .then(kycSubmitted('s2'));
  });

  it('refuses a submission while one is pending or after a pass, and for an unknown user', () => {
    userSpec
      .given(...registered, kycSubmitted())
      .when({ type: 'SubmitKyc', userId: 'u1', submissionId: 's2' })
      .thenThrows('KYC_ALREADY_PENDING');
    userSpec
      .given(...registered, kycSubmitted(), kycDecided('PASSED'))
      .when({ type: 'SubmitKyc', userId: 'u1', submissionId: 's2' })
      .thenThrows('KYC_ALREADY_PASSED');
    userSpec.given().when({ type: 'SubmitKyc', userId: 'u1', submissionId: 's1' }).thenThrows('USER_NOT_FOUND');
  });

  it('decides the pending submission, naming it and the decision whose reason is kept apart', () => {
    userSpec
      .given(...registered, kycSubmitted('s1'))
      .when(decideKyc('PASSED'))
      .then({
        type: 'KycStatusChanged',
        data: { status: 'PASSED', decidedBy: 'officer', decisionId: 'd2', submissionId: 's1' },
      });
  });

  it('refuses a decision with nothing pending, and on your own KYC', () => {
    userSpec
      .given(...registered)
      .when(decideKyc())
      .thenThrows({ code: 'KYC_NOT_PENDING', details: { status: 'NOT_SUBMITTED' } });
    userSpec
      .given(...registered, kycSubmitted(), kycDecided('FAILED'))
      .when(decideKyc())
      .thenThrows('KYC_NOT_PENDING');
    userSpec
      .given(...registered, kycSubmitted())
      .when(decideKyc('PASSED', 'u1'))
      .thenThrows('OWN_KYC');
  });
});

describe('device posture and policy violations', () => {
  it('marks a device compliant only with disk encryption, OS updates and a screen lock', () => {
    const reported = (compliant: boolean, overrides = {}) =>
      ({
        type: 'DevicePostureReported',
        data: { deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true, ...overrides, compliant },
      }) as const;
    userSpec
      .given(...registered)
      .when(posture())
      .then(reported(true));
    userSpec
      .given(...registered)
      .when(posture({ screenLock: false }))
      .then(reported(false, { screenLock: false }));
    userSpec
      .given(...registered)
      .when(posture({ diskEncrypted: false }))
      .then(reported(false, { diskEncrypted: false }));
  });

  it('records a violation for a registered user only', () => {
    const violation: UserCommand = {
      type: 'RecordPolicyViolation',
      userId: 'u1',
      violationId: 'v1',
      policy: 'shared password',
      severity: 'HIGH',
      recordedBy: 'officer',
    };
    userSpec
      .given(...registered)
      .when(violation)
      .then({
        type: 'PolicyViolationRecorded',
        data: { violationId: 'v1', policy: 'shared password', severity: 'HIGH', recordedBy: 'officer' },
      });
    userSpec.given().when(violation).thenThrows('USER_NOT_FOUND');
  });
});

describe('the user invariants', () => {
  it('register a user once, turn MFA on once, grant only roles not held and revoke only roles held', () => {
    userSpec.given(...registered, ...registered).thenViolates('a user registers once');
    userSpec
      .given(...registered, granted('board'), granted('board'))
      .thenViolates('a role is granted only when not held');
    userSpec
      .given(...registered, { type: 'RoleRevoked', data: { role: 'board', revokedBy: 'admin-1', reason: null } })
      .thenViolates('a role is revoked only when held');
    userSpec
      .given(
        ...registered,
        { type: 'MfaEnabled', data: { method: 'totp' } },
        { type: 'MfaEnabled', data: { method: 'totp' } },
      )
      .thenViolates('MFA is enabled once');
  });

  it('keep KYC in order: no submission over a pending or passed one, no decision without a pending one', () => {
    userSpec
      .given(...registered, kycSubmitted('s1'), kycSubmitted('s2'))
      .thenViolates('KYC is submitted only when none is pending or passed');
    userSpec
      .given(...registered, kycSubmitted(), kycDecided('PASSED'), kycSubmitted('s2'))
      .thenViolates('KYC is submitted only when none is pending or passed');
    userSpec
      .given(...registered, kycDecided('PASSED'))
      .thenViolates('KYC is decided only while a submission is pending');
  });
});
