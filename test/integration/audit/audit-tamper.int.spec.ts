import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_STREAM, type SignedCheckpoint } from '../../../src/audit/checkpoints/checkpoint';
import { signingKeyFromSecret } from '../../../src/audit/checkpoints/signing-key';
import { uniqueStream } from '../../support/events';
import { tamper } from '../../support/tamper';
import { AuditLedger } from './audit-ledger';
import { resealLeaves, rewriteAndRehash } from './rewrite-events';
import { closeIfStarted } from '../../support/teardown';
import { present } from '../../support/present';

/**
 * Given 16 events over three streams and checkpoints every 4 (signed at tree sizes 4, 8, 12, 19;
 * the checkpoint events themselves are leaves 12, 13, 14 and 19), when someone with the owner's
 * rights alters the database, then both the online verifier and the offline verifier of an
 * export name the first break.
 */
describe('tampering is reported precisely, online and offline (real PostgreSQL)', () => {
  let ledger: AuditLedger;
  const streams = [uniqueStream('wallet'), uniqueStream('member'), uniqueStream('venture')];

  /** Ordinary event i (leaf i below 12, leaf i + 3 above) is revision ⌊i/3⌋ of streams[i mod 3]. */
  const ordinary = (index: number) => ({ streamId: streams[index % 3], revision: String(Math.floor(index / 3)) });
  const eventIdAtLeaf = async (leafIndex: number) =>
    present(await ledger.leaves.at(leafIndex), `the leaf ${leafIndex}`).eventId;
  const bothReports = async (trustedCheckpoint?: SignedCheckpoint) => ({
    online: await ledger.verifyOnline(trustedCheckpoint),
    offline: await ledger.verifyOffline(trustedCheckpoint),
  });

  beforeEach(async () => {
    ledger = await AuditLedger.create('tamper');
    await ledger.append(streams, 12);
    await ledger.seal();
    await ledger.append(streams, 4);
    expect((await ledger.seal()).map((checkpoint) => checkpoint.treeSize)).toEqual([19]);
  });
  afterEach(async () => {
    await closeIfStarted(ledger);
  });

  it('verifies the untouched log the same way online and offline', async () => {
    const { online, offline } = await bothReports();
    for (const report of [online, offline]) {
      expect(report).toMatchObject({
        status: 'VERIFIED',
        eventsChecked: 20,
        streamsChecked: 4,
        leavesChecked: 20,
        checkpointsChecked: 4,
        firstBreak: null,
      });
      expect(report.latestCheckpoint?.treeSize).toBe(19);
    }
  });

  it("names the stream and revision when one event's data was edited", async () => {
    await tamper(
      ledger.owner,
      `update events set data = replace(data, '"index":4', '"index":40') where event_id = $1`,
      [await eventIdAtLeaf(4)],
    );
    const { online, offline } = await bothReports();
    for (const report of [online, offline]) {
      expect(report.status).toBe('BROKEN');
      expect(report.firstBreak).toMatchObject({
        problem: 'HASH_MISMATCH',
        ...ordinary(4),
        actual: Buffer.from(present(await ledger.leaves.at(4), 'the leaf 4').eventHash).toString('hex'),
      });
    }
  });

  it('catches an edit whose chain was re-hashed by its sealed leaf, and one whose leaf was re-sealed too by the signed root', async () => {
    const { streamId, revision } = ordinary(4);
    await rewriteAndRehash(ledger.owner, streamId, BigInt(revision), (data) => data.replace('"index":4', '"index":40'));
    let { online, offline } = await bothReports();
    for (const report of [online, offline])
      expect(report.firstBreak).toMatchObject({ problem: 'LEAF_MISMATCH', ...ordinary(4) });

    await resealLeaves(ledger.owner, streamId);
    ({ online, offline } = await bothReports());
    // Leaf 4 is outside the checkpoint of size 4 and inside the one of size 8 (revision 1).
    for (const report of [online, offline])
      expect(report.firstBreak).toMatchObject({
        problem: 'CHECKPOINT_ROOT_MISMATCH',
        streamId: CHECKPOINT_STREAM,
        revision: '1',
      });
  });

  it('catches the last N events deleted: by the sealed leaves online, by a checkpoint kept from an earlier export offline', async () => {
    const kept = await AuditLedger.lastCheckpointOf(await ledger.exportBundle());
    const deleted = await Promise.all([17, 18, 19].map(eventIdAtLeaf));
    await tamper(ledger.owner, 'delete from events where event_id = any($1::uuid[])', [deleted]);

    expect((await ledger.verifyOnline()).firstBreak).toMatchObject({
      problem: 'SEALED_EVENT_MISSING',
      ...ordinary(14),
      expected: deleted[0],
    });
    const offline = await ledger.verifyOffline(kept);
    expect(offline.firstBreak).toMatchObject({
      problem: 'CHECKPOINT_BEYOND_LOG',
      streamId: null,
      expected: '19',
      actual: '17',
    });

    // A thorough attacker removes the leaves too; the kept checkpoint still catches it online.
    await ledger.owner.query('delete from merkle_leaves where leaf_index >= 17');
    expect((await ledger.verifyOnline(kept)).firstBreak).toMatchObject({
      problem: 'CHECKPOINT_BEYOND_LOG',
      expected: '19',
      actual: '17',
    });
  });

  it('catches the newest business events deleted under a checkpoint that covered them', async () => {
    await tamper(ledger.owner, 'delete from events where event_id = any($1::uuid[])', [
      await Promise.all([17, 18].map(eventIdAtLeaf)),
    ]);
    const { online, offline } = await bothReports();
    for (const report of [online, offline]) {
      expect(report.firstBreak).toMatchObject({
        problem: 'LEAF_OUT_OF_ORDER',
        streamId: CHECKPOINT_STREAM,
        revision: '3',
        expected: '17',
        actual: '19',
      });
    }
    expect(online.firstBreak?.context).toMatchObject({
      sealedHere: { leafIndex: 17, ...ordinary(14), stillInLog: false },
    });
  });

  it('catches two events swapped in the feed', async () => {
    const [second, sixth] = await Promise.all([2, 6].map(eventIdAtLeaf));
    await tamper(
      ledger.owner,
      `update events e set tx_id = o.tx_id from events o
       where (e.event_id, o.event_id) in (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
      [second, sixth],
    );
    const { online, offline } = await bothReports();
    for (const report of [online, offline])
      expect(report.firstBreak).toMatchObject({
        problem: 'LEAF_OUT_OF_ORDER',
        ...ordinary(6),
        expected: '2',
        actual: '6',
      });
    expect(online.firstBreak?.context).toMatchObject({
      sealedHere: { leafIndex: 2, ...ordinary(2), stillInLog: true },
    });
  });

  it("catches a checkpoint's forged signature, even with its chain re-hashed", async () => {
    const forger = signingKeyFromSecret('2'.repeat(64));
    await rewriteAndRehash(ledger.owner, CHECKPOINT_STREAM, 1n, (data) => {
      const checkpoint = JSON.parse(data) as SignedCheckpoint;
      const forged = forger.sign({ ...checkpoint, rootHash: 'f'.repeat(64) });
      return JSON.stringify({ ...checkpoint, rootHash: forged.rootHash, signature: forged.signature });
    });
    const { online, offline } = await bothReports();
    for (const report of [online, offline])
      expect(report.firstBreak).toMatchObject({
        problem: 'CHECKPOINT_BAD_SIGNATURE',
        streamId: CHECKPOINT_STREAM,
        revision: '1',
      });
  });

  it('catches an event inserted among sealed ones, which no leaf vouches for', async () => {
    const forgedStream = uniqueStream('wallet');
    await ledger.store.append(
      forgedStream,
      [
        {
          eventId: '00000000-0000-4000-8000-000000000001',
          type: 'BuzIssued',
          data: { amountBuz: '1000000' },
          metadata: {
            occurredAt: '2026-11-24T00:00:00.000Z',
            actorId: null,
            commandId: null,
            correlationId: null,
            causationId: null,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await tamper(
      ledger.owner,
      `update events set tx_id = (select tx_id from events where event_id = $1) where stream_id = $2`,
      [await eventIdAtLeaf(5), forgedStream],
    );
    const { online, offline } = await bothReports();
    for (const report of [online, offline])
      expect(report.firstBreak).toMatchObject({ problem: 'UNSEALED_EVENT', streamId: forgedStream, revision: '0' });
  });
});
