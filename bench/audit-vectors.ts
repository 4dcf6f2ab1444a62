import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SignedCheckpoint } from '../src/audit/checkpoints/checkpoint';
import { signingKeyFromSecret, type SigningKey } from '../src/audit/checkpoints/signing-key';
import type { BundleCheckpoint } from '../src/audit/offline/bundle-format';
import { BundleWriter } from '../src/audit/offline/bundle-writer';
import type { LogRow } from '../src/audit/verification/feed-log-reader';
import { chainHash } from '../src/platform/chain/event-hash';
import { leafHashHex } from '../src/platform/chain/merkle';
import { SyntheticLedger } from './synthetic-ledger';

/** The vectors' keys: published test keys, never used for anything else. */
export const VECTOR_KEY = signingKeyFromSecret('6b1f0c7c1bd8b5f2f2cbb7b6f0a4d7e1b1a2c3d4e5f60718293a4b5c6d7e8f90');
const OTHER_KEY = signingKeyFromSecret('1'.repeat(64));
const EXPORTED_AT = new Date('2026-12-01T00:00:00.000Z');
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** What a vector's expect.json says: the verdict, and for a failing bundle the first break. */
export interface VectorExpectation {
  verifies: boolean;
  /** The problem of the first break, as docs/AUDIT-BUNDLE.md §6 names it; null when it verifies. */
  problem: string | null;
  streamId: string | null;
  revision: string | null;
  reason: string;
  /** What the auditor brings: a pinned key id, a checkpoint kept from before. */
  options?: { trustedKeyId?: string; trustedCheckpoint?: SignedCheckpoint };
}

interface Ledger {
  rows: LogRow[];
  checkpoints: BundleCheckpoint[];
}

/** 10 domain events on 3 streams, checkpoints at tree sizes 4 and 9 (their events are leaves 4 and 9), then `unsealed` more events that have no leaf yet. */
function ledger(unsealed = 0, key: SigningKey = VECTOR_KEY, events = 10): Ledger {
  const synthetic = new SyntheticLedger(key, { streams: 3, checkpointEvery: 4 });
  const rows = [...synthetic.events(events)];
  for (const row of synthetic.events(unsealed, false)) rows.push({ ...row, leafIndex: null, leafHash: null });
  return { rows, checkpoints: synthetic.checkpoints };
}

/** Recomputes a row's hash from its content and prevHash; `leaf`: its leaf too. */
function rehash(row: LogRow, leaf: boolean): LogRow {
  row.hash = chainHash(row.prevHash, row);
  if (leaf && row.leafIndex !== null) row.leafHash = leafHashHex(row.hash);
  return row;
}

/** After editing row `index`, recomputes its hash and the rest of its stream's chain (and leaves, if `leaves`). */
function rechain(rows: LogRow[], index: number, leaves: boolean): void {
  let previous = rehash(rows[index], leaves);
  for (const row of rows.slice(index + 1).filter((later) => later.streamId === previous.streamId)) {
    row.prevHash = previous.hash;
    previous = rehash(row, leaves);
  }
}

type Case = { name: string; ledger: Ledger; expect: VectorExpectation; afterWrite?(dir: string): Promise<void> };

function verifies(name: string, built: Ledger, reason: string, options?: VectorExpectation['options']): Case {
  return {
    name: `verify/${name}`,
    ledger: built,
    expect: { verifies: true, problem: null, streamId: null, revision: null, reason, ...(options ? { options } : {}) },
  };
}

function fails(
  name: string,
  built: Ledger,
  at: LogRow | null,
  problem: string,
  reason: string,
  extra: Partial<Case> & { options?: VectorExpectation['options'] } = {},
): Case {
  const { options, ...rest } = extra;
  const expect: VectorExpectation = {
    verifies: false,
    problem,
    streamId: at?.streamId ?? null,
    revision: at?.revision.toString() ?? null,
    reason,
    ...(options ? { options } : {}),
  };
  return { name: `fail/${name}`, ledger: built, expect, ...rest };
}

/** A fresh ledger with `unsealed` tail events, edited; returns it with the row where the break shows. */
function edited(unsealed: number, edit: (rows: LogRow[]) => LogRow | null): [Ledger, LogRow | null] {
  const built = ledger(unsealed);
  return [built, edit(built.rows)];
}

const AMOUNT = '"amountBuz":"105"';
const FORGED_AMOUNT = '"amountBuz":"905"';

