import type pg from 'pg';
import type { SignedCheckpoint } from '../checkpoints/checkpoint';
import type { PublicSigningKey } from '../checkpoints/signing-key';
import { countEvents, readLoggedCheckpoints, readLogInFeedOrder, withSnapshot } from './feed-log-reader';
import { trustedClaims, type LogBreak, type LogVerificationReport } from './log-break';
import { checkAll, logReport, LogVerifier } from './log-verifier';

export interface OnlineVerifyOptions {
  /** A checkpoint the auditor kept from earlier: catches a tail deleted together with its checkpoints. */
  trustedCheckpoint?: SignedCheckpoint;
  onStart?(eventsTotal: number): void;
  onProgress?(this: void, eventsChecked: number): void;
}

interface LeafOwnerRow {
  stream_id: string;
  revision: string;
  event_id: string;
  present: boolean;
}

/**
 * Full verification straight from the events and merkle_leaves tables, in one snapshot: every
 * chain, every leaf, every checkpoint's signature and root, and no checkpoint beyond the log.
 * Signatures are checked with the server's own key, never with one read from the database.
 */
export async function verifyLedgerLog(
  pool: pg.Pool,
  key: PublicSigningKey,
  options: OnlineVerifyOptions = {},
): Promise<LogVerificationReport> {
  return withSnapshot(pool, async (client) => {
    const started = performance.now();
    const verifier = new LogVerifier(
      [...(await readLoggedCheckpoints(client)), ...trustedClaims(options.trustedCheckpoint)],
      key,
    );
    options.onStart?.(await countEvents(client));
    const firstBreak =
      verifier.start() ??
      (await checkAll(verifier, readLogInFeedOrder(client), options.onProgress)) ??
      (await sealedEventMissing(client, verifier.leavesChecked)) ??
      verifier.finish();
    return logReport(verifier, firstBreak && (await withLeafOwner(client, firstBreak)), started);
  });
}

/** A stored leaf past every event matched: its event is gone (merkle_leaves keeps what was sealed). */
async function sealedEventMissing(client: pg.ClientBase, leavesMatched: number): Promise<LogBreak | null> {
  const owner = await leafOwner(client, leavesMatched);
  if (!owner || owner.present) return null;
  return {
    problem: 'SEALED_EVENT_MISSING',
    streamId: owner.stream_id,
    revision: owner.revision,
    expected: owner.event_id,
    actual: null,
    detail: `leaf ${leavesMatched} was sealed for this event, which is no longer in the log: events at the end were deleted`,
    context: { leafIndex: leavesMatched },
  };
}

/** For a misplaced leaf, names the event that was sealed at that position, and whether it still exists. */
async function withLeafOwner(client: pg.ClientBase, problem: LogBreak): Promise<LogBreak> {
  if (problem.problem !== 'LEAF_OUT_OF_ORDER' || problem.expected === null) return problem;
  const owner = await leafOwner(client, Number(problem.expected));
  if (!owner) return problem;
  const sealedHere = {
    leafIndex: Number(problem.expected),
    streamId: owner.stream_id,
    revision: owner.revision,
    eventId: owner.event_id,
    stillInLog: owner.present,
  };
  const fate = owner.present ? 'now sits elsewhere (reordered)' : 'is no longer in the log (deleted)';
  return {
    ...problem,
    detail: `${problem.detail}; the event sealed at position ${problem.expected}, ${owner.stream_id} revision ${owner.revision}, ${fate}`,
    context: { ...problem.context, sealedHere },
  };
}

async function leafOwner(client: pg.ClientBase, leafIndex: number): Promise<LeafOwnerRow | null> {
  const { rows } = await client.query<LeafOwnerRow>(
    `select l.stream_id, l.revision::text, l.event_id, exists (select 1 from events e where e.event_id = l.event_id) as present
     from merkle_leaves l where l.leaf_index = $1`,
    [leafIndex],
  );
  return rows[0] ?? null;
}
