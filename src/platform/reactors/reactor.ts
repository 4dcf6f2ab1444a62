import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * A process manager: it follows the global feed like a projection (one leader, a checkpoint,
 * FAILED at an event it cannot take, `npm run cli -- reactors retry NAME`) but keeps no read
 * model. It reacts to events by dispatching commands through the CommandBus, each to the context
 * that owns the stream it writes; it never appends itself. Delivery is at-least-once: every
 * command it sends derives its ids from the events, so running the same events again writes
 * nothing new.
 */
export interface Reactor {
  /** Its checkpoint's name; never reused by a projection. */
  readonly name: string;
  /** Event types it reacts to; other events only advance its checkpoint. */
  readonly canHandle: readonly string[];
  react(events: readonly RecordedEvent[]): Promise<void>;
}

/** The reactors the app runs, provided by the registry (src/registry/), not by the platform. */
export const REACTORS = Symbol('Reactors');
