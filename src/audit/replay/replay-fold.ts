import type { RecordedEvent } from '../../platform/event-store/event-store.port';
import type { ReplayCategory } from './replay-registry';
import { ReplayFailedError } from './replay.errors';

/** Where to stop: at a revision, at a moment, or (neither) at the head. Never both. */
export interface ReplayTarget {
  atRevision?: bigint;
  at?: Date;
}

export interface FoldedStream {
  state: unknown;
  eventsApplied: number;
  lastApplied: RecordedEvent | null;
  /** The whole stream, up to the head read before the fold, was applied. */
  reachedHead: boolean;
}

/**
 * Folds a stream's events, in revision order, through its category's evolve until the target.
 * "At a moment" is the longest prefix of events that occurred by then: the fold stops at the
 * first event stamped later, so the state is always one the stream really passed through.
 */
export class ReplayFold {
  private state: unknown;
  private lastApplied: RecordedEvent | null = null;
  private eventsApplied = 0;
  private readonly lastRevision: bigint;

  constructor(
    private readonly entry: ReplayCategory,
    private readonly target: ReplayTarget,
    private readonly headRevision: bigint,
  ) {
    this.state = entry.initialState;
    // Bounded by the head read first, so events appended meanwhile do not move the goalposts.
    this.lastRevision =
      target.atRevision !== undefined && target.atRevision < headRevision ? target.atRevision : headRevision;
  }

  /** Applies the event if the target includes it; false once the fold is done. */
  take(event: RecordedEvent): boolean {
    if (!this.includes(event)) return false;
    try {
      this.state = this.entry.evolve(this.state, { type: event.type, data: event.data });
    } catch (error) {
      throw new ReplayFailedError(
        event.streamId,
        event.revision,
        event.type,
        error instanceof Error ? error.message : String(error),
      );
    }
    this.lastApplied = event;
    this.eventsApplied += 1;
    return event.revision < this.lastRevision;
  }

  result(): FoldedStream {
    return {
      state: this.state,
      eventsApplied: this.eventsApplied,
      lastApplied: this.lastApplied,
      reachedHead: this.lastApplied?.revision === this.headRevision,
    };
  }

  private includes(event: RecordedEvent): boolean {
    if (event.revision > this.lastRevision) return false;
    // An unreadable timestamp compares as false and ends the fold: it never counts as "before".
    return this.target.at === undefined || Date.parse(event.metadata.occurredAt) <= this.target.at.getTime();
  }
}
