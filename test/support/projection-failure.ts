import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { feedLagAfter } from '../../src/platform/event-store/postgres/postgres-feed-lag';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import {
  type CheckpointRow,
  ProjectionCheckpointsRepository,
} from '../../src/platform/projections/projection-checkpoints.repository';
import { FeedRunnersService } from '../../src/platform/feed-runner/feed-runners.service';
import { OWNER } from './ventures';
import { anEvent, uniqueStream } from './events';
import type { TestApp } from './test-app';
import { waitFor } from './wait';

/** Small, so a poisoned projection is FAILED after three quick attempts. */
export const FAILING_FAST_ENV = {
  PROJECTION_MAX_RETRIES: '2',
  PROJECTION_RETRY_BASE_MS: '20',
  INTEGRITY_CHECK_ON_START: 'false',
};

/** What the ventures projection writes for a VentureCreated without a name (ventures.name is NOT NULL). */
export const NOT_NULL_NAME_ERROR =
  '23502: null value in column "name" of relation "ventures" violates not-null constraint';

/**
 * Appends a well-formed venture and after it in the same transaction one the ventures
 * projection cannot apply: a VentureCreated with no name. The app's store would refuse it (it
 * breaks the event's schema), so it goes in through the bare adapter, as an older release or
 * another writer could have left it; the projection's insert is refused by the NOT NULL column.
 * Returns both as recorded, the good one first.
 */
export async function appendPoisonedVenture(app: TestApp): Promise<{ good: RecordedEvent; poison: RecordedEvent }> {
  const good = anEvent('VentureCreated', {
    ventureId: randomUUID(),
    name: 'Fine venture',
    ownerId: OWNER,
    founders: [],
  });
  const poison = anEvent('VentureCreated', { ventureId: randomUUID(), ownerId: OWNER });
  // One append, so one transaction: the two reach the projection in one batch. The projection
  // reads the venture from the data; the stream only has to be new.
  const stream = uniqueStream('poison');
  await app.rawStore.append(stream, [good, poison], { expectedRevision: 'no_stream' });
  const [goodRecorded, poisonRecorded] = await app.store.readStream(stream);
  return { good: goodRecorded, poison: poisonRecorded };
}

export async function checkpointOf(app: TestApp, projection: string): Promise<CheckpointRow | undefined> {
  return (await new ProjectionCheckpointsRepository(app.database.knex).all()).find(
    (row) => row.projection === projection,
  );
}

export function waitForStatus(
  app: TestApp,
  projection: string,
  status: CheckpointRow['status'],
): Promise<CheckpointRow> {
  return waitFor(`${projection} to be ${status}`, async () => {
    const row = await checkpointOf(app, projection);
    return row?.status === status ? row : undefined;
  });
}

/** Like waitForProjections, for every runner but `except`: those must keep up however one fails. */
export async function waitForProjectionsExcept(app: TestApp, except: string): Promise<void> {
  const names = app.app
    .get(FeedRunnersService)
    .runners.map((runner) => runner.name)
    .filter((name) => name !== except);
  await waitFor(`every projection but ${except} to catch up`, async () => {
    const rows = await new ProjectionCheckpointsRepository(app.database.knex).all();
    for (const name of names) {
      const position = rows.find((row) => row.projection === name)?.position;
      if (position === undefined || (await feedLagAfter(app.database.pool, position)).eventsBehind > 0) return false;
    }
    return true;
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The compiled CLI (`npm run build:api` first) as `npm run cli --` runs it, on the test app's database. */
export function runCli(app: TestApp, args: string[]): Promise<CliRun> {
  const env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: app.ownerUrl };
  const child = spawn(process.execPath, [path.resolve('dist/src/cli.js'), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer | string) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer | string) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
