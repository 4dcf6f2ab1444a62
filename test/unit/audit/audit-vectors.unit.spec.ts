import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signedCheckpointSchema } from '../../../src/audit/checkpoints/checkpoint';
import { writeVectors, type VectorExpectation } from '../../../bench/audit-vectors';
import {
  verifyBundle,
  type BundleVerificationReport,
  type BundleVerifyOptions,
} from '../../../src/audit/offline/bundle-verifier';

const ROOT = path.resolve('docs/audit-vectors/bundles');
const vectors = ['verify', 'fail'].flatMap((group) =>
  readdirSync(path.join(ROOT, group)).map((name) => `${group}/${name}`),
);
const expectationSchema = z.object({
  verifies: z.boolean(),
  problem: z.string().nullable(),
  streamId: z.string().nullable(),
  revision: z.string().nullable(),
  reason: z.string(),
  options: z
    .object({ trustedKeyId: z.string().optional(), trustedCheckpoint: signedCheckpointSchema.optional() })
    .optional(),
});
const expectationOf = (vector: string): VectorExpectation =>
  expectationSchema.parse(JSON.parse(readFileSync(path.join(ROOT, vector, 'expect.json'), 'utf8')));

/** The compiled verifier (`npm run build:api` first), which hashes on worker threads as `npm run audit -- verify` does. */
const compiled = createRequire(__filename)(path.resolve('dist/src/audit/offline/bundle-verifier.js')) as {
  verifyBundle: typeof verifyBundle;
};

function outcome(report: BundleVerificationReport) {
  return {
    verifies: report.status === 'VERIFIED',
    problem: report.firstBreak?.problem ?? null,
    streamId: report.firstBreak?.streamId ?? null,
    revision: report.firstBreak?.revision ?? null,
  };
}

describe('the bundle vectors of docs/audit-vectors (docs/AUDIT-BUNDLE.md §7)', () => {
  it('has vectors that must verify and vectors that must fail, one for every reason the spec names', () => {
    const failing = vectors
      .filter((vector) => vector.startsWith('fail/'))
      .map((vector) => expectationOf(vector).problem);
    const spec = readFileSync('docs/AUDIT-BUNDLE.md', 'utf8');
    expect(vectors.filter((vector) => vector.startsWith('verify/')).length).toBeGreaterThanOrEqual(5);
    for (const problem of new Set(failing)) expect(spec).toContain(`\`${problem}\``);
  });

  it.each(vectors)('%s: our verifier, in this thread, gives the stated verdict and first break', async (vector) => {
    const expected = expectationOf(vector);
    const report = await verifyBundle(path.join(ROOT, vector), {
      ...(expected.options as BundleVerifyOptions),
      threads: 0,
    });
    expect(outcome(report)).toEqual({
      verifies: expected.verifies,
      problem: expected.problem,
      streamId: expected.streamId,
      revision: expected.revision,
    });
  });

  it.each(vectors)('%s: the compiled verifier on worker threads gives the same', async (vector) => {
    const expected = expectationOf(vector);
    const report = await compiled.verifyBundle(path.join(ROOT, vector), {
      ...(expected.options as BundleVerifyOptions),
      threads: 2,
    });
    expect(outcome(report)).toEqual({
      verifies: expected.verifies,
      problem: expected.problem,
      streamId: expected.streamId,
      revision: expected.revision,
    });
  });

  describe('are what bench/audit-vectors.ts writes, byte for byte', () => {
    let fresh: string;
    beforeAll(async () => {
      fresh = await mkdtemp(path.join(tmpdir(), 'smartstart-audit-vectors-'));
      await writeVectors(fresh);
    });
    afterAll(async () => {
      await rm(fresh, { recursive: true, force: true });
    });

    it.each(vectors)('%s', async (vector) => {
      const files = await readdir(path.join(ROOT, vector));
      expect(await readdir(path.join(fresh, vector))).toEqual(files);
      for (const file of files)
        expect(await readFile(path.join(fresh, vector, file)), file).toEqual(
          await readFile(path.join(ROOT, vector, file)),
        );
    });
  });
});
