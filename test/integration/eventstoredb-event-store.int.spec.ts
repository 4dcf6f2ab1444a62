import { afterAll, beforeAll, describe } from 'vitest';
import { EventStoreDbStore } from '../../src/platform/event-store/eventstoredb/eventstoredb-event-store';
import type { ContractSubject } from './event-store-contract/contract-subject';
import { eventStoreContract } from './event-store-contract/event-store.contract';
import { closeIfStarted } from '../support/teardown';

/**
 * Runs only where EVENTSTORE_URL points at a live EventStoreDB (see vitest.config.mts, which
 * leaves this file out otherwise and says so in one line). Streams get fresh ids per run.
 */
describe(`EventStoreDbStore (${process.env.EVENTSTORE_URL})`, () => {
  let store: EventStoreDbStore;

  beforeAll(() => {
    store = EventStoreDbStore.connect(process.env.EVENTSTORE_URL as string);
  });
  afterAll(async () => {
    await closeIfStarted(store);
  });

  eventStoreContract((): ContractSubject => ({ store }));
});
