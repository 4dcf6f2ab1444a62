import type { Knex } from 'knex';
import type { FollowerKind } from '../projections/projection-checkpoints.repository';
import type { RecordedEvent } from '../event-store/event-store.port';
import { liveTables, type Projection } from '../projections/projection';
import type { Reactor } from '../reactors/reactor';

/**
 * What a FeedRunner runs: a read model or a process manager. Both follow the feed from a
 * checkpoint on one leader and are marked FAILED at an event they cannot take; they differ in
 * where their effect lands. A projection's rows commit in the transaction that moves its
 * checkpoint. A reactor's commands append to the event store, which that transaction cannot
 * cover, so they run before it: a crash in between runs them again, and their derived ids make
 * that second run write nothing.
 */
export interface FeedFollower {
  readonly kind: FollowerKind;
  readonly name: string;
  /** Event types it takes, or 'all'. Other events only advance the checkpoint. */
  readonly canHandle: readonly string[] | 'all';
  /** `transaction` is the checkpoint's for a projection, null for a reactor. */
  take(events: readonly RecordedEvent[], transaction: Knex.Transaction | null): Promise<void>;
}

export function projectionFollower(projection: Projection): FeedFollower {
  return {
    kind: 'projection',
    name: projection.name,
    canHandle: projection.canHandle,
    take: (events, transaction) => {
      // The runner opens the checkpoint's transaction for every projection; null is a reactor's.
      if (transaction === null) throw new Error(`projection ${projection.name} was given no transaction`);
      return projection.apply(transaction, events, liveTables(projection));
    },
  };
}

export function reactorFollower(reactor: Reactor): FeedFollower {
  return { kind: 'reactor', name: reactor.name, canHandle: reactor.canHandle, take: (events) => reactor.react(events) };
}
