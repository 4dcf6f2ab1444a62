import type { EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import { AuditLogCorruptError } from '../audit.errors';
import { CHECKPOINT_STREAM, loggedCheckpointOf, type LoggedCheckpoint } from './checkpoint';

const SCAN_PAGE = 500;

/** Reads the `ledger-checkpoints` stream through the event store port. */
export class CheckpointLog {
  constructor(private readonly store: EventStore) {}

  async latest(): Promise<LoggedCheckpoint | null> {
    return (await this.page({ limit: 1 })).at(0) ?? null;
  }

  /** Newest first: `limit` checkpoints below revision `before` (from the newest when absent). */
  async page(options: { before?: bigint; limit: number }): Promise<LoggedCheckpoint[]> {
    if (options.before !== undefined && options.before <= 0n) return [];
    const events = await this.store.readStream(CHECKPOINT_STREAM, {
      direction: 'backwards',
      fromRevision: options.before === undefined ? undefined : options.before - 1n,
      maxCount: options.limit,
    });
    return events.map(parseOrThrow);
  }

  /** The checkpoint of exactly this tree size, scanning back from the newest (recent sizes are asked for most). */
  async withTreeSize(treeSize: number): Promise<LoggedCheckpoint | null> {
    let before: bigint | undefined;
    for (;;) {
      const page = await this.page({ before, limit: SCAN_PAGE });
      const match = page.find((checkpoint) => checkpoint.treeSize === treeSize);
      if (match) return match;
      const oldest = page.at(-1);
      if (!oldest || oldest.treeSize < treeSize) return null;
      before = BigInt(oldest.revision);
    }
  }
}

function parseOrThrow(event: RecordedEvent): LoggedCheckpoint {
  const checkpoint = loggedCheckpointOf(event);
  if (!checkpoint)
    throw new AuditLogCorruptError(`${CHECKPOINT_STREAM} revision ${event.revision} is not a well-formed checkpoint`, {
      revision: event.revision.toString(),
    });
  return checkpoint;
}
