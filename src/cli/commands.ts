import knexFactory from 'knex';
import {
  ProjectionCheckpointsRepository,
  projectionFailure,
  type FollowerKind,
  type ProjectionFailure,
} from '../platform/projections/projection-checkpoints.repository';
import { rebuildAllAndCompare } from '../platform/projections/projection-rebuild';
import { projectionStatuses } from '../ledger/status/projection-status';
import { verifyChains } from '../ledger/verification/ledger-verifier';
import type { CliDatabase } from './cli-database';
import { ALL_PROJECTIONS } from '../registry/projections.registry';
import { progressReporter } from './progress';

export class UsageError extends Error {}

/** Exit codes: 0 all good, 2 the ledger or a projection is not as it should be. */
export async function verifyCommand(cli: CliDatabase, streamId: string | undefined): Promise<number> {
  const progress = progressReporter('verified');
  const report = await verifyChains(cli.database.pool, { streamId, onProgress: progress.update });
  progress.done();
  console.log(JSON.stringify(report, null, 2));
  if (report.firstBreak) {
    const { streamId: stream, revision, problem, expected, actual } = report.firstBreak;
    console.error(`BROKEN: ${stream} revision ${revision}: ${problem}\n  expected ${expected}\n  actual   ${actual}`);
  }
  return report.status === 'VERIFIED' ? 0 : 2;
}

/** The names of that kind with a checkpoint, and the projections that have not started yet (they have none). */
async function namesOfKind(cli: CliDatabase, kind: FollowerKind): Promise<Set<string>> {
  const rows = await new ProjectionCheckpointsRepository(cli.database.knex).all();
  const unstarted = kind === 'projection' ? ALL_PROJECTIONS.map((projection) => projection.name) : [];
  return new Set([...rows.filter((row) => row.kind === kind).map((row) => row.projection), ...unstarted]);
}

/** `projections list` or `reactors list`. Exit 2 when one is FAILED, so a script notices. */
export async function listFollowersCommand(cli: CliDatabase, kind: FollowerKind): Promise<number> {
  const names = await namesOfKind(cli, kind);
  const statuses = (await projectionStatuses(cli.database.knex, cli.database.pool, new Set())).filter((status) =>
    names.delete(status.name),
  );
  for (const name of names)
    statuses.push({
      name,
      status: 'RUNNING',
      position: null,
      eventsBehind: -1,
      lagMs: null,
      leader: false,
      failure: null,
    });
  console.table(
    statuses.map(({ name, status, position, eventsBehind, lagMs, failure }) => ({
      name,
      status,
      position: position ?? '(start)',
      eventsBehind,
      lagMs,
      attempts: failure?.attempts ?? 0,
    })),
  );
  const failed = statuses.filter((status) => status.status === 'FAILED');
  for (const { name, failure } of failed)
    console.error(
      `${name} is FAILED at ${describeFailure(failure)}\n  fix the cause, then: npm run cli -- ${kind}s retry ${name}`,
    );
  return failed.length > 0 ? 2 : 0;
}

/**
 * Clears a projection's or reactor's FAILED mark; its runner (on whichever instance leads it)
 * resumes from the checkpoint, so the failed event is taken again first. A reactor is known by
 * its checkpoint: the CLI runs without the app, which is where reactors live.
 */
export async function retryFollowerCommand(
  cli: CliDatabase,
  kind: FollowerKind,
  name: string | undefined,
): Promise<number> {
  const known = await namesOfKind(cli, kind);
  if (!name || !known.has(name))
    throw new UsageError(`Unknown ${kind} "${name ?? ''}". Known: ${[...known].sort().join(', ')}`);
  const before = await new ProjectionCheckpointsRepository(cli.database.knex).clearFailure(name);
  // One that has not started yet has no row, and so nothing to retry either.
  if (before?.status !== 'FAILED') {
    console.error(`${name} is not FAILED; nothing to retry.`);
    return 0;
  }
  const failure = projectionFailure(before);
  console.log(JSON.stringify({ [kind]: name, status: 'RUNNING', resumesAfter: before.position, failure }, null, 2));
  console.error(
    `${name} was FAILED at ${describeFailure(failure)}; the running server resumes it within LEADER_RETRY_MS, starting with that event.`,
  );
  return 0;
}

function describeFailure(failure: ProjectionFailure | null): string {
  if (!failure) return '(unknown event)';
  return `${failure.position} (${failure.eventType} ${failure.eventId}) after ${failure.attempts} attempts: ${failure.error}`;
}

/** `name` is one projection, or `all` for every one over a single read of the feed. */
export async function rebuildProjectionCommand(
  cli: CliDatabase,
  name: string | undefined,
  keep: boolean,
): Promise<number> {
  const projections = name === 'all' ? ALL_PROJECTIONS : ALL_PROJECTIONS.filter((candidate) => candidate.name === name);
  if (projections.length === 0)
    throw new UsageError(
      `Unknown projection "${name ?? ''}". Known: all, ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  // DDL for the fresh tables needs the owner, not the application role; a rebuild of all applies
  // each page to every projection at once, one connection each.
  const owner = knexFactory({ client: 'pg', connection: cli.ownerUrl, pool: { min: 0, max: projections.length + 1 } });
  try {
    const progress = progressReporter(`replayed into ${name}`);
    const reports = await rebuildAllAndCompare(projections, cli.store, owner, { keep, onProgress: progress.update });
    progress.done();
    console.log(JSON.stringify(name === 'all' ? reports : reports[0], null, 2));
    for (const report of reports)
      console.error(
        report.equal
          ? `${report.projection}: rebuild equals the live tables`
          : `${report.projection}: rebuild DIFFERS from the live tables`,
      );
    return reports.every((report) => report.equal) ? 0 : 2;
  } finally {
    await owner.destroy();
  }
}
