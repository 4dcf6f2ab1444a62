import { createReadStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { z } from 'zod';
import {
  checkpointNoteBody,
  noteKeyId,
  parseSignatureLine,
  signatureLine,
  verifyCosignature,
  type VerifierKey,
} from './signed-note';

/**
 * `cosignatures.jsonl` of an export bundle: every stored witness cosignature, one per line. It
 * sits beside the manifest's files rather than among them: each line carries its own trust (a
 * witness's signature over a checkpoint of the bundle), so a lost or altered line can only make
 * the quorum fail, never make a history pass.
 */
export const COSIGNATURES_FILE = 'cosignatures.jsonl';
const CHECKPOINTS_FILE = 'checkpoints.jsonl';

const cosignatureLineSchema = z.object({
  treeSize: z.number().int().nonnegative(),
  witness: z.string(),
  cosignedAt: z.string(),
  /** The signed-note signature line, as the log serves it in the checkpoint's note. */
  cosignature: z.string(),
});
const checkpointLineSchema = z.object({
  origin: z.string(),
  treeSize: z.number().int().nonnegative(),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export async function exportCosignatures(pool: pg.Pool, outDir: string): Promise<number> {
  const { rows } = await pool.query<{
    tree_size: string;
    witness_name: string;
    key_id: Buffer;
    cosigned_at_seconds: string;
    signature: Buffer;
  }>(
    'select tree_size, witness_name, key_id, cosigned_at_seconds, signature from checkpoint_cosignatures order by tree_size, witness_name, key_id',
  );
  const lines = rows.map((row) => {
    const line = signatureLine({
      name: row.witness_name,
      keyId: row.key_id.toString('hex'),
      signature: new Uint8Array(row.signature),
    }).trimEnd();
    return `${JSON.stringify({ treeSize: Number(row.tree_size), witness: row.witness_name, cosignedAt: new Date(Number(row.cosigned_at_seconds) * 1000).toISOString(), cosignature: line })}\n`;
  });
  await writeFile(path.join(outDir, COSIGNATURES_FILE), lines.join(''), { flag: 'wx' });
  return lines.length;
}

export interface WitnessQuorumReport {
  status: 'WITNESSED' | 'NOT_WITNESSED';
  quorum: number;
  /** The largest checkpoint of the bundle cosigned by `quorum` of the given witnesses, or null. */
  witnessedTreeSize: number | null;
  witnessedRootHash: string | null;
  /** Who cosigned that checkpoint. */
  witnesses: string[];
}

async function* jsonLines(file: string): AsyncGenerator {
  if (!existsSync(file)) return;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line === '') continue;
    try {
      yield JSON.parse(line);
    } catch {
      yield null;
    }
  }
}

/**
 * Which checkpoints of the bundle a quorum of the given witnesses cosigned. Only cosignatures
 * that verify over a checkpoint of checkpoints.jsonl under one of `keys` count, each witness once.
 * Run it after the bundle verified: then every checkpoint's root is the root of the bundle's own
 * leaves, and a witnessed checkpoint vouches for every event below its tree size.
 */
export async function checkWitnessQuorum(
  dir: string,
  keys: readonly VerifierKey[],
  quorum: number,
): Promise<WitnessQuorumReport> {
  const cosigners = new Map<number, { name: string; line: string }[]>();
  for await (const value of jsonLines(path.join(dir, COSIGNATURES_FILE))) {
    const parsed = cosignatureLineSchema.safeParse(value);
    if (!parsed.success) continue;
    const list = cosigners.get(parsed.data.treeSize) ?? [];
    list.push({ name: parsed.data.witness, line: parsed.data.cosignature });
    cosigners.set(parsed.data.treeSize, list);
  }
  let best: WitnessQuorumReport = {
    status: 'NOT_WITNESSED',
    quorum,
    witnessedTreeSize: null,
    witnessedRootHash: null,
    witnesses: [],
  };
  for await (const value of jsonLines(path.join(dir, CHECKPOINTS_FILE))) {
    const checkpoint = checkpointLineSchema.safeParse(value);
    if (!checkpoint.success) continue;
    const body = checkpointNoteBody(checkpoint.data);
    const witnesses = new Set<string>();
    for (const candidate of cosigners.get(checkpoint.data.treeSize) ?? []) {
      const signature = parseSignatureLine(candidate.line);
      const key =
        signature &&
        keys.find(
          (known) =>
            known.name === signature.name && noteKeyId(known.name, known.type, known.publicKey) === signature.keyId,
        );
      if (signature && key && verifyCosignature(body, signature, key) !== null) witnesses.add(key.name);
    }
    if (witnesses.size >= quorum && checkpoint.data.treeSize >= (best.witnessedTreeSize ?? -1)) {
      best = {
        status: 'WITNESSED',
        quorum,
        witnessedTreeSize: checkpoint.data.treeSize,
        witnessedRootHash: checkpoint.data.rootHash,
        witnesses: [...witnesses].sort(),
      };
    }
  }
  return best;
}
