import knexFactory from 'knex';
import { ALL_PROJECTIONS } from '../platform/projections/projections.module';
import { PostgresEventStore } from '../platform/event-store/postgres/postgres-event-store';
import { rebuildAndCompare } from '../platform/projections/projection-rebuild';
import { projectionStatuses } from '../ledger/status/projection-status';
import { verifyChains } from '../ledger/verification/ledger-verifier';
import type { CliDatabase } from './cli-database';
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

export async function listProjectionsCommand(cli: CliDatabase): Promise<number> {
  const statuses = await projectionStatuses(cli.database.knex, cli.database.pool, new Set());
  const known = new Set(statuses.map((status) => status.name));
  for (const projection of ALL_PROJECTIONS.filter((candidate) => !known.has(candidate.name))) {
    statuses.push({ name: projection.name, position: null, eventsBehind: -1, lagMs: null, leader: false });
  }
  console.table(statuses.map(({ name, position, eventsBehind, lagMs }) => ({ name, position: position ?? '(start)', eventsBehind, lagMs })));
  return 0;
}

export async function rebuildProjectionCommand(cli: CliDatabase, name: string | undefined, keep: boolean): Promise<number> {
  const projection = ALL_PROJECTIONS.find((candidate) => candidate.name === name);
  if (!projection) throw new UsageError(`Unknown projection "${name ?? ''}". Known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  // DDL for the fresh tables needs the owner, not the application role.
  const owner = knexFactory({ client: 'pg', connection: cli.ownerUrl, pool: { min: 0, max: 2 } });
  try {
    const progress = progressReporter(`replayed into ${projection.name}`);
    const report = await rebuildAndCompare(projection, new PostgresEventStore(cli.database.pool), owner, { keep, onProgress: progress.update });
    progress.done();
    console.log(JSON.stringify(report, null, 2));
    console.error(report.equal ? `${projection.name}: rebuild equals the live tables` : `${projection.name}: rebuild DIFFERS from the live tables`);
    return report.equal ? 0 : 2;
  } finally {
    await owner.destroy();
  }
}