export function vectorCases(): Case[] {
  const cases: Case[] = [
    verifies('plain', ledger(), 'a genuine export: 12 events, 2 checkpoints'),
    verifies('unsealed-tail', ledger(3), 'events after the last sealed one carry no leaf; the chains still hold them'),
    verifies('empty', { rows: [], checkpoints: [] }, 'a ledger with no event yet'),
    verifies('pinned-key', ledger(), 'the key is the one the auditor pinned', { trustedKeyId: VECTOR_KEY.keyId }),
  ];
  const kept = ledger(0, VECTOR_KEY, 14);
  const keptCheckpoint = strip(kept.checkpoints.at(-1) as BundleCheckpoint);
  cases.push(
    verifies('extends-kept-checkpoint', kept, 'the bundle extends the checkpoint the auditor kept', {
      trustedCheckpoint: keptCheckpoint,
    }),
  );
  cases.push(
    fails(
      'beyond-kept-checkpoint',
      ledger(),
      null,
      'CHECKPOINT_BEYOND_LOG',
      'the kept checkpoint (tree size 14) covers more events than the bundle holds: its tail was deleted together with its checkpoints',
      { options: { trustedCheckpoint: keptCheckpoint } },
    ),
    fails(
      'resigned-by-another-key',
      ledger(0, OTHER_KEY),
      null,
      'BUNDLE_KEY_NOT_TRUSTED',
      'every hash and signature is right, but under a key that is not the pinned one: a re-signed history',
      { options: { trustedKeyId: VECTOR_KEY.keyId } },
    ),
  );
  cases.push(...eventCases(), ...checkpointCases(), ...fileCases());
  return cases;
}

function eventCases(): Case[] {
  const last = (rows: LogRow[]) => rows[rows.length - 1];
  const tail = (rows: LogRow[], change: Partial<LogRow>) => rehash(Object.assign(last(rows), change), false);
  const rootMismatch = edited(
    0,
    (rows) => ((rows[5].dataText = rows[5].dataText.replace(AMOUNT, FORGED_AMOUNT)), rechain(rows, 5, true), null),
  );
  return [
    fails(
      'hash-mismatch',
      ...edited(0, (rows) => Object.assign(rows[5], { dataText: rows[5].dataText.replace(AMOUNT, FORGED_AMOUNT) })),
      'HASH_MISMATCH',
      'data edited: the stored hash is no longer the hash of the content',
    ),
    fails(
      'leaf-mismatch',
      ...edited(
        0,
        (rows) => (
          (rows[5].dataText = rows[5].dataText.replace(AMOUNT, FORGED_AMOUNT)),
          rechain(rows, 5, false),
          rows[5]
        ),
      ),
      'LEAF_MISMATCH',
      "data edited and the stream's hashes recomputed: the sealed leaf no longer matches",
    ),
    fails(
      'checkpoint-root-mismatch',
      rootMismatch[0],
      rootMismatch[0].rows[9],
      'CHECKPOINT_ROOT_MISMATCH',
      'data edited, hashes and leaves recomputed: the first 9 leaves no longer have the root signed at tree size 9',
    ),
    fails(
      'broken-link',
      ...edited(0, (rows) => Object.assign(rows[6], { prevHash: 'ab'.repeat(32) })),
      'BROKEN_LINK',
      "prevHash is not the previous revision's hash",
    ),
    fails(
      'leaf-out-of-order',
      ...edited(0, (rows) => (([rows[1], rows[2]] = [rows[2], rows[1]]), rows[1])),
      'LEAF_OUT_OF_ORDER',
      'two sealed events swapped',
    ),
    fails(
      'unsealed-event',
      ...edited(0, (rows) => Object.assign(rows[2], { leafIndex: null, leafHash: null })),
      'UNSEALED_EVENT',
      'an event without a leaf among sealed ones: inserted after sealing',
    ),
    fails(
      'missing-revision',
      ...edited(6, (rows) => (rows.splice(rows.length - 4, 1), last(rows))),
      'MISSING_REVISION',
      'an unsealed event deleted from the middle of its stream',
    ),
    fails(
      'not-canonical',
      ...edited(1, (rows) => tail(rows, { dataText: '{"taskId":"t","amountBuz":"1"}' })),
      'NOT_CANONICAL',
      'data whose keys are not in RFC 8785 order, hashed as it is',
    ),
    fails(
      'escaped-lone-surrogate',
      ...edited(1, (rows) => tail(rows, { dataText: '{"note":"\\ud800"}' })),
      'NOT_REPRESENTABLE',
      'data holding an escaped lone surrogate, which RFC 8785 cannot represent',
    ),
    fails(
      'raw-lone-surrogate',
      ...edited(1, (rows) => tail(rows, { type: 'Buz\ud800' })),
      'NOT_REPRESENTABLE',
      'a type holding a lone surrogate (written \\ud800 in the JSON line), which UTF-8 cannot encode',
    ),
    fails(
      'duplicate-event-id',
      ...edited(1, (rows) => tail(rows, { eventId: rows[0].eventId })),
      'DUPLICATE_EVENT_ID',
      'a second event under an event id already used',
    ),
    fails(
      'feed-order',
      ...edited(
        2,
        (rows) => (
          ([rows[rows.length - 2].txId, last(rows).txId] = [last(rows).txId, rows[rows.length - 2].txId]),
          last(rows)
        ),
      ),
      'FEED_ORDER',
      'the txIds of the last two lines swapped: (txId, globalPosition) no longer increases',
    ),
  ];
}

