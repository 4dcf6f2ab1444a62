import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import { IdempotencyConflictError } from '../../platform/event-store/stream-decider';

/**
 * KYC's table halves: evidence and decision reasons are personal, so they live in tables and the
 * events only name them. Each row is written before its event, under an id derived from the
 * command, and is read only through an event that names it; so a failure between the two writes
 * leaves a row nobody sees, and a retry with the same Idempotency-Key (same id) finds the row,
 * appends the event and completes the pair. The same key with other content is refused, as for
 * events. `check` runs the command's rules before a first row is written, so a refused command
 * stores nothing; a retry skips it and lets the event replay (or complete) decide.
 */
interface RowOnce {
  commandId: string;
  table: 'kyc_submissions' | 'kyc_decisions';
  key: Record<string, string>;
  row: Record<string, unknown>;
  /** Whether a stored row of the same key holds this command's content. */
  sameAs: (stored: Record<string, unknown>) => boolean;
  check: () => void;
}

async function writeRowOnce(knex: Knex, { commandId, table, key, row, sameAs, check }: RowOnce): Promise<void> {
  const stored = async () => knex<Record<string, unknown>>(table).where(key).first();
  let existing = await stored();
  if (!existing) {
    check();
    await knex(table)
      .insert({ ...key, ...row })
      .onConflict(Object.keys(key))
      .ignore();
    existing = await stored();
  }
  if (!existing || !sameAs(existing)) throw new IdempotencyConflictError(commandId);
}

export function recordKycEvidence(
  knex: Knex,
  commandId: string,
  submission: { submissionId: string; userId: string; evidence: Record<string, string> },
  check: () => void,
): Promise<void> {
  const { submissionId, userId, evidence } = submission;
  return writeRowOnce(knex, {
    commandId,
    table: 'kyc_submissions',
    key: { submission_id: submissionId },
    row: { user_id: userId, evidence: JSON.stringify(evidence) },
    sameAs: (stored) => stored.user_id === userId && isDeepStrictEqual(stored.evidence, evidence),
    check,
  });
}

export function recordKycDecisionReason(
  knex: Knex,
  commandId: string,
  decision: { decisionId: string; userId: string; reason: string },
  check: () => void,
): Promise<void> {
  const { decisionId, userId, reason } = decision;
  return writeRowOnce(knex, {
    commandId,
    table: 'kyc_decisions',
    key: { decision_id: decisionId },
    row: { user_id: userId, reason },
    sameAs: (stored) => stored.user_id === userId && stored.reason === reason,
    check,
  });
}

/** The reason of the decision a user stream names, or null (no decision, or one recorded before reasons were keyed by decision). */
export async function kycDecisionReason(knex: Knex, decisionId: string | null): Promise<string | null> {
  if (decisionId === null) return null;
  const row = await knex<{ decision_id: string; reason: string | null }>('kyc_decisions')
    .where({ decision_id: decisionId })
    .first('reason');
  return row?.reason ?? null;
}
