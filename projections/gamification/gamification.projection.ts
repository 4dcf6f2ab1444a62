import type { Knex } from 'knex';
import type { AwardEvent } from '../../src/badges/domain/awards';
import type { CredentialStatusEvent } from '../../src/badges/domain/credential-status';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection, TableNames } from '../../src/platform/projections/projection';
import type { EndorsementRingEvent } from '../../src/people/domain/endorsement-rings';
import type { EndorsementGivenData } from '../../src/people/domain/person.events';

const idOf = (streamId: string) => streamId.slice(streamId.indexOf('-') + 1);

/**
 * `endorsements` (who endorsed whom for what), `badge_holdings` (one row per member and badge,
 * revoked or not), `badge_credentials` (each issued credential and its status bit) and
 * `endorsement_flags` (rings for compliance, and their review). Every write is an insert that
 * ignores a row it already has, or an update guarded by the stream revision or by what it
 * already holds, so a redelivered event changes nothing.
 */
export const gamificationProjection: Projection = {
  name: 'gamification',
  tables: ['endorsements', 'badge_holdings', 'badge_credentials', 'endorsement_flags'],
  canHandle: [
    'EndorsementGiven',
    'BadgeAwarded',
    'BadgeRevoked',
    'CredentialIssued',
    'CredentialRevoked',
    'EndorsementRingFlagged',
    'EndorsementRingReviewed',
  ],
  async apply(transaction, events, tables) {
    for (const event of events) await applyOne(transaction, tables, event);
  },
};

async function applyOne(knex: Knex.Transaction, tables: TableNames, recorded: RecordedEvent): Promise<void> {
  const at = recorded.metadata.occurredAt;
  const event = { type: recorded.type, data: recorded.data } as
    | AwardEvent
    | CredentialStatusEvent
    | EndorsementRingEvent
    | { type: 'EndorsementGiven'; data: EndorsementGivenData };
  switch (event.type) {
    case 'EndorsementGiven': {
      const { endorsementId, endorseeId, skillSlug, day, weightMilli } = event.data;
      const row = {
        endorsement_id: endorsementId,
        endorser_id: idOf(recorded.streamId),
        endorsee_id: endorseeId,
        skill_slug: skillSlug,
        day,
        weight_milli: weightMilli,
        occurred_at: at,
      };
      await knex(tables.endorsements).insert(row).onConflict('endorsement_id').ignore();
      return;
    }
    case 'BadgeAwarded': {
      const row = {
        user_id: idOf(recorded.streamId),
        badge_code: event.data.badgeCode,
        award_event_id: recorded.eventId,
        awarded_at: at,
        revoked_at: null,
        last_revision: recorded.revision.toString(),
      };
      await knex(tables.badge_holdings)
        .insert(row)
        .onConflict(['user_id', 'badge_code'])
        .merge()
        .where(`${tables.badge_holdings}.last_revision`, '<', row.last_revision);
      return;
    }
    case 'BadgeRevoked':
      await knex(tables.badge_holdings)
        .where({ user_id: idOf(recorded.streamId), badge_code: event.data.badgeCode })
        .andWhere('last_revision', '<', recorded.revision.toString())
        .update({ revoked_at: at, last_revision: recorded.revision.toString() });
      return;
    case 'CredentialIssued': {
      const { credentialId, userId, badgeCode, awardEventId, awardEventHash, awardedAt, statusListIndex } = event.data;
      const row = {
        credential_id: credentialId,
        user_id: userId,
        badge_code: badgeCode,
        award_event_id: awardEventId,
        award_event_hash: awardEventHash,
        awarded_at: awardedAt,
        status_index: statusListIndex,
      };
      await knex(tables.badge_credentials).insert(row).onConflict('credential_id').ignore();
      return;
    }
    case 'CredentialRevoked':
      await knex(tables.badge_credentials)
        .where({ credential_id: event.data.credentialId })
        .whereNull('revoked_at')
        .update({ revoked_at: at });
      return;
    case 'EndorsementRingFlagged': {
      const { kind, memberIds, endorsementIds, day } = event.data;
      await knex(tables.endorsement_flags)
        .insert({
          flag_id: idOf(recorded.streamId),
          kind,
          member_ids: memberIds,
          endorsement_ids: endorsementIds,
          day,
          flagged_at: at,
        })
        .onConflict('flag_id')
        .ignore();
      return;
    }
    case 'EndorsementRingReviewed': {
      // The flag came first on the same stream, so its row is there; a review is recorded once.
      const { reviewedBy, reviewedAt, outcome } = event.data;
      await knex(tables.endorsement_flags)
        .where({ flag_id: idOf(recorded.streamId) })
        .whereNull('reviewed_at')
        .update({ reviewed_by: reviewedBy, reviewed_at: reviewedAt, review_outcome: outcome });
      return;
    }
  }
}
