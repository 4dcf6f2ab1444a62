import { CHECKPOINT_SIGNED, CHECKPOINT_STREAM, LOG_ORIGIN } from '../src/audit/checkpoints/checkpoint';
import type { SigningKey } from '../src/audit/checkpoints/signing-key';
import type { BundleCheckpoint } from '../src/audit/offline/bundle-format';
import type { LogRow } from '../src/audit/verification/feed-log-reader';
import { canonicalEventJson } from '../src/platform/chain/canonical-json';
import { chainHash, GENESIS_HASH_HEX } from '../src/platform/chain/event-hash';
import { leafHash, MerkleAccumulator } from '../src/platform/chain/merkle';

export interface SyntheticLedgerOptions {
  streams: number;
  /** A checkpoint is signed after this many events (not counting checkpoint events). */
  checkpointEvery: number;
  /** The first event's moment; each next one is a second later. */
  startMs?: number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * A ledger as the server would write it, built in memory without a database: events on
 * `streams` wallet streams in turn, chained, sealed as leaves in feed order, and a signed
 * CheckpointSigned event on `ledger-checkpoints` every `checkpointEvery` events, itself a leaf.
 * For the offline verifier's benchmark and the bundle vectors of docs/audit-vectors/.
 */
export class SyntheticLedger {
  readonly checkpoints: BundleCheckpoint[] = [];
  private readonly heads = new Map<string, { revision: bigint; hash: string }>();
  private readonly tree = new MerkleAccumulator();
  private position = 0;
  private sinceCheckpoint = 0;

  constructor(
    private readonly key: SigningKey,
    private readonly options: SyntheticLedgerOptions,
  ) {}

  /** `count` domain events in feed order, with the checkpoint events that fall among them (unless `checkpoints` is false). */
  *events(count: number, checkpoints = true): Generator<LogRow> {
    for (let index = 0; index < count; index += 1) {
      const number = this.position;
      const streamId = `wallet-${(number % this.options.streams).toString(16).padStart(8, '0')}`;
      const data = {
        amountBuz: String(100 + (number % 900)),
        taskId: `task-${number}`,
        inputs: { tierBase: 150, qualityMultiplier: 1.2, reviewerCred: 0.9055 },
        note: 'Reviewed and accepted: the work meets the brief.',
      };
      yield this.append(streamId, 'BuzIssued', canonicalEventJson(data), {
        actorId: `member-${number % 97}`,
        commandId: `cmd-${number}`,
      });
      this.sinceCheckpoint += 1;
      if (checkpoints && this.sinceCheckpoint === this.options.checkpointEvery) yield this.checkpoint();
    }
  }

  /** Signs the tree as it is now and appends the CheckpointSigned event carrying it. */
  checkpoint(): LogRow {
    this.sinceCheckpoint = 0;
    const signed = this.key.sign({ origin: LOG_ORIGIN, treeSize: this.tree.size, rootHash: hex(this.tree.root()) });
    const row = this.append(CHECKPOINT_STREAM, CHECKPOINT_SIGNED, canonicalEventJson({ ...signed }), {
      actorId: 'system',
      commandId: `checkpoint-${signed.treeSize}`,
    });
    this.checkpoints.push({
      ...signed,
      revision: row.revision.toString(),
      eventId: row.eventId,
      signedAt: occurredAt(row),
    });
    return row;
  }

  private append(
    streamId: string,
    type: string,
    dataText: string,
    actor: { actorId: string; commandId: string },
  ): LogRow {
    const number = this.position;
    this.position += 1;
    const head = this.heads.get(streamId);
    const revision = head ? head.revision + 1n : 0n;
    const prevHash = head?.hash ?? GENESIS_HASH_HEX;
    const at = new Date((this.options.startMs ?? Date.parse('2026-11-24T00:00:00.000Z')) + number * 1000).toISOString();
    const metadataText = canonicalEventJson({
      occurredAt: at,
      actorId: actor.actorId,
      commandId: actor.commandId,
      correlationId: actor.commandId,
      causationId: null,
    });
    const eventId = `00000000-0000-4000-8000-${number.toString(16).padStart(12, '0')}`;
    const hash = chainHash(prevHash, { streamId, revision, eventId, type, dataText, metadataText });
    const leaf = leafHash(Buffer.from(hash, 'hex'));
    const leafIndex = this.tree.size;
    this.tree.append(leaf);
    this.heads.set(streamId, { revision, hash });
    return {
      txId: String(1000 + number),
      globalPosition: String(number + 1),
      streamId,
      revision,
      eventId,
      type,
      dataText,
      metadataText,
      prevHash,
      hash,
      recordedAt: at,
      leafIndex,
      leafHash: hex(leaf),
    };
  }
}

function occurredAt(row: LogRow): string {
  return (JSON.parse(row.metadataText) as { occurredAt: string }).occurredAt;
}
