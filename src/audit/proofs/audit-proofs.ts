import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import {
  EventAfterTreeSizeError,
  EventNotInLogError,
  NoCheckpointYetError,
  TreeSizeUnavailableError,
} from '../audit.errors';
import type { LoggedCheckpoint } from '../checkpoints/checkpoint';
import type { CheckpointLog } from '../checkpoints/checkpoint-log';
import type { MerkleLeavesRepository } from '../sealer/merkle-leaves.repository';
import type { MerkleNodesRepository } from '../sealer/merkle-nodes.repository';
import { consistencyProofRanges, inclusionProofRanges } from './proof-ranges';
import { readSubtreeRoots } from './stored-roots';

/** Everything needed to recompute the event hash, its leaf, and the root, without trusting us. */
export interface ProvenEvent {
  streamId: string;
  revision: string;
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
  prevHash: string;
  hash: string;
}

export interface InclusionProof {
  event: ProvenEvent | null;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  /** Root of the stored leaves; trust `checkpoint.rootHash`, which is signed, instead. */
  rootHash: string;
  /** Hex nodes, from the leaf upwards (RFC 9162 §2.1.3). */
  proof: string[];
  /** The signed checkpoint of this tree size, when there is one. */
  checkpoint: LoggedCheckpoint | null;
}

export interface ConsistencyProof {
  fromTreeSize: number;
  toTreeSize: number;
  fromRootHash: string;
  toRootHash: string;
  proof: string[];
  fromCheckpoint: LoggedCheckpoint | null;
  toCheckpoint: LoggedCheckpoint | null;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Inclusion and consistency proofs over the stored Merkle log, against checkpoints by default.
 * Each reads O(log n) rows: the stored nodes and at most 15 leaves per proof node.
 */
export class AuditProofs {
  constructor(
    private readonly leaves: MerkleLeavesRepository,
    private readonly nodes: MerkleNodesRepository,
    private readonly checkpoints: CheckpointLog,
    private readonly store: EventStore,
  ) {}

  /** Proves an event is leaf i of the tree of `treeSize` leaves (default: the latest checkpoint's). */
  async inclusion(eventId: string, treeSize?: number): Promise<InclusionProof> {
    const leaf = await this.leaves.ofEvent(eventId);
    if (!leaf) throw new EventNotInLogError(eventId);
    const { size, checkpoint } = await this.resolveSize(treeSize);
    if (leaf.leafIndex >= size) throw new EventAfterTreeSizeError(eventId, leaf.leafIndex, size);
    const { roots, rangeRoots } = await readSubtreeRoots(
      this.leaves,
      this.nodes,
      inclusionProofRanges(leaf.leafIndex, size),
      [size],
    );
    const event = (await this.store.readStream(leaf.streamId, { fromRevision: leaf.revision, maxCount: 1 })).at(0);
    return {
      event: event ? provenEvent(event) : null,
      leafIndex: leaf.leafIndex,
      treeSize: size,
      leafHash: hex(leaf.leafHash),
      rootHash: hex(roots.root(0, size)),
      proof: rangeRoots.map(hex),
      checkpoint,
    };
  }

  /** Proves the tree of `from` leaves is a prefix of the tree of `to` (default: the latest checkpoint's). */
  async consistency(from: number, to?: number): Promise<ConsistencyProof> {
    const target = await this.resolveSize(to);
    if (from < 1 || from > target.size) {
      throw new TreeSizeUnavailableError(`No consistency proof from tree size ${from} to ${target.size}`, {
        from,
        to: target.size,
      });
    }
    const { roots, rangeRoots } = await readSubtreeRoots(
      this.leaves,
      this.nodes,
      consistencyProofRanges(from, target.size),
      [from, target.size],
    );
    return {
      fromTreeSize: from,
      toTreeSize: target.size,
      fromRootHash: hex(roots.root(0, from)),
      toRootHash: hex(roots.root(0, target.size)),
      proof: rangeRoots.map(hex),
      fromCheckpoint: await this.checkpoints.withTreeSize(from),
      toCheckpoint: target.checkpoint,
    };
  }

  private async resolveSize(
    treeSize: number | undefined,
  ): Promise<{ size: number; checkpoint: LoggedCheckpoint | null }> {
    if (treeSize === undefined) {
      const latest = await this.checkpoints.latest();
      if (!latest) throw new NoCheckpointYetError();
      return { size: latest.treeSize, checkpoint: latest };
    }
    const sealed = await this.leaves.size();
    if (treeSize < 1 || treeSize > sealed) {
      throw new TreeSizeUnavailableError(`Tree size ${treeSize} is not available: ${sealed} leaves are sealed`, {
        treeSize,
        sealed,
      });
    }
    return { size: treeSize, checkpoint: await this.checkpoints.withTreeSize(treeSize) };
  }
}

export function provenEvent(event: RecordedEvent): ProvenEvent {
  const { streamId, eventId, type, dataText, metadataText, prevHash, hash } = event;
  return { streamId, revision: event.revision.toString(), eventId, type, dataText, metadataText, prevHash, hash };
}
