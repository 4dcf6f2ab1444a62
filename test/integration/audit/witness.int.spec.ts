import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { LoggerModule } from 'nestjs-pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_SIGNED, CHECKPOINT_STREAM, LOG_ORIGIN } from '../../../src/audit/checkpoints/checkpoint';
import { AuditHttpModule } from '../../../src/audit/http/audit-http.module';
import { EVENT_SCHEMAS } from '../../../src/event-schemas';
import { exportCosignatures } from '../../../src/audit/witness/bundle-cosignatures';
import {
  checkpointNoteBody,
  cosign,
  parseNote,
  parseVerifierKey,
  signatureLine,
  verifyCosignature,
} from '../../../src/audit/witness/signed-note';
import { rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { loadConfig } from '../../../src/platform/config/app-config';
import { ErrorFilter } from '../../../src/platform/http/error.filter';
import { derivedId } from '../../../src/shared-kernel/ids';
import { PlatformModule } from '../../../src/platform/platform.module';
import { loadOrCreateWitnessKey, type WitnessKey } from '../../../src/witness/witness-files';
import { uniqueStream } from '../../support/events';
import { routeInputs } from '../../support/route-inventory';
import { AuditLedger, TEST_KEY, TEST_SIGNING_KEY_HEX } from './audit-ledger';
import { resealLeaves, rewriteAndRehash } from './rewrite-events';
import { closeIfStarted } from '../../support/teardown';
import { appUrlOf } from '../../support/database';
import { errorOf as errorBodyOf } from '../../support/json';
import { z } from 'zod';
import { notedCheckpointResponseSchema, witnessStatusResponseSchema } from '../../../src/audit/witness/witness.schemas';
import { witnessStateSchema, type WitnessState } from '../../../src/witness/witness-files';

const WITNESS = path.resolve('dist/src/witness-cli.js');
const AUDIT = path.resolve('dist/src/audit-cli.js');

interface WitnessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The log's HTTP side over the ledger's database; the ledger seals by hand (AuditLedger), and the
 * app runs as an API instance (no sealer), so every checkpoint here is one the test asked for.
 */
async function startLog(
  ledger: AuditLedger,
  witness: WitnessKey,
): Promise<{ app: NestExpressApplication; url: string }> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SIGNING_KEY: TEST_SIGNING_KEY_HEX,
    CHECKPOINT_NOTE_KEY: 'witness-test-checkpoint-note-key-0123456789',
    WITNESS_KEYS: witness.vkey,
    // An API instance runs no sealer: only the test's ledger signs, so no checkpoint of the same
    // size can be signed twice (a sealer that won the race once made the test's own seal collide).
    ROLE: 'api',
    DATABASE_URL: ledger.database.ownerUrl,
    APP_DATABASE_URL: appUrlOf(ledger.database.ownerUrl),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }),
      DiscoveryModule,
      PlatformModule.forRoot({ config, database: ledger.database, eventSchemas: EVENT_SCHEMAS }),
      AuditHttpModule,
    ],
    providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
  }).compile();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest types its options as a class but reads them as a plain object (its own docs pass a literal)
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('the log listens on no TCP port');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

async function bodyOf(response: Promise<Response>): Promise<unknown> {
  return (await response).json();
}

async function errorOf(response: Promise<Response>): Promise<[number, string]> {
  const answer = await response;
  return [answer.status, errorBodyOf({ body: await answer.json() }).error];
}

async function stateIn(workDir: string): Promise<WitnessState> {
  return witnessStateSchema.parse(JSON.parse(await readFile(path.join(workDir, 'state.json'), 'utf8')));
}

/** The answer parses with the schema the route declares (@RespondsWith), as the OpenAPI walk would check it. */
function expectContract(app: NestExpressApplication, routeKey: string, body: unknown): void {
  const route = routeInputs(app).find((candidate) => candidate.key === routeKey);
  const declared = route?.response;
  const parsed = declared && 'schema' in declared ? declared.schema.safeParse(body) : undefined;
  expect(parsed?.success, `${routeKey}: ${parsed?.error?.message}`).toBe(true);
}

