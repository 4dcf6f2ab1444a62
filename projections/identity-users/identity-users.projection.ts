import type { Knex } from 'knex';
import { categoryOf } from '../../src/platform/event-store/event-naming';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import type { UserEvent } from '../../src/identity/domain/user.events';
import { assertNever } from '../../src/shared-kernel/assert-never';

/**
 * One row per user for the admin list and the KYC queue. Each change is a single idempotent
 * statement (set membership, status overwrite), so replaying a batch changes nothing.
 */
export const identityUsersProjection: Projection = {
  name: 'identity_users',
  tables: ['identity_users'],
  canHandle: [
    'UserRegistered',
    'RoleGranted',
    'RoleRevoked',
    'MfaEnabled',
    'KycSubmitted',
    'KycStatusChanged',
    'MfaResetApproved',
  ],
  async apply(transaction, events, tables) {
    for (const event of events) {
      if (categoryOf(event.streamId) === 'user') await applyUserEvent(transaction, tables.identity_users, event);
    }
  },
};

async function applyUserEvent(knex: Knex.Transaction, table: string, recorded: RecordedEvent): Promise<void> {
  const userId = recorded.streamId.slice('user-'.length);
  const event = { type: recorded.type, data: recorded.data } as UserEvent;
  const row = () => knex(table).where({ user_id: userId });
  switch (event.type) {
    case 'UserRegistered':
      await knex(table)
        .insert({ user_id: userId, registered_at: recorded.metadata.occurredAt })
        .onConflict('user_id')
        .ignore();
      return;
    case 'RoleGranted':
      await row().update({
        roles: knex.raw('array(select distinct unnest(roles || ?::text) order by 1)', [event.data.role]),
      });
      return;
    case 'RoleRevoked':
      await row().update({ roles: knex.raw('array_remove(roles, ?::text)', [event.data.role]) });
      return;
    case 'MfaEnabled':
      await row().update({ mfa_enabled: true });
      return;
    case 'MfaResetApproved':
      await row().update({ mfa_enabled: false });
      return;
    case 'KycSubmitted':
      await row().update({ kyc_status: 'PENDING', kyc_submission_id: event.data.submissionId });
      return;
    case 'KycStatusChanged':
      await row().update({ kyc_status: event.data.status });
      return;
    case 'DevicePostureReported':
    case 'PolicyViolationRecorded':
    case 'LoginFailed':
    case 'LoginFailuresCleared':
    case 'MfaCodeRejected':
    case 'MfaCodeAccepted':
    case 'PasswordChanged':
    case 'PasswordResetIssued':
    case 'SessionRevoked':
    case 'MfaResetRequested':
      return;
    default:
      assertNever(event);
  }
}
