import type { EventStore, EventToAppend } from '../../../src/platform/event-store/event-store.port';

/** What a contract run needs from an adapter's spec file. */
export interface ContractSubject {
  store: EventStore;
  /**
   * Starts an append in a transaction and leaves it open, for the out-of-order-commit test.
   * Only adapters with client-visible transactions (PostgreSQL) provide it.
   */
  appendInOpenTransaction?: (streamId: string, event: EventToAppend) => Promise<{ commit(): Promise<void> }>;
}