describe('a witness process (npm run witness) following the log over HTTP', () => {
  let ledger: AuditLedger;
  let logApp: NestExpressApplication;
  let logUrl: string;
  let workDir: string;
  let witness: WitnessKey;
  const streams = [uniqueStream('wallet'), uniqueStream('member')];

  const runWitness = () =>
    run([
      WITNESS,
      '--key',
      path.join(workDir, 'witness-key.json'),
      '--log',
      logUrl,
      '--state',
      path.join(workDir, 'state.json'),
      '--once',
    ]);
  const runAudit = (args: string[]) => run([AUDIT, ...args]);
  const run = (args: string[]): Promise<WitnessRun> => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  };
  const served = async () =>
    notedCheckpointResponseSchema.parse(await bodyOf(fetch(`${logUrl}/api/v1/witness/checkpoint`)));

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'smartstart-witness-'));
    witness = await loadOrCreateWitnessKey(path.join(workDir, 'witness-key.json'), 'witness.test/w1', () => {});
    ledger = await AuditLedger.create('witness');
    await ledger.append(streams, 8);
    await ledger.seal();
    ({ app: logApp, url: logUrl } = await startLog(ledger, witness));
  });
  afterAll(async () => {
    await closeIfStarted(logApp);
    await closeIfStarted(ledger);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('keeps its own key private (mode 600) and cosigns a genuine checkpoint, which the log serves in the note', async () => {
    expect((await stat(path.join(workDir, 'witness-key.json'))).mode & 0o777).toBe(0o600);
    const run = await runWitness();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const checkpoint = await served();
    expect(checkpoint.cosignatures).toEqual([
      expect.objectContaining({ witness: 'witness.test/w1', treeSize: checkpoint.treeSize }),
    ]);
    const note = parseNote(checkpoint.note);
    expect(note?.body).toBe(
      checkpointNoteBody({ origin: LOG_ORIGIN, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash }),
    );
    if (!note) throw new Error('the served note does not parse');
    const cosignature = note.signatures.find((signature) => signature.name === 'witness.test/w1');
    if (!cosignature) throw new Error('the note carries no cosignature of witness.test/w1');
    const witnessKey = parseVerifierKey(witness.vkey);
    if (!witnessKey) throw new Error("the witness's verifier key does not parse");
    expect(verifyCosignature(note.body, cosignature, witnessKey)).not.toBeNull();
    const statusBody = await bodyOf(fetch(`${logUrl}/api/v1/witness/status`));
    expectContract(logApp, 'GET /api/v1/witness/checkpoint', checkpoint);
    expectContract(logApp, 'GET /api/v1/witness/status', statusBody);
    const status = witnessStatusResponseSchema.parse(statusBody);
    expect(status.witnesses).toEqual([expect.objectContaining({ witness: 'witness.test/w1', cosignedLatest: true })]);
  });

  it('cosigns the next checkpoint once a consistency proof connects it to the last one it cosigned', async () => {
    const before = await stateIn(workDir);
    await ledger.append(streams, 4);
    await ledger.seal();
    const run = await runWitness();
    expect(run.code).toBe(0);
    const checkpoint = await served();
    expect(checkpoint.treeSize).toBeGreaterThan(before.treeSize);
    expect(checkpoint.cosignatures.map((cosignature) => cosignature.witness)).toEqual(['witness.test/w1']);
    expect(await stateIn(workDir)).toMatchObject({
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
    });
  });

  it('stores a cosignature once, and refuses unknown witnesses, forged cosignatures and unknown checkpoints', async () => {
    const { cosignature, treeSize } = await stateIn(workDir);
    const post = (body: unknown) =>
      fetch(`${logUrl}/api/v1/witness/cosignatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const again = await post({ treeSize, cosignature });
    expect(again.status).toBe(200);
    expectContract(logApp, 'POST /api/v1/witness/cosignatures', await bodyOf(Promise.resolve(again)));
    const consistency = await bodyOf(fetch(`${logUrl}/api/v1/witness/consistency?from=1&to=${treeSize}`));
    expectContract(logApp, 'GET /api/v1/witness/consistency', consistency);
    expect((await served()).cosignatures).toHaveLength(1);
    const stranger = await loadOrCreateWitnessKey(
      path.join(workDir, 'stranger-key.json'),
      'witness.test/stranger',
      () => {},
    );
    const strangers = signatureLine(
      cosign(checkpointNoteBody(await served()), 1n, stranger.name, stranger.seed),
    ).trim();
    expect(await errorOf(post({ treeSize, cosignature: strangers }))).toEqual([403, 'WITNESS_UNKNOWN']);
    const forged = signatureLine(cosign(checkpointNoteBody(await served()), 1n, witness.name, stranger.seed)).trim();
    expect(await errorOf(post({ treeSize, cosignature: forged }))).toEqual([403, 'WITNESS_UNKNOWN']);
    const otherTree = signatureLine(
      cosign(checkpointNoteBody({ ...(await served()), treeSize: 1 }), 1n, witness.name, witness.seed),
    ).trim();
    expect(await errorOf(post({ treeSize, cosignature: otherTree }))).toEqual([422, 'COSIGNATURE_INVALID']);
    expect(await errorOf(post({ treeSize: 999, cosignature }))).toEqual([404, 'CHECKPOINT_NOT_FOUND']);
    expect(await errorOf(post({ treeSize, cosignature: 'not a signature line' }))).toEqual([403, 'WITNESS_UNKNOWN']);
    expect(await errorOf(fetch(`${logUrl}/api/v1/witness/checkpoint?treeSize=999`))).toEqual([
      404,
      'CHECKPOINT_NOT_FOUND',
    ]);
  });

  it('exports the cosignatures with the bundle; verify --witness-key fails a bundle whose checkpoints lack the quorum', async () => {
    const dir = await ledger.exportBundle();
    expect(await exportCosignatures(ledger.database.pool, dir)).toBe(2);
    const witnessFile = path.join(workDir, 'witness.vkey');
    const strangerFile = path.join(workDir, 'stranger.vkey');
    await writeFile(witnessFile, `${witness.vkey}\n`);
    await writeFile(
      strangerFile,
      `${(await loadOrCreateWitnessKey(path.join(workDir, 'stranger-key.json'), undefined, () => {})).vkey}\n`,
    );
    const { treeSize, rootHash } = await stateIn(workDir);

    const witnessed = await runAudit(['verify', dir, '--witness-key', witnessFile]);
    expect(witnessed.code).toBe(0);
    expect(witnessed.stderr).toContain(
      `WITNESSED: tree size ${treeSize} (root ${rootHash}) is cosigned by witness.test/w1 (quorum 1)`,
    );
    expect(z.object({ witnesses: z.unknown() }).parse(JSON.parse(witnessed.stdout)).witnesses).toMatchObject({
      status: 'WITNESSED',
      witnessedTreeSize: treeSize,
    });

    const short = await runAudit([
      'verify',
      dir,
      '--witness-key',
      witnessFile,
      '--witness-key',
      strangerFile,
      '--witness-quorum',
      '2',
    ]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain(
      'NOT WITNESSED: no checkpoint of the bundle carries valid cosignatures of 2 of the given witnesses',
    );
    expect((await runAudit(['verify', dir, '--witness-key', strangerFile])).code).toBe(2);
    // Without cosignatures.jsonl nothing is witnessed, and altering a line only loses it.
    await writeFile(
      path.join(dir, 'cosignatures.jsonl'),
      (await readFile(path.join(dir, 'cosignatures.jsonl'), 'utf8')).replaceAll('"treeSize":', '"treeSize":1'),
    );
    expect((await runAudit(['verify', dir, '--witness-key', witnessFile])).code).toBe(2);
    await rm(path.join(dir, 'cosignatures.jsonl'));
    expect((await runAudit(['verify', dir, '--witness-key', witnessFile])).code).toBe(2);
    expect((await runAudit(['verify', dir, '--witness-quorum', '1'])).code).toBe(64);
    expect((await runAudit(['verify', dir, '--witness-key', witnessFile, '--witness-quorum', '2'])).code).toBe(64);
  });

  it('refuses, loudly, to cosign a history the server rewrote and re-signed with its own key', async () => {
    const cosigned = await stateIn(workDir);
    const cosignedState: unknown = JSON.parse(await readFile(path.join(workDir, 'state.json'), 'utf8'));
    // The owner rewrites an early event, its chain and its leaf, as in the tamper tests…
    await rewriteAndRehash(ledger.owner, streams[0], 0n, (dataText) => dataText.replace('"index":0', '"index":1000'));
    await resealLeaves(ledger.owner, streams[0]);
    // …and the compromised server signs the rewritten tree with its real key, as the sealer would.
    const { rows } = await ledger.owner.query<{ leaf_hash: Buffer }>(
      'select leaf_hash from merkle_leaves order by leaf_index',
    );
    const forged = TEST_KEY.sign({
      origin: LOG_ORIGIN,
      treeSize: rows.length,
      rootHash: Buffer.from(rootFromLeafHashes(rows.map((row) => new Uint8Array(row.leaf_hash)))).toString('hex'),
    });
    const [last] = await ledger.store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
    await ledger.store.append(
      CHECKPOINT_STREAM,
      [
        {
          eventId: derivedId(CHECKPOINT_STREAM, LOG_ORIGIN, String(forged.treeSize)),
          type: CHECKPOINT_SIGNED,
          data: { ...forged },
          metadata: last.metadata,
        },
      ],
      { expectedRevision: last.revision },
    );
    expect((await served()).treeSize).toBe(forged.treeSize);

    const run = await runWitness();
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `WITNESS ALARM: REWRITTEN HISTORY: the log offers tree ${forged.treeSize} (root ${forged.rootHash}), which does not extend tree ${cosigned.treeSize}`,
    );
    expect((await served()).cosignatures).toEqual([]);
    expect(JSON.parse(await readFile(path.join(workDir, 'state.json'), 'utf8'))).toEqual(cosignedState);
    // It keeps refusing on every later run: the state still holds the history it vouched for.
    expect((await runWitness()).code).toBe(3);
  });
});
