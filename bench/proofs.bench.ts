import knexFactory from 'knex';
import { inclusionProofRanges, consistencyProofRanges } from '../src/audit/proofs/proof-ranges';
import { readSubtreeRoots } from '../src/audit/proofs/stored-roots';
import { leafPages, MerkleLeavesRepository } from '../src/audit/sealer/merkle-leaves.repository';
import { MerkleNodesRepository } from '../src/audit/sealer/merkle-nodes.repository';
import { bytesEqual } from '../src/platform/chain/merkle';
import { consistencyProof, inclusionProof } from '../src/platform/chain/merkle-proofs';
import type { Benchmark, BenchContext, BenchReport } from './benchmark';

/** Proofs timed per kind; the median is reported, so one slow sample (a checkpoint, GC) doesn't decide. */
const SAMPLES = 25;
const GOAL_MS = 10;

/**
 * An inclusion and a consistency proof at n leaves (1M with --full, else --events), read from the
 * stored nodes, against the same proof computed from scratch in the same run: every leaf read,
 * then RFC 6962 over all of them (what every proof cost before the nodes were stored).
 */
export const proofsBenchmark: Benchmark = {
  name: 'proofs',
  description: 'inclusion and consistency proofs from stored Merkle nodes vs from every leaf',
  resultsFile: 'PROOF-RESULTS.md',
  async run(context: BenchContext): Promise<BenchReport> {
    const size = context.options.events;
    const ownerUrl = await context.freshDatabase('bench_proofs');
    const knex = knexFactory({ client: 'pg', connection: ownerUrl, pool: { min: 1, max: 2 } });
    try {
      context.log(`proofs: writing ${size} synthetic leaves and their nodes`);
      await knex.raw(
        `insert into merkle_leaves (leaf_index, event_id, stream_id, revision, event_hash, leaf_hash)
         select i, gen_random_uuid(), 'bench', i, sha256(int8send(i)), sha256('\\x00'::bytea || sha256(int8send(i)))
         from generate_series(0, ?::bigint - 1) as i`,
        [size],
      );
      await knex.raw('select backfill_merkle_nodes()');
      const leaves = new MerkleLeavesRepository(knex);
      const nodes = new MerkleNodesRepository(knex);
      const leafIndex = Math.floor(size * 0.61);
      const oldSize = Math.floor(size * 0.37);

      const stored = { inclusion: [] as number[], consistency: [] as number[] };
      let storedInclusion: Uint8Array[] = [];
      let storedConsistency: Uint8Array[] = [];
      for (let sample = 0; sample < SAMPLES; sample += 1) {
        stored.inclusion.push(
          await timed(
            async () =>
              (storedInclusion = (await readSubtreeRoots(leaves, nodes, inclusionProofRanges(leafIndex, size), [size]))
                .rangeRoots),
          ),
        );
        stored.consistency.push(
          await timed(
            async () =>
              (storedConsistency = (
                await readSubtreeRoots(leaves, nodes, consistencyProofRanges(oldSize, size), [oldSize, size])
              ).rangeRoots),
          ),
        );
      }
      context.log('proofs: computing the same proofs from every leaf');
      let scratchInclusion: Uint8Array[] = [];
      let scratchConsistency: Uint8Array[] = [];
      const scratch = {
        inclusion: await timed(
          async () => (scratchInclusion = inclusionProof(await allLeafHashes(leaves, size), leafIndex)),
        ),
        consistency: await timed(
          async () => (scratchConsistency = consistencyProof(await allLeafHashes(leaves, size), oldSize, size)),
        ),
      };
      const same = (left: Uint8Array[], right: Uint8Array[]) =>
        left.length === right.length && left.every((node, index) => bytesEqual(node, right[index]));
      if (!same(storedInclusion, scratchInclusion) || !same(storedConsistency, scratchConsistency))
        throw new Error('The stored nodes gave a different proof than the leaves');

      const row = (kind: 'inclusion' | 'consistency') => {
        const ms = median(stored[kind]);
        return [
          kind,
          size.toLocaleString('en'),
          ms.toFixed(2),
          scratch[kind].toFixed(0),
          `${(scratch[kind] / ms).toFixed(0)}×`,
        ];
      };
      return {
        title: 'Merkle proofs',
        tables: [
          {
            title: 'One proof, stored nodes vs from every leaf (same run, same database)',
            columns: ['Proof', 'leaves', 'stored nodes: median ms', 'from every leaf: ms', 'speed-up'],
            rows: [row('inclusion'), row('consistency')],
          },
        ],
        targets: (['inclusion', 'consistency'] as const).map((kind) => ({
          target: `${kind[0].toUpperCase()}${kind.slice(1)} proof at ${size.toLocaleString('en')} leaves`,
          measured: `${median(stored[kind]).toFixed(2)} ms (${(scratch[kind] / median(stored[kind])).toFixed(0)}× faster than from every leaf)`,
          goal: `≤ ${GOAL_MS} ms`,
          met: median(stored[kind]) <= GOAL_MS,
        })),
        notes: [
          `${size.toLocaleString('en')} synthetic leaves inserted in SQL, nodes written by backfill_merkle_nodes() (the migration's backfill, which the projection's nodes are tested equal to).`,
          `Stored nodes: ${SAMPLES} proofs of each kind, leaf ${leafIndex.toLocaleString('en')} and from tree size ${oldSize.toLocaleString('en')}; the proof nodes are checked equal to the from-scratch ones.`,
          'A proof through the API adds the checkpoint and event reads (a few indexed rows).',
        ],
      };
    } finally {
      await knex.destroy();
    }
  },
};

async function allLeafHashes(leaves: MerkleLeavesRepository, size: number): Promise<Uint8Array[]> {
  const hashes: Uint8Array[] = [];
  for await (const page of leafPages(leaves, 0, size)) for (const leaf of page) hashes.push(leaf.leafHash);
  return hashes;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}
