import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withEventSchemas } from '../../../src/event-schemas';
import { EventSchemaError } from '../../../src/platform/event-store/event-schemas';
import type { EventStore } from '../../../src/platform/event-store/event-store.port';
import type { JsonObject } from '../../../src/shared-kernel/json';
import { anEvent, uniqueStream } from '../../support/events';
import type { ContractSubject } from './contract-subject';
import { collectFrom, eventually } from './subscription-probe';

/** A KYC decision as the releases before decision ids wrote it: version 1, no schemaVersion, no decisionId. */
const decisionWithoutId = (): JsonObject => ({ status: 'PASSED', decidedBy: randomUUID(), submissionId: randomUUID() });

/**
 * The schema check and the upcasters sit in front of the adapter (SchemaCheckedEventStore), so
 * each adapter is run behind them too: what reaches the log, and what every read path returns.
 */
export function schemaContract(subject: () => ContractSubject): void {
  const bare = () => subject().store;
  const checked = (): EventStore => withEventSchemas(bare());

  describe('behind the event schemas', () => {
    it('refuses an event that breaks its schema, or has none, and writes nothing of the append', async () => {
      const streamId = uniqueStream('user');
      const good = anEvent('UserRegistered', { userId: randomUUID() });
      const extraField = anEvent('MfaEnabled', { method: 'totp', secret: 'JBSWY3DPEHPK3PXP' });
      await expect(checked().append(streamId, [good, extraField], { expectedRevision: 'no_stream' })).rejects.toThrow(
        EventSchemaError,
      );
      await expect(
        checked().append(streamId, [good, anEvent('SomethingHappened')], { expectedRevision: 'no_stream' }),
      ).rejects.toThrow(/SomethingHappened has no schema/);
      expect(await bare().readStream(streamId)).toEqual([]);
    });

    it('records the schema version in the stored, hashed metadata', async () => {
      const streamId = uniqueStream('user');
      await checked().append(streamId, [anEvent('UserRegistered', { userId: randomUUID() })], {
        expectedRevision: 'no_stream',
      });
      const [stored] = await bare().readStream(streamId);
      expect(stored.metadata.schemaVersion).toBe(1);
      expect(stored.metadataText).toContain('"schemaVersion":1');
    });

    it('upcasts an old version on every read path, leaving the stored text and hashes as they are', async () => {
      const before = await bare().append(uniqueStream(), [anEvent()], { expectedRevision: 'no_stream' });
      const streamId = uniqueStream('user');
      await bare().append(streamId, [anEvent('KycStatusChanged', decisionWithoutId())], {
        expectedRevision: 'no_stream',
      });
      const [stored] = await bare().readStream(streamId);
      const upcast = { ...stored, data: { ...stored.data, decisionId: null } };

      expect(await checked().readStream(streamId)).toEqual([upcast]);
      expect((await checked().readStreams(new Map([[streamId, 0n]]))).get(streamId)).toEqual([upcast]);
      const fromFeed = await checked().readAll({
        fromPosition: before.position,
        maxCount: 1000,
        eventTypes: ['KycStatusChanged'],
      });
      expect(fromFeed.filter((event) => event.streamId === streamId)).toEqual([upcast]);
      const { events, subscription } = collectFrom(checked(), before.position, streamId);
      try {
        await eventually(() => expect(events).toEqual([upcast]));
      } finally {
        await subscription.stop();
      }
      expect(upcast.dataText).not.toContain('decisionId');
    });
  });
}