function checkpointCases(): Case[] {
  const highS = ledger();
  const first = highS.checkpoints[0];
  const s = BigInt(`0x${first.signature.slice(64)}`);
  first.signature = first.signature.slice(0, 64) + (P256_ORDER - s).toString(16).padStart(64, '0');
  const listOrder = ledger();
  listOrder.checkpoints.reverse();
  const incomplete = ledger();
  incomplete.checkpoints.pop();
  const signedAt = ledger();
  signedAt.checkpoints[1].signedAt = '2026-11-25T00:00:00.000Z';
  const checkpointRow = (built: Ledger, index: number) =>
    built.rows.filter((row) => row.streamId === 'ledger-checkpoints')[index];
  return [
    fails(
      'high-s-signature',
      highS,
      checkpointRow(highS, 0),
      'CHECKPOINT_BAD_SIGNATURE',
      'the first checkpoint signature with s replaced by n − s: valid ECDSA, but not low-S',
    ),
    fails(
      'checkpoint-list-order',
      listOrder,
      checkpointRow(listOrder, 0),
      'CHECKPOINT_LIST_MISMATCH',
      'checkpoints.jsonl newest first instead of oldest first',
    ),
    fails(
      'checkpoint-list-incomplete',
      incomplete,
      checkpointRow(incomplete, 1),
      'CHECKPOINT_LIST_MISMATCH',
      'the last CheckpointSigned event is missing from checkpoints.jsonl',
    ),
    fails(
      'checkpoint-signed-at',
      signedAt,
      checkpointRow(signedAt, 1),
      'CHECKPOINT_LIST_MISMATCH',
      "a signedAt that is not its event's metadata.occurredAt",
    ),
  ];
}

function fileCases(): Case[] {
  const edit = (file: string, change: (text: string) => string) => async (dir: string) =>
    writeFile(path.join(dir, file), change(await readFile(path.join(dir, file), 'utf8')));
  return [
    fails(
      'counts-events',
      ledger(),
      null,
      'BUNDLE_COUNTS_MISMATCH',
      'manifest.json counts one event more than events.jsonl holds',
      { afterWrite: edit('manifest.json', (text) => text.replace('"events": 12', '"events": 13')) },
    ),
    fails(
      'counts-checkpoints',
      ledger(),
      null,
      'BUNDLE_COUNTS_MISMATCH',
      'manifest.json counts one checkpoint fewer than checkpoints.jsonl holds',
      { afterWrite: edit('manifest.json', (text) => text.replace('"checkpoints": 2', '"checkpoints": 1')) },
    ),
    fails(
      'malformed-line',
      ledger(),
      null,
      'BUNDLE_MALFORMED',
      'line 3 of events.jsonl has a field the format does not have (the manifest matches the edited file)',
      {
        afterWrite: reEvents((bytes) =>
          Buffer.from(bytes.toString('utf8').replace('"txId":"1002"', '"txId":"1002","extra":1')),
        ),
      },
    ),
    fails(
      'not-utf8',
      ledger(),
      null,
      'BUNDLE_MALFORMED',
      'events.jsonl holds a byte that is not UTF-8 (0xff); a verifier must not read it as U+FFFD',
      {
        afterWrite: reEvents((bytes) => Buffer.concat([bytes.subarray(0, 40), Buffer.of(0xff), bytes.subarray(41)])),
      },
    ),
    fails(
      'file-mismatch',
      ledger(),
      null,
      'BUNDLE_FILE_MISMATCH',
      "events.jsonl changed after the export: its SHA-256 is not the manifest's",
      { afterWrite: async (dir) => appendFile(path.join(dir, 'events.jsonl'), '\n') },
    ),
  ];
}

/** Changes events.jsonl after the export and states its new size and digest in the manifest, so only the deeper checks can catch it. */
function reEvents(change: (bytes: Buffer) => Buffer) {
  return async (dir: string) => {
    const bytes = change(await readFile(path.join(dir, 'events.jsonl')));
    await writeFile(path.join(dir, 'events.jsonl'), bytes);
    // The manifest writeVectors itself wrote a moment ago.
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      files: Record<string, { bytes: number; sha256: string }>;
    };
    manifest.files['events.jsonl'] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  };
}

function strip(checkpoint: BundleCheckpoint): SignedCheckpoint {
  const { origin, treeSize, rootHash, keyId, signature } = checkpoint;
  return { origin, treeSize, rootHash, keyId, signature };
}

/** Writes every vector under `root`: one directory per case, the four bundle files and expect.json. */
export async function writeVectors(root: string): Promise<string[]> {
  const names: string[] = [];
  for (const vector of vectorCases()) {
    const dir = path.join(root, vector.name);
    await mkdir(path.dirname(dir), { recursive: true });
    const writer = await BundleWriter.open(dir);
    for (const row of vector.ledger.rows) await writer.writeEvent(row);
    const key = vector.name === 'fail/resigned-by-another-key' ? OTHER_KEY : VECTOR_KEY;
    await writer.finish(vector.ledger.checkpoints, key, EXPORTED_AT);
    await vector.afterWrite?.(dir);
    await writeFile(path.join(dir, 'expect.json'), `${JSON.stringify(vector.expect, null, 2)}\n`);
    names.push(vector.name);
  }
  return names;
}

if (require.main === module) {
  const root = process.argv[2] ?? 'docs/audit-vectors/bundles';
  void writeVectors(root).then((names) => console.log(`wrote ${names.length} vectors under ${root}`));
}
