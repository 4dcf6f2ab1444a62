import { describe, it } from 'vitest';
import type { UserEvent } from '../../../src/identity/domain/user.events';
import { at, granted, passwordRejections, registered, T0, userSpec } from '../../support/user-events';

const issued = (resetId = 'r1', expiresAt = at(60_000)): UserEvent => ({
  type: 'PasswordResetIssued',
  data: { resetId, issuedBy: 'admin-1', expiresAt: expiresAt.toISOString() },
});
const usedLink = (resetId = 'r1'): UserEvent => ({ type: 'PasswordChanged', data: { via: 'RESET_LINK', resetId } });
const mfaOn: UserEvent = { type: 'MfaEnabled', data: { method: 'totp' } };
const requested = (requestId = 'q1', requestedBy = 'admin-1'): UserEvent => ({
  type: 'MfaResetRequested',
  data: { requestId, requestedBy },
});

describe('changing a password', () => {
  it('records that it changed, never what to', () => {
    userSpec
      .given(...registered)
      .when({ type: 'ChangePassword', userId: 'u1', now: T0 })
      .then({ type: 'PasswordChanged', data: { via: 'CURRENT_PASSWORD', resetId: null } });
  });

  it('is refused while wrong passwords keep the account locked, and for an unknown user', () => {
    userSpec
      .given(...registered, ...passwordRejections(6))
      .when({ type: 'ChangePassword', userId: 'u1', now: T0 })
      .thenThrows('ACCOUNT_LOCKED');
    userSpec.given().when({ type: 'ChangePassword', userId: 'u1', now: T0 }).thenThrows('USER_NOT_FOUND');
  });
});

describe('admin-issued reset links', () => {
  it('records who issued which link and until when; the same link twice is written once', () => {
    const expiresAt = at(60_000);
    userSpec
      .given(...registered)
      .when({ type: 'IssuePasswordReset', userId: 'u1', resetId: 'r1', issuedBy: 'admin-1', expiresAt })
      .then(issued('r1', expiresAt));
    userSpec
      .given(...registered, issued())
      .when({ type: 'IssuePasswordReset', userId: 'u1', resetId: 'r1', issuedBy: 'admin-1', expiresAt })
      .thenNothingHappened();
  });

  it('refuses a link for your own account, and for an unknown user', () => {
    userSpec
      .given(...registered, granted('admin'))
      .when({ type: 'IssuePasswordReset', userId: 'u1', resetId: 'r1', issuedBy: 'u1', expiresAt: at(1) })
      .thenThrows('OWN_ACCOUNT_RESET');
    userSpec
      .given()
      .when({ type: 'IssuePasswordReset', userId: 'u1', resetId: 'r1', issuedBy: 'admin-1', expiresAt: at(1) })
      .thenThrows('USER_NOT_FOUND');
  });

  it('changes the password once, before the link expires', () => {
    userSpec
      .given(...registered, issued())
      .when({ type: 'UsePasswordReset', userId: 'u1', resetId: 'r1', now: at(59_999) })
      .then(usedLink());
  });

  it('refuses a used, an expired and an unknown link, saying which', () => {
    userSpec
      .given(...registered, issued(), usedLink())
      .when({ type: 'UsePasswordReset', userId: 'u1', resetId: 'r1', now: at(1) })
      .thenThrows({ code: 'RESET_LINK_INVALID', details: { reason: 'USED' } });
    userSpec
      .given(...registered, issued())
      .when({ type: 'UsePasswordReset', userId: 'u1', resetId: 'r1', now: at(60_000) })
      .thenThrows({ code: 'RESET_LINK_INVALID', details: { reason: 'EXPIRED' } });
    userSpec
      .given(...registered, issued())
      .when({ type: 'UsePasswordReset', userId: 'u1', resetId: 'r2', now: at(1) })
      .thenThrows({ code: 'RESET_LINK_INVALID', details: { reason: 'UNKNOWN' } });
  });

  it('keeps each link to itself: using one leaves another working', () => {
    userSpec
      .given(...registered, issued('r1'), issued('r2'), usedLink('r1'))
      .when({ type: 'UsePasswordReset', userId: 'u1', resetId: 'r2', now: at(1) })
      .then(usedLink('r2'));
  });

  it('never lets a history use a link twice', () => {
    userSpec.given(...registered, issued(), usedLink(), usedLink()).thenViolates('a reset link is used once');
  });
});

