import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** transparency-dev/merkle's test vectors, in test/fixtures/vectors/merkle/{inclusion,consistency}. */
const VECTORS_DIR = path.join(__dirname, '../fixtures/vectors/merkle');

/** The vectors come from Go, which writes an empty proof as null. */
const proof = z.array(z.string()).nullish();

export const inclusionVectorSchema = z.object({
  leafIdx: z.number(),
  treeSize: z.number(),
  root: z.string(),
  leafHash: z.string(),
  proof,
  desc: z.string(),
  wantErr: z.boolean(),
});

export const consistencyVectorSchema = z.object({
  size1: z.number(),
  size2: z.number(),
  root1: z.string(),
  root2: z.string(),
  proof,
  desc: z.string(),
  wantErr: z.boolean(),
});

/** Relative paths of every JSON file under `folder`, read at test time so new vectors are picked up. */
export function vectorFiles(folder: 'inclusion' | 'consistency'): string[] {
  const files = readdirSync(path.join(VECTORS_DIR, folder), { recursive: true, encoding: 'utf8' });
  return files.filter((file) => file.endsWith('.json')).sort();
}

export function inclusionVector(file: string): z.output<typeof inclusionVectorSchema> {
  return inclusionVectorSchema.parse(JSON.parse(readFileSync(path.join(VECTORS_DIR, 'inclusion', file), 'utf8')));
}

export function consistencyVector(file: string): z.output<typeof consistencyVectorSchema> {
  return consistencyVectorSchema.parse(JSON.parse(readFileSync(path.join(VECTORS_DIR, 'consistency', file), 'utf8')));
}
