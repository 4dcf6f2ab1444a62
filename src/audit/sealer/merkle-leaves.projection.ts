import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import { leafHash } from '../../platform/chain/merkle';
import type { Projection } from '../../platform/projections/projection';
import { MerkleLeavesRepository, type MerkleLeaf } from './merkle-leaves.repository';
import { MerkleNodesRepository } from './merkle-nodes.repository';

/**
 * Pure: the leaves a batch adds. Each event not sealed yet takes the next index in feed order,
 * so the indexes depend only on the feed; an event already sealed (a redelivery) is skipped.
 */
export function assignLeaves(
  events: readonly RecordedEvent[],
  alreadySealed: ReadonlySet<string>,
  nextIndex: number,
): MerkleLeaf[] {
  const leaves: MerkleLeaf[] = [];
  const seen = new Set(alreadySealed);
  for (const event of events) {
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    const eventHash = Buffer.from(event.hash, 'hex');
    leaves.push({
      leafIndex: nextIndex + leaves.length,
      eventId: event.eventId,
      streamId: event.streamId,
      revision: event.revision,
      eventHash,
      leafHash: leafHash(eventHash),
    });
  }
  return leaves;
}

/**
 * The sealer's first half: every event of the feed becomes the next leaf of the Merkle log,
 * checkpoint events included, and the interior nodes the new leaves complete are stored with
 * them (so proofs read O(log n) rows). It runs as a projection, so leaves, nodes and the feed
 * checkpoint commit together (each event sealed exactly once, on one leader) and `projections rebuild
 * merkle_leaves` proves the stored leaves equal a fresh replay. Signing is the CheckpointSealer's.
 */
export const merkleLeavesProjection: Projection = {
  name: 'merkle_leaves',
  tables: ['merkle_leaves', 'merkle_nodes'],
  canHandle: 'all',
  async apply(transaction, events, tables) {
    const leaves = new MerkleLeavesRepository(transaction, tables.merkle_leaves);
    const alreadySealed = await leaves.sealedAmong(events.map((event) => event.eventId));
    const oldSize = await leaves.size();
    const added = assignLeaves(events, alreadySealed, oldSize);
    await leaves.append(added);
    if (added.length > 0)
      await new MerkleNodesRepository(transaction, tables.merkle_nodes).sealGrowth(leaves, oldSize, added);
  },
};
