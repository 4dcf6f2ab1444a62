import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_STREAM, loggedCheckpointOf } from '../../../src/audit/checkpoints/checkpoint';
import { signingKeyFromSecret, verifyCheckpointSignature } from '../../../src/audit/checkpoints/signing-key';
import { CheckpointSealer, SealerRefusedError } from '../../../src/audit/sealer/checkpoint-sealer';
import { merkleLeavesProjection } from '../../../src/audit/sealer/merkle-leaves.projection';
import { rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { liveTables } from '../../../src/platform/projections/projection';
import { rebuildAndCompare } from '../../../src/platform/projections/projection-rebuild';
import { uniqueStream } from '../../support/events';
import { wholeFeed } from '../../support/feed';
import { AuditLedger, TEST_KEY } from './audit-ledger';
import knexFactory from 'knex';
import { closeIfStarted } from '../../support/teardown';
import { present } from '../../support/present';

const HOUR_MS = 3_600_000;

describe('the sealer (real PostgreSQL)', () => {
  let ledger: AuditLedger;
  const streams = [uniqueStream('wallet'), uniqueStream('member')];

  beforeEach(async () => {
    ledger = await AuditLedger.create('sealer', { everyEvents: 5, everyMs: HOUR_MS });
  });
  afterEach(async () => {
    await closeIfStarted(ledger);
  });

  const storedLeaves = async () => ledger.leaves.range(0, 1_000);

  it('gives every event, checkpoints included, the next leaf in feed order', async () => {
    await ledger.append(streams, 7);
    await ledger.seal();
    const feed = await wholeFeed(ledger.store, ledger.database.pool);
    const leaves = await storedLeaves();
    expect(leaves.map((leaf) => leaf.leafIndex)).toEqual(feed.map((_, index) => index));
    expect(leaves.map((leaf) => leaf.eventId)).toEqual(feed.map((event) => event.eventId));
    expect(leaves.map((leaf) => Buffer.from(leaf.eventHash).toString('hex'))).toEqual(feed.map((event) => event.hash));
    expect(feed.at(-1)?.streamId).toBe(CHECKPOINT_STREAM);
  });

  it('signs a checkpoint every N events, not counting its own checkpoint events', async () => {
    await ledger.append(streams, 12);
    expect((await ledger.seal()).map((checkpoint) => checkpoint.treeSize)).toEqual([5, 10]);
    // Leaves 12 and 13 are the two checkpoint events: they alone never make a checkpoint.
    await ledger.append(streams, 3);
    expect((await ledger.seal()).map((checkpoint) => checkpoint.treeSize)).toEqual([17]);
    expect(await ledger.seal()).toEqual([]);
  });

  it('stores checkpoints whose signatures verify and whose roots are the roots of the stored leaves', async () => {
    await ledger.append(streams, 11);
    await ledger.seal();
    const events = await ledger.store.readStream(CHECKPOINT_STREAM);
    const leafHashes = (await storedLeaves()).map((leaf) => leaf.leafHash);
    expect(events.map((event) => event.revision)).toEqual([0n, 1n]);
    for (const event of events) {
      const checkpoint = present(loggedCheckpointOf(event), `a checkpoint in event ${event.eventId}`);
      expect(verifyCheckpointSignature(checkpoint, TEST_KEY)).toBe(true);
      expect(checkpoint).toMatchObject({ origin: 'smartstart-ledger', keyId: TEST_KEY.keyId });
      expect(checkpoint.rootHash).toBe(
        Buffer.from(rootFromLeafHashes(leafHashes.slice(0, checkpoint.treeSize))).toString('hex'),
      );
    }
  });

  it('signs after T even below N, but never for its own checkpoint events alone', async () => {
    await ledger.append(streams, 2);
    expect(await ledger.seal()).toEqual([]);
    ledger.clock.advance(HOUR_MS);
    expect((await ledger.seal()).map((checkpoint) => checkpoint.treeSize)).toEqual([2]);
    ledger.clock.advance(2 * HOUR_MS);
    expect(await ledger.seal()).toEqual([]);
  });

  it('creates no duplicate leaves when events are delivered again, whole or in part', async () => {
    await ledger.append(streams, 9);
    await ledger.seal();
    const before = await storedLeaves();
    const feed = await wholeFeed(ledger.store, ledger.database.pool);
    const apply = (events: typeof feed) =>
      ledger.database.knex.transaction((trx) =>
        merkleLeavesProjection.apply(trx, events, liveTables(merkleLeavesProjection)),
      );
    await apply(feed);
    await apply(feed.slice(2, 5));
    for (const event of feed) await apply([event, event]);
    expect(await storedLeaves()).toEqual(before);
  });

  it('continues after a restart from the stored leaves and its last checkpoint, without signing twice', async () => {
    await ledger.append(streams, 7);
    await ledger.seal();
    const restarted = new CheckpointSealer({
      store: ledger.store,
      leaves: ledger.leaves,
      key: TEST_KEY,
      clock: ledger.clock,
      policy: { everyEvents: 5, everyMs: HOUR_MS },
    });
    await restarted.restore();
    expect(restarted.treeSize).toBe(5);
    expect(await restarted.sealPending()).toEqual([]);
    await ledger.append(streams, 3);
    await ledger.sealLeaves();
    expect((await restarted.sealPending()).map((checkpoint) => checkpoint.treeSize)).toEqual([11]);
  });

  it('refuses to sign with a key other than the one that signed the last checkpoint', async () => {
    await ledger.append(streams, 5);
    await ledger.seal();
    const otherKey = signingKeyFromSecret('1'.repeat(64));
    const impostor = new CheckpointSealer({
      store: ledger.store,
      leaves: ledger.leaves,
      key: otherKey,
      clock: ledger.clock,
      policy: { everyEvents: 1, everyMs: HOUR_MS },
    });
    await expect(impostor.restore()).rejects.toThrow(SealerRefusedError);
  });

  it('rebuilds merkle_leaves from position 0 into a table equal to the live one', async () => {
    await ledger.append(streams, 8);
    await ledger.seal();
    const ownerKnex = knexFactory({ client: 'pg', connection: ledger.database.ownerUrl, pool: { min: 0, max: 2 } });
    try {
      await ownerKnex('projection_checkpoints').insert({
        projection: 'merkle_leaves',
        position: present((await wholeFeed(ledger.store, ledger.database.pool)).at(-1), 'an event in the feed')
          .position,
      });
      const report = await rebuildAndCompare(merkleLeavesProjection, ledger.store, ownerKnex);
      expect(report).toMatchObject({ equal: true, eventsReplayed: 9 });
    } finally {
      await ownerKnex.destroy();
    }
  });
});
