import type { Clock } from '../../shared-kernel/clock';
import { MerkleAccumulator } from '../../platform/chain/merkle';
import type { EventStore } from '../../platform/event-store/event-store.port';
import { derivedId } from '../../shared-kernel/ids';
import {
  CHECKPOINT_SIGNED,
  CHECKPOINT_STREAM,
  LOG_ORIGIN,
  signedCheckpointSchema,
  type SignedCheckpoint,
} from '../checkpoints/checkpoint';
import type { SigningKey } from '../checkpoints/signing-key';
import { leafPages, type MerkleLeaf, type MerkleLeavesRepository } from './merkle-leaves.repository';

export interface CheckpointPolicy {
  /** Sign once this many events (other than checkpoints) were sealed since the last checkpoint… */
  everyEvents: number;
  /** …or once this long has passed since it, if at least one was. */
  everyMs: number;
}

export interface CheckpointSealerDependencies {
  store: EventStore;
  leaves: MerkleLeavesRepository;
  key: SigningKey;
  clock: Clock;
  policy: CheckpointPolicy;
}

/** The sealer refuses to sign: signing anyway would put an unverifiable checkpoint in a WORM log. */
export class SealerRefusedError extends Error {}

/**
 * The sealer's second half: follows merkle_leaves with an in-memory accumulator and appends a
 * signed checkpoint of the current tree to `ledger-checkpoints` every N events or T ms. Its own
 * checkpoint events are sealed as leaves like any event, but do not count towards N and alone
 * never trigger the timer, or an idle log would checkpoint its own checkpoints forever.
 * One instance at a time (SealerService holds the leader lock); the exact expected revision of
 * each append fences off a stale leader.
 */
export class CheckpointSealer {
  private readonly tree = new MerkleAccumulator();
  private lastRevision: bigint | null = null;
  private lastSignedAtMs = 0;
  private eventsSinceCheckpoint = 0;

  constructor(private readonly deps: CheckpointSealerDependencies) {}

  get treeSize(): number {
    return this.tree.size;
  }

  /** Rebuilds the tree up to the last checkpoint (O(n) once) and checks it against that checkpoint. */
  async restore(): Promise<void> {
    const last = (await this.deps.store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 })).at(0);
    this.lastSignedAtMs = this.deps.clock.now().getTime();
    if (!last) return;
    const checkpoint = signedCheckpointSchema.parse(last.data);
    if (checkpoint.keyId !== this.deps.key.keyId) {
      throw new SealerRefusedError(
        `the last checkpoint was signed by key ${checkpoint.keyId}, this instance holds ${this.deps.key.keyId}: give every instance the same SIGNING_KEY`,
      );
    }
    for await (const page of leafPages(this.deps.leaves, 0, checkpoint.treeSize))
      for (const leaf of page) this.tree.append(leaf.leafHash);
    const rootHash = Buffer.from(this.tree.root()).toString('hex');
    if (this.tree.size !== checkpoint.treeSize || rootHash !== checkpoint.rootHash) {
      throw new SealerRefusedError(
        `merkle_leaves (${this.tree.size} leaves, root ${rootHash}) disagrees with the last checkpoint (${checkpoint.treeSize}, ${checkpoint.rootHash}): run a full verification`,
      );
    }
    this.lastRevision = last.revision;
    this.lastSignedAtMs = Date.parse(last.metadata.occurredAt);
  }

  /** Takes in every leaf sealed since the last call and signs where the policy says to. */
  async sealPending(): Promise<SignedCheckpoint[]> {
    const signed: SignedCheckpoint[] = [];
    for await (const page of leafPages(this.deps.leaves, this.tree.size)) {
      for (const leaf of page) {
        this.absorb(leaf);
        if (this.eventsSinceCheckpoint >= this.deps.policy.everyEvents) signed.push(await this.sign());
      }
    }
    const dueAtMs = this.lastSignedAtMs + this.deps.policy.everyMs;
    if (this.eventsSinceCheckpoint > 0 && this.deps.clock.now().getTime() >= dueAtMs) signed.push(await this.sign());
    return signed;
  }

  private absorb(leaf: MerkleLeaf): void {
    this.tree.append(leaf.leafHash);
    if (leaf.streamId !== CHECKPOINT_STREAM) this.eventsSinceCheckpoint += 1;
  }

  private async sign(): Promise<SignedCheckpoint> {
    const now = this.deps.clock.now();
    const checkpoint = this.deps.key.sign({
      origin: LOG_ORIGIN,
      treeSize: this.tree.size,
      rootHash: Buffer.from(this.tree.root()).toString('hex'),
    });
    const result = await this.deps.store.append(
      CHECKPOINT_STREAM,
      [
        {
          // Derived from the tree size: two sealers that ever signed the same size collide instead of duplicating.
          eventId: derivedId(CHECKPOINT_STREAM, checkpoint.origin, String(checkpoint.treeSize)),
          type: CHECKPOINT_SIGNED,
          data: { ...checkpoint },
          metadata: {
            occurredAt: now.toISOString(),
            actorId: null,
            commandId: null,
            correlationId: null,
            causationId: null,
          },
        },
      ],
      { expectedRevision: this.lastRevision ?? 'no_stream' },
    );
    this.lastRevision = result.nextExpectedRevision;
    this.lastSignedAtMs = now.getTime();
    this.eventsSinceCheckpoint = 0;
    return checkpoint;
  }
}
