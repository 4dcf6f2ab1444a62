import type { Knex } from 'knex';
import * as roles from './20261124000000_roles';
import * as eventStore from './20261124000100_event_store';
import * as projections from './20261124000200_projections';
import * as identity from './20261124000300_identity';
import * as audit from './20261124000400_audit';
import * as ventures from './20261124000500_ventures';
import * as earning from './20261124000600_earning';
import * as conversion from './20261124000700_conversion';
import * as leastPrivilege from './20261206000000_least_privilege';
import * as projectionFailures from './20261206000100_projection_failures';
import * as rateLimitHits from './20261206000200_rate_limit_hits';
import * as kycDecisions from './20261206000300_kyc_decisions';
import * as passwordLockInLog from './20261207000000_password_lock_in_log';
import * as dropPreviousRefreshHash from './20261207000100_drop_previous_refresh_hash';
import * as people from './20261207000200_people';
import * as chainEnvelope from './20261207000200_chain_envelope';
import * as documents from './20261207000200_documents';
import * as feedWaitsForEventWriters from './20261207010000_feed_waits_for_event_writers';
import * as appendEventBatch from './20261207010100_append_event_batch';
import * as merkleNodes from './20261207010200_merkle_nodes';
import * as checkpointCosignatures from './20261207020000_checkpoint_cosignatures';
import * as checkpointKind from './20261207030000_checkpoint_kind';
import * as accountBasics from './20261207050000_account_basics';
import * as notifications from './20261207060000_notifications';
import * as jobRuns from './20261207070000_job_runs';
import * as taskDetailsFounders from './20261207080000_task_details_founders';
import * as signatureRequestSigners from './20261207090000_signature_request_signers';
import * as taskSkillsRingReviews from './20261207100000_task_skills_ring_reviews';
import * as integrityAlarmCounts from './20261207120000_integrity_alarm_counts';
import * as dropSignatureInbox from './20261207140000_drop_signature_inbox';

/**
 * A static list rather than a directory scan, so the same migrations run from compiled
 * JavaScript, from vitest's TypeScript transform and from the CLI.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261124000000_roles': roles,
  '20261124000100_event_store': eventStore,
  '20261124000200_projections': projections,
  '20261124000300_identity': identity,
  '20261124000400_audit': audit,
  '20261124000500_ventures': ventures,
  '20261124000600_earning': earning,
  '20261124000700_conversion': conversion,
  '20261206000000_least_privilege': leastPrivilege,
  '20261206000100_projection_failures': projectionFailures,
  '20261206000200_rate_limit_hits': rateLimitHits,
  '20261206000300_kyc_decisions': kycDecisions,
  '20261207000000_password_lock_in_log': passwordLockInLog,
  '20261207000100_drop_previous_refresh_hash': dropPreviousRefreshHash,
  '20261207000200_documents': documents,
  '20261207000200_people': people,
  '20261207000200_chain_envelope': chainEnvelope,
  '20261207010000_feed_waits_for_event_writers': feedWaitsForEventWriters,
  '20261207010100_append_event_batch': appendEventBatch,
  '20261207010200_merkle_nodes': merkleNodes,
  '20261207020000_checkpoint_cosignatures': checkpointCosignatures,
  '20261207030000_checkpoint_kind': checkpointKind,
  '20261207050000_account_basics': accountBasics,
  '20261207060000_notifications': notifications,
  '20261207070000_job_runs': jobRuns,
  '20261207080000_task_details_founders': taskDetailsFounders,
  '20261207090000_signature_request_signers': signatureRequestSigners,
  '20261207100000_task_skills_ring_reviews': taskSkillsRingReviews,
  '20261207120000_integrity_alarm_counts': integrityAlarmCounts,
  '20261207140000_drop_signature_inbox': dropSignatureInbox,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations).sort()),
  getMigrationName: (name) => name,
  getMigration: (name) => Promise.resolve(migrations[name]),
};
