import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointLog } from '../../../src/audit/checkpoints/checkpoint-log';
import { AuditProofs } from '../../../src/audit/proofs/audit-proofs';
import { uniqueStream } from '../../support/events';
import { tamper } from '../../support/tamper';
import { AuditLedger, TEST_KEY, TEST_SIGNING_KEY_HEX } from './audit-ledger';
import { closeIfStarted } from '../../support/teardown';
import { present } from '../../support/present';
import { z } from 'zod';
import {
  bundleCheckpointSchema,
  bundleEventSchema,
  bundlePublicKeySchema,
} from '../../../src/audit/offline/bundle-format';

const CLI = path.resolve('dist/src/audit-cli.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The compiled CLI (`npm run build:api` first), as `npm run audit --` runs it. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer | string) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer | string) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run audit (compiled CLI, real files)', () => {
  let ledger: AuditLedger;
  let workDir: string;
  let env: Record<string, string>;
  const wallet = uniqueStream('wallet');

  beforeAll(async () => {
    ledger = await AuditLedger.create('audit_cli');
    await ledger.append([wallet, uniqueStream('member')], 9);
    await ledger.seal();
    workDir = await mkdtemp(path.join(tmpdir(), 'smartstart-audit-cli-'));
    env = { DATABASE_URL: ledger.database.ownerUrl, SIGNING_KEY: TEST_SIGNING_KEY_HEX };
  });
  afterAll(async () => {
    await closeIfStarted(ledger);
    await rm(workDir, { recursive: true, force: true });
  });

  it('exports a bundle that verifies with no database, showing progress on stderr', async () => {
    const bundle = path.join(workDir, 'clean');
    const exported = await runCli(['export', '--out', bundle], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ counts: { events: 11, sealedEvents: 11, checkpoints: 2 } });
    // No DATABASE_URL and a DATA_DIR with nothing in it: the verifier must not need either.
    const verified = await runCli(['verify', bundle], { DATA_DIR: path.join(workDir, 'nothing-here') });
    expect(verified.code).toBe(0);
    expect(verified.stderr).toMatch(/verified: 11 events/);
    expect(verified.stderr).toContain(`VERIFIED: 11 events in 3 streams; every checkpoint up to tree size 8`);
    expect(JSON.parse(verified.stdout)).toMatchObject({ status: 'VERIFIED', keyId: TEST_KEY.keyId });
    expect(JSON.parse(await readFile(path.join(bundle, 'public-key.json'), 'utf8'))).toEqual({
      algorithm: 'ECDSA-P256-SHA256',
      keyId: TEST_KEY.keyId,
      publicKey: TEST_KEY.publicKey,
    });
  });

  it('exits 2 naming the stream and revision when the database was tampered with', async () => {
    await tamper(
      ledger.owner,
      `update events set data = replace(data, '"index":2', '"index":20') where stream_id = $1 and revision = 1`,
      [wallet],
    );
    const bundle = path.join(workDir, 'tampered');
    expect((await runCli(['export', '--out', bundle], env)).code).toBe(0);
    const verified = await runCli(['verify', bundle]);
    expect(verified.code).toBe(2);
    expect(verified.stderr).toContain(`BROKEN: HASH_MISMATCH at ${wallet} revision 1`);
    await tamper(
      ledger.owner,
      `update events set data = replace(data, '"index":20', '"index":2') where stream_id = $1 and revision = 1`,
      [wallet],
    );
  });

  it('exits 2 when a bundle file was changed after the export', async () => {
    const bundle = path.join(workDir, 'edited');
    expect((await runCli(['export', '--out', bundle], env)).code).toBe(0);
    await appendFile(path.join(bundle, 'events.jsonl'), '\n');
    const verified = await runCli(['verify', bundle]);
    expect(verified.code).toBe(2);
    expect(verified.stderr).toContain('BROKEN: BUNDLE_FILE_MISMATCH');
    expect(verified.stderr).toContain('events.jsonl is not the file manifest.json describes');
  });

  it('checks an inclusion proof against the public key alone: 0 when genuine, 2 when forged', async () => {
    const proofs = new AuditProofs(ledger.leaves, ledger.nodes, new CheckpointLog(ledger.store), ledger.store);
    const proof = await proofs.inclusion(present(await ledger.leaves.at(3), 'the leaf 3').eventId);
    const keyFile = path.join(workDir, 'public-key.json');
    await writeFile(
      keyFile,
      JSON.stringify({ algorithm: 'ECDSA-P256-SHA256', keyId: TEST_KEY.keyId, publicKey: TEST_KEY.publicKey }),
    );
    await writeFile(path.join(workDir, 'proof.json'), JSON.stringify(proof));
    await writeFile(path.join(workDir, 'forged.json'), JSON.stringify({ ...proof, leafIndex: 4 }));
    expect((await runCli(['verify-proof', path.join(workDir, 'proof.json'), '--public-key', keyFile])).code).toBe(0);
    const forged = await runCli(['verify-proof', path.join(workDir, 'forged.json'), '--public-key', keyFile]);
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain('REJECTED: the proof does not lead');
  });

  it('takes --checkpoint as GET /api/v1/audit/checkpoints?limit=1 answers, and fails a bundle whose tail was cut below it', async () => {
    const full = path.join(workDir, 'full');
    expect((await runCli(['export', '--out', full], env)).code).toBe(0);
    const page = await new CheckpointLog(ledger.store).page({ limit: 1 });
    // The controller's answer: the page, newest first, and where the next one starts.
    const answer = path.join(workDir, 'checkpoints-limit-1.json');
    await writeFile(answer, JSON.stringify({ checkpoints: page, nextBefore: page[0].revision }));
    const kept = await runCli(['verify', full, '--checkpoint', answer]);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain(`including the trusted one at tree size ${page[0].treeSize}`);

    // The same bundle with its tail and last checkpoint cut away, manifest made to match: only the kept checkpoint catches it.
    const cut = path.join(workDir, 'cut');
    await cp(full, cut, { recursive: true });
    await cutTail(cut, page[0].treeSize - 1);
    const caught = await runCli(['verify', cut, '--checkpoint', answer]);
    expect(caught.code).toBe(2);
    expect(caught.stderr).toContain('BROKEN: CHECKPOINT_BEYOND_LOG');
    expect((await runCli(['verify', cut])).code).toBe(0);

    await writeFile(answer, JSON.stringify({ checkpoints: [], nextBefore: null }));
    expect((await runCli(['verify', full, '--checkpoint', answer])).code).toBe(64);
  });

  it('pins the key: --key-id or --public-key make a bundle under any other key fail', async () => {
    const vectors = path.resolve('docs/audit-vectors/bundles');
    const resigned = path.join(vectors, 'fail/resigned-by-another-key');
    const trustedKeyFile = path.join(vectors, 'verify/plain/public-key.json');
    const trustedKeyId = bundlePublicKeySchema.parse(JSON.parse(await readFile(trustedKeyFile, 'utf8'))).keyId;
    const unpinned = await runCli(['verify', resigned]);
    expect(unpinned.code).toBe(0);
    expect(unpinned.stderr).toContain('not pinned');
    for (const pin of [
      ['--key-id', trustedKeyId],
      ['--key-id', trustedKeyId.toUpperCase()],
      ['--public-key', trustedKeyFile],
    ]) {
      const pinned = await runCli(['verify', resigned, ...pin]);
      expect(pinned.code).toBe(2);
      expect(pinned.stderr).toContain('BROKEN: BUNDLE_KEY_NOT_TRUSTED');
      expect((await runCli(['verify', path.join(vectors, 'verify/plain'), ...pin])).code).toBe(0);
    }
    expect((await runCli(['verify', resigned, '--key-id', 'abc'])).code).toBe(64);
    expect((await runCli(['verify', resigned, '--key-id', 'f'.repeat(64), '--public-key', trustedKeyFile])).code).toBe(
      64,
    );
  });

  it('answers bad usage with 64 and the usage text', async () => {
    for (const args of [[], ['verify'], ['export'], ['frobnicate']]) {
      const run = await runCli(args);
      expect(run.code).toBe(64);
      expect(run.stdout + run.stderr).toContain('Usage: npm run audit');
    }
  });
});

/** Keeps the first `events` lines of events.jsonl and the checkpoints they hold, and rewrites the manifest to match, as a cut-down database would export. */
async function cutTail(dir: string, events: number): Promise<void> {
  const lines = (await readFile(path.join(dir, 'events.jsonl'), 'utf8')).split('\n').slice(0, events);
  const kept = lines.map((line) => bundleEventSchema.parse(JSON.parse(line)));
  const keptIds = new Set(kept.map((event) => event.eventId));
  const checkpoints = (await readFile(path.join(dir, 'checkpoints.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line && keptIds.has(bundleCheckpointSchema.parse(JSON.parse(line)).eventId));
  const files = {
    'events.jsonl': lines.map((line) => `${line}\n`).join(''),
    'checkpoints.jsonl': checkpoints.map((line) => `${line}\n`).join(''),
  };
  // Loose: every other field of the manifest is written back as it was.
  const manifest = z
    .looseObject({ files: z.record(z.string(), z.unknown()) })
    .parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(dir, name), text);
    manifest.files[name] = { bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
  }
  manifest.counts = {
    events: kept.length,
    sealedEvents: kept.filter((event) => event.leafIndex !== null).length,
    checkpoints: checkpoints.length,
  };
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
