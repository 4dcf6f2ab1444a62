import type { GlobalPosition, RecordedEvent } from '../event-store/event-store.port';

/**
 * How long a runner may leave its stored checkpoint behind batches it had nothing to apply from:
 * writing it for each of them would be a transaction (and a WAL flush) per batch per runner, for
 * no row. Nothing is lost meanwhile: after a restart those events are read again and skipped.
 */
const IDLE_CHECKPOINT_MS = 200;

/**
 * The stored checkpoint of one leadership round and the batches read past it. A batch with events
 * to apply is written at once, with the checkpoint's compare-and-set in its transaction; a batch
 * with none only moves the read position, written at most IDLE_CHECKPOINT_MS later. Writes run
 * one at a time; a failed deferred write rejects `failed`, which ends the round.
 */
export class CheckpointCursor {
  readonly failed: Promise<never>;
  private fail: (error: unknown) => void = () => undefined;
  private unwritten: GlobalPosition | null = null;
  private lastWriteMs = performance.now();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    public stored: GlobalPosition | null,
    private readonly write: (
      from: GlobalPosition | null,
      to: GlobalPosition,
      handled: readonly RecordedEvent[],
    ) => Promise<void>,
  ) {
    this.failed = new Promise<never>((_, reject) => (this.fail = reject));
    this.failed.catch(() => undefined);
  }

  batch(handled: readonly RecordedEvent[], to: GlobalPosition): Promise<void> {
    // After the round: the lease may be gone, and the next leader re-reads these events anyway.
    if (this.closed) return Promise.resolve();
    if (handled.length === 0 && performance.now() - this.lastWriteMs < IDLE_CHECKPOINT_MS) {
      this.unwritten = to;
      this.timer ??= setTimeout(() => this.flush(), IDLE_CHECKPOINT_MS);
      return this.writes;
    }
    // This write covers every batch deferred before it: none of them may be written after it.
    this.unwritten = null;
    return this.serially(() => this.advance(to, handled));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    this.serially(async () => {
      if (this.unwritten !== null) await this.advance(this.unwritten, []);
    }).catch((error: unknown) => this.fail(error));
  }

  private async advance(to: GlobalPosition, handled: readonly RecordedEvent[]): Promise<void> {
    await this.write(this.stored, to, handled);
    this.stored = to;
    // A batch deferred while this write was in flight stays unwritten (its timer is set).
    if (this.unwritten === to) this.unwritten = null;
    this.lastWriteMs = performance.now();
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.writes.then(work);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