describe('revoking a session', () => {
  it('records which session and who ended it', () => {
    userSpec
      .given(...registered)
      .when({ type: 'RevokeSession', sessionId: 's1', revokedBy: 'u1' })
      .then({ type: 'SessionRevoked', data: { sessionId: 's1', revokedBy: 'u1' } });
  });
});

describe('the two-person MFA reset', () => {
  it('is asked for by someone else, for an account with MFA on; asking again with the same id is a no-op', () => {
    userSpec
      .given(...registered, mfaOn)
      .when({ type: 'RequestMfaReset', userId: 'u1', requestId: 'q1', requestedBy: 'admin-1' })
      .then(requested());
    userSpec
      .given(...registered, mfaOn, requested())
      .when({ type: 'RequestMfaReset', userId: 'u1', requestId: 'q1', requestedBy: 'admin-1' })
      .thenNothingHappened();
  });

  it('refuses asking for yourself, for an account without MFA, and while another request waits', () => {
    userSpec
      .given(...registered, mfaOn)
      .when({ type: 'RequestMfaReset', userId: 'u1', requestId: 'q1', requestedBy: 'u1' })
      .thenThrows('OWN_ACCOUNT_RESET');
    userSpec
      .given(...registered)
      .when({ type: 'RequestMfaReset', userId: 'u1', requestId: 'q1', requestedBy: 'admin-1' })
      .thenThrows('MFA_NOT_ENABLED');
    userSpec
      .given(...registered, mfaOn, requested('q1'))
      .when({ type: 'RequestMfaReset', userId: 'u1', requestId: 'q2', requestedBy: 'admin-2' })
      .thenThrows('MFA_RESET_PENDING');
  });

  it('is approved by a second person, which turns MFA off so it can be set up again', () => {
    userSpec
      .given(...registered, mfaOn, requested())
      .when({ type: 'ApproveMfaReset', userId: 'u1', requestId: 'q1', approvedBy: 'officer-1' })
      .then({ type: 'MfaResetApproved', data: { requestId: 'q1', approvedBy: 'officer-1' } });
    const after = userSpec.given(...registered, mfaOn, requested(), {
      type: 'MfaResetApproved',
      data: { requestId: 'q1', approvedBy: 'officer-1' },
    });
    after.when({ type: 'EnableMfa', userId: 'u1' }).then(mfaOn);
    after
      .when({ type: 'ApproveMfaReset', userId: 'u1', requestId: 'q1', approvedBy: 'officer-1' })
      .thenNothingHappened();
  });

  it('refuses approval by whoever asked, by the account holder, and of a request that is not waiting', () => {
    const waiting = userSpec.given(...registered, mfaOn, requested('q1', 'admin-1'));
    waiting
      .when({ type: 'ApproveMfaReset', userId: 'u1', requestId: 'q1', approvedBy: 'admin-1' })
      .thenThrows('SECOND_PERSON_REQUIRED');
    waiting
      .when({ type: 'ApproveMfaReset', userId: 'u1', requestId: 'q1', approvedBy: 'u1' })
      .thenThrows('SECOND_PERSON_REQUIRED');
    waiting
      .when({ type: 'ApproveMfaReset', userId: 'u1', requestId: 'q9', approvedBy: 'officer-1' })
      .thenThrows('MFA_RESET_NOT_PENDING');
  });

  it('never lets a history approve a reset by its own requester', () => {
    userSpec
      .given(...registered, mfaOn, requested('q1', 'admin-1'), {
        type: 'MfaResetApproved',
        data: { requestId: 'q1', approvedBy: 'admin-1' },
      })
      .thenViolates('an MFA reset is approved by a second person');
  });
});
