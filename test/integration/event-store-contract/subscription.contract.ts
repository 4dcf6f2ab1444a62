import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { anEvent, someEvents, uniqueStream } from '../../support/events';
import type { ContractSubject } from './contract-subject';
import { collectFrom, eventually } from './subscription-probe';

export function subscriptionContract(subject: () => ContractSubject): void {
  const store = () => subject().store;

  describe('catch-up subscription', () => {
    it('moves from history into live delivery with no gap and no duplicate', async () => {
      const streamId = uniqueStream();
      await store().append(streamId, someEvents(50), { expectedRevision: 'no_stream' });
      const probe = collectFrom(store(), null, streamId);
      await eventually(() => expect(probe.events).toHaveLength(50));
      for (let batch = 0; batch < 4; batch += 1)
        await store().append(streamId, someEvents(5), { expectedRevision: 'any' });
      await eventually(() => expect(probe.events).toHaveLength(70));
      await probe.subscription.stop();
      expect(probe.events.map((event) => event.revision)).toEqual(
        Array.from({ length: 70 }, (_, index) => BigInt(index)),
      );
    });

    it('resumes after a saved checkpoint with exactly the events that followed it', async () => {
      const streamId = uniqueStream();
      await store().append(streamId, someEvents(10), { expectedRevision: 'no_stream' });
      const first = collectFrom(store(), null, streamId);
      await eventually(() => expect(first.events).toHaveLength(10));
      await first.subscription.stop();
      const checkpoint = first.events[6].position;

      await store().append(streamId, someEvents(5), { expectedRevision: 9n });
      const resumed = collectFrom(store(), checkpoint, streamId);
      await eventually(() => expect(resumed.events).toHaveLength(8));
      await resumed.subscription.stop();
      expect(resumed.events.map((event) => event.revision)).toEqual([7n, 8n, 9n, 10n, 11n, 12n, 13n, 14n]);
    });

    it('neither skips nor reorders an earlier transaction that commits after a later one', async (context) => {
      const openAppend = subject().appendInOpenTransaction;
      if (!openAppend) {
        // EventStoreDB orders by its own commit log: a later write can never become visible first.
        await context.annotate('not applicable: the adapter exposes no client-held transactions');
        expect(subject().appendInOpenTransaction).toBeUndefined();
        return;
      }
      const slowStream = uniqueStream('slow');
      const fastStream = uniqueStream('fast');
      const delivered: RecordedEvent[] = [];
      const subscription = store().subscribeToAll({ fromPosition: null }, (events) => {
        delivered.push(...events.filter((event) => event.streamId === slowStream || event.streamId === fastStream));
        return Promise.resolve();
      });
      const held = await openAppend(slowStream, anEvent('Slow'));
      await store().append(fastStream, [anEvent('Fast')], { expectedRevision: 'no_stream' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(delivered).toEqual([]);
      await held.commit();
      await eventually(() => expect(delivered.map((event) => event.type)).toEqual(['Slow', 'Fast']));
      await subscription.stop();
    });
  });
}
