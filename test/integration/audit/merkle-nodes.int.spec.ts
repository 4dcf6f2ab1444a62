import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointLog } from '../../../src/audit/checkpoints/checkpoint-log';
import { AuditProofs } from '../../../src/audit/proofs/audit-proofs';
import { rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { consistencyProof, inclusionProof } from '../../../src/platform/chain/merkle-proofs';
import { uniqueStream } from '../../support/events';
import { AuditLedger } from './audit-ledger';
import { closeIfStarted } from '../../support/teardown';
import { present } from '../../support/present';

const hexOf = (value: Uint8Array) => Buffer.from(value).toString('hex');

/**
 * 260 events sealed in four rounds of uneven size, so the stored nodes grew across batches:
 * proofs read from them must equal proofs computed from every leaf, and the migration's
 * backfill must write exactly the nodes the projection wrote.
 */
describe('stored Merkle nodes (real PostgreSQL)', () => {
  let ledger: AuditLedger;
  let proofs: AuditProofs;
  let allLeaves: Uint8Array[];

  beforeAll(async () => {
    ledger = await AuditLedger.create('merkle_nodes', { everyEvents: 50, everyMs: 3_600_000 });
    const streams = [uniqueStream('wallet'), uniqueStream('member'), uniqueStream('venture')];
    for (const round of [37, 90, 100, 33]) {
      await ledger.append(streams, round);
      await ledger.seal();
    }
    proofs = new AuditProofs(ledger.leaves, ledger.nodes, new CheckpointLog(ledger.store), ledger.store);
    allLeaves = (await ledger.leaves.range(0, await ledger.leaves.size())).map((leaf) => leaf.leafHash);
  });
  afterAll(async () => {
    await closeIfStarted(ledger);
  });

  it('proves inclusion with the nodes the leaves give, against the signed root', async () => {
    for (const leafIndex of [0, 15, 16, 100, 200]) {
      const proof = await proofs.inclusion(present(await ledger.leaves.at(leafIndex), `the leaf ${leafIndex}`).eventId);
      expect(proof.rootHash).toBe(present(proof.checkpoint, 'the signed checkpoint').rootHash);
      expect(proof.rootHash).toBe(hexOf(rootFromLeafHashes(allLeaves.slice(0, proof.treeSize))));
      expect(proof.proof).toEqual(inclusionProof(allLeaves.slice(0, proof.treeSize), leafIndex).map(hexOf));
    }
  });

  it('proves consistency between any two sealed sizes with the nodes the leaves give', async () => {
    const latest = present(await new CheckpointLog(ledger.store).latest(), 'a signed checkpoint');
    for (const from of [1, 16, 50, 129, latest.treeSize]) {
      const proof = await proofs.consistency(from);
      expect(proof.toRootHash).toBe(latest.rootHash);
      expect(proof.fromRootHash).toBe(hexOf(rootFromLeafHashes(allLeaves.slice(0, from))));
      expect(proof.proof).toEqual(
        consistencyProof(allLeaves.slice(0, latest.treeSize), from, latest.treeSize).map(hexOf),
      );
    }
  });

  it('backfills exactly the nodes the projection wrote', async () => {
    const nodes =
      'select level, node_index, encode(hash, $$hex$$) as hash from merkle_nodes order by level, node_index';
    const written = (await ledger.owner.query(nodes)).rows;
    expect(written.length).toBeGreaterThan(15);
    await ledger.owner.query('delete from merkle_nodes');
    const { rows } = await ledger.owner.query<{ backfill_merkle_nodes: string }>('select backfill_merkle_nodes()');
    expect(Number(rows[0].backfill_merkle_nodes)).toBe(written.length);
    expect((await ledger.owner.query(nodes)).rows).toEqual(written);
  });

  it('lets the app only append nodes, never change or remove one', async () => {
    for (const statement of [
      'update merkle_nodes set hash = hash',
      'delete from merkle_nodes',
      'truncate merkle_nodes',
    ]) {
      await expect(ledger.database.pool.query(statement)).rejects.toMatchObject({ code: '42501' });
    }
  });
});
