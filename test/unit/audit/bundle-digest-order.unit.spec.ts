import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VECTOR_KEY } from '../../../bench/audit-vectors';
import { SyntheticLedger } from '../../../bench/synthetic-ledger';
import { verifyBundle } from '../../../src/audit/offline/bundle-verifier';
import { BundleWriter } from '../../../src/audit/offline/bundle-writer';

/**
 * verifyBundle digests events.jsonl while it reads the lines for checking, not before; the
 * verdict must still be the one docs/AUDIT-BUNDLE.md §6 orders: a file that is not the
 * manifest's is reported before anything found in it or after it, whichever check found that.
 */
let dir: string;
const file = (name: string) => path.join(dir, name);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smartstart-digest-order-'));
  const ledger = new SyntheticLedger(VECTOR_KEY, { streams: 5, checkpointEvery: 20 });
  const writer = await BundleWriter.open(path.join(dir, 'bundle'));
  for (const row of ledger.events(60)) await writer.writeEvent(row);
  await writer.finish(ledger.checkpoints, VECTOR_KEY, new Date(0));
  dir = path.join(dir, 'bundle');
});

afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

async function change(name: string, edit: (text: string) => string): Promise<void> {
  await writeFile(file(name), edit(await readFile(file(name), 'utf8')));
}

/** States a file's new size and digest in the manifest, so that only the deeper checks catch the change. */
async function restate(name: string): Promise<void> {
  const bytes = await readFile(file(name));
  await change('manifest.json', (text) => {
    const manifest = JSON.parse(text) as { files: Record<string, { bytes: number; sha256: string }> };
    manifest.files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
    return JSON.stringify(manifest);
  });
}

/** One hex digit of the 30th line's hash changed: a LEAF_MISMATCH (its leaf is the old hash's), were the file's digest not checked first. */
const alterThirtiethLine = (text: string) => {
  const lines = text.split('\n');
  lines[29] = lines[29].replace(/"hash":"([0-9a-f])/, (_, digit: string) => `"hash":"${digit === '0' ? '1' : '0'}`);
  return lines.join('\n');
};

describe('the digest of events.jsonl, taken while its lines are checked', () => {
  it('passes a genuine bundle', async () => {
    expect((await verifyBundle(dir, { threads: 0 })).status).toBe('VERIFIED');
  });

  it('reports a changed events.jsonl as BUNDLE_FILE_MISMATCH, not as the break in it, with nothing checked', async () => {
    const manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8')) as {
      files: Record<string, { bytes: number; sha256: string }>;
    };
    const stated = manifest.files['events.jsonl'];
    await change('events.jsonl', alterThirtiethLine);
    const actual = await readFile(file('events.jsonl'));
    const report = await verifyBundle(dir, { threads: 0 });
    expect(report.firstBreak).toEqual({
      problem: 'BUNDLE_FILE_MISMATCH',
      streamId: null,
      revision: null,
      expected: `${stated.sha256} (${stated.bytes} bytes)`,
      actual: `${sha256(actual)} (${actual.length} bytes)`,
      detail: 'events.jsonl is not the file manifest.json describes: it was changed or damaged after the export',
    });
    expect(report.eventsChecked).toBe(0);
  });

  it('reports it before a bad checkpoint signature, which is checked before any event', async () => {
    await change('checkpoints.jsonl', (text) =>
      text.replace(/"signature":"([0-9a-f])/, (_, digit: string) => `"signature":"${digit === '0' ? '1' : '0'}`),
    );
    await restate('checkpoints.jsonl');
    expect((await verifyBundle(dir, { threads: 0 })).firstBreak?.problem).toBe('CHECKPOINT_BAD_SIGNATURE');
    await change('events.jsonl', alterThirtiethLine);
    expect((await verifyBundle(dir, { threads: 0 })).firstBreak?.problem).toBe('BUNDLE_FILE_MISMATCH');
  });

  it('reports it before a malformed line, and for a file cut in the middle of a line', async () => {
    await change('events.jsonl', (text) => text.replace('"txId"', '"txid"'));
    expect((await verifyBundle(dir, { threads: 0 })).firstBreak?.problem).toBe('BUNDLE_FILE_MISMATCH');
    await change('events.jsonl', (text) => text.slice(0, 1000));
    expect((await verifyBundle(dir, { threads: 0 })).firstBreak?.problem).toBe('BUNDLE_FILE_MISMATCH');
  });

  it('reports events.jsonl, first in the manifest, when checkpoints.jsonl does not match either', async () => {
    await change('events.jsonl', alterThirtiethLine);
    await change('checkpoints.jsonl', (text) => `${text}\n`);
    const report = await verifyBundle(dir, { threads: 0 });
    expect(report.firstBreak?.detail).toMatch(/^events\.jsonl is not the file/);
  });

  it('still finds the break in a changed events.jsonl whose new digest the manifest states', async () => {
    await change('events.jsonl', alterThirtiethLine);
    await restate('events.jsonl');
    expect((await verifyBundle(dir, { threads: 0 })).firstBreak?.problem).toBe('LEAF_MISMATCH');
  });
});
