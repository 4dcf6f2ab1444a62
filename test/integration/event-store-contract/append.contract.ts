import { describe, expect, it } from 'vitest';
import { GENESIS_HASH_HEX, chainHash } from '../../../src/platform/chain/event-hash';
import {
  EventIdConflictError,
  InvalidAppendError,
  UnstorableTextError,
  WrongExpectedVersionError,
} from '../../../src/platform/event-store/event-store.errors';
import { anEvent, metadata, someEvents, uniqueStream } from '../../support/events';
import type { ContractSubject } from './contract-subject';

export function appendContract(subject: () => ContractSubject): void {
  const store = () => subject().store;

  describe('append', () => {
    it('starts a stream at revision 0 and chains every event to its predecessor', async () => {
      const streamId = uniqueStream();
      const first = await store().append(streamId, someEvents(2), { expectedRevision: 'no_stream' });
      const second = await store().append(streamId, someEvents(1), { expectedRevision: first.nextExpectedRevision });
      expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([1n, 2n]);
      const events = await store().readStream(streamId);
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
      expect(events[0].prevHash).toBe(GENESIS_HASH_HEX);
      for (const [index, event] of events.entries()) {
        if (index > 0) expect(event.prevHash).toBe(events[index - 1].hash);
        expect(event.hash).toBe(chainHash(event.prevHash, event));
      }
      expect(events[2].position).toBe(second.position);
    });

    it('honours every expectedRevision mode and reports the actual revision on a mismatch', async () => {
      const streamId = uniqueStream();
      await expect(store().append(streamId, [anEvent()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        constructor: WrongExpectedVersionError,
        streamId,
        expected: 'stream_exists',
        actual: null,
      });
      await expect(store().append(streamId, [anEvent()], { expectedRevision: 0n })).rejects.toBeInstanceOf(
        WrongExpectedVersionError,
      );
      await store().append(streamId, [anEvent()], { expectedRevision: 'no_stream' });
      await expect(store().append(streamId, [anEvent()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        actual: 0n,
      });
      await store().append(streamId, [anEvent()], { expectedRevision: 'stream_exists' });
      await expect(store().append(streamId, [anEvent()], { expectedRevision: 0n })).rejects.toMatchObject({
        expected: 0n,
        actual: 1n,
      });
      const last = await store().append(streamId, [anEvent()], { expectedRevision: 'any' });
      expect(last.nextExpectedRevision).toBe(2n);
      expect(await store().readStream(streamId)).toHaveLength(3);
    });

    it('keeps a multi-event append atomic and contiguous under concurrent batches', async () => {
      const streamId = uniqueStream();
      const batches = Array.from({ length: 20 }, (_, batch) =>
        someEvents(5).map((event) => ({ ...event, data: { batch } })),
      );
      await Promise.all(batches.map((events) => store().append(streamId, events, { expectedRevision: 'any' })));
      const stored = await store().readStream(streamId);
      expect(stored).toHaveLength(100);
      for (let start = 0; start < 100; start += 5) {
        const batch = stored.slice(start, start + 5).map((event) => event.data.batch);
        expect(new Set(batch).size).toBe(1);
      }
    });

    it('loses and duplicates no revision with 32 writers on one stream retrying on conflicts', async () => {
      const streamId = uniqueStream();
      const appendsPerWriter = 10;
      const writer = async (writerId: number) => {
        for (let done = 0; done < appendsPerWriter;) {
          const head = (await store().readStream(streamId, { direction: 'backwards', maxCount: 1 })).at(0);
          try {
            await store().append(streamId, [anEvent('Written', { writerId, done })], {
              expectedRevision: head ? head.revision : 'no_stream',
            });
            done += 1;
          } catch (error) {
            if (!(error instanceof WrongExpectedVersionError)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 32 }, (_, writerId) => writer(writerId)));
      const stored = await store().readStream(streamId);
      expect(stored.map((event) => event.revision)).toEqual(Array.from({ length: 320 }, (_, index) => BigInt(index)));
      const writes = new Set(stored.map((event) => `${event.data.writerId as number}/${event.data.done as number}`));
      expect(writes.size).toBe(320);
    });

    it('returns the first result for a retry with the same ids and writes nothing more', async () => {
      const streamId = uniqueStream();
      const events = someEvents(3);
      const first = await store().append(streamId, events, { expectedRevision: 'no_stream' });
      const retry = await store().append(streamId, events, { expectedRevision: 'no_stream' });
      expect(retry).toEqual(first);
      expect(await store().readStream(streamId)).toHaveLength(3);
    });

    it('returns the first result for a single-event retry at an exact revision, even after the stream moved on', async () => {
      const streamId = uniqueStream();
      const first = await store().append(streamId, someEvents(1), { expectedRevision: 'no_stream' });
      const event = anEvent();
      const second = await store().append(streamId, [event], { expectedRevision: first.nextExpectedRevision });
      await store().append(streamId, someEvents(1), { expectedRevision: second.nextExpectedRevision });
      expect(await store().append(streamId, [event], { expectedRevision: first.nextExpectedRevision })).toEqual(second);
      expect(await store().readStream(streamId)).toHaveLength(3);
    });

    it('writes once when 20 identical appends race', async () => {
      const streamId = uniqueStream();
      const events = someEvents(2);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store().append(streamId, events, { expectedRevision: 'any' })),
      );
      expect(new Set(results.map((result) => result.position)).size).toBe(1);
      expect(await store().readStream(streamId)).toHaveLength(2);
    });

    it('refuses the same ids with different content, in the same stream or another', async () => {
      const streamId = uniqueStream();
      const event = anEvent('Paid', { amountBuz: '10' });
      await store().append(streamId, [event], { expectedRevision: 'no_stream' });
      const altered = { ...event, data: { amountBuz: '11' } };
      await expect(store().append(streamId, [altered], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      await expect(store().append(uniqueStream(), [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      expect(await store().readStream(streamId)).toHaveLength(1);
    });

    it('rejects malformed appends before writing anything', async () => {
      const invalid = [
        () => store().append('no category', [anEvent()], { expectedRevision: 'any' }),
        () => store().append(uniqueStream(), [], { expectedRevision: 'any' }),
        () => store().append(uniqueStream(), [{ ...anEvent(), type: 'lower-case' }], { expectedRevision: 'any' }),
        () => store().append(uniqueStream(), [{ ...anEvent(), eventId: 'not-a-uuid' }], { expectedRevision: 'any' }),
        () => store().append(uniqueStream(), [anEvent('Bad', { amount: Number.NaN })], { expectedRevision: 'any' }),
      ];
      for (const attempt of invalid) await expect(attempt()).rejects.toBeInstanceOf(InvalidAppendError);
    });

    // The last line of defence behind the HTTP edge: such an event would stop a projection forever.
    it.each([
      ['NUL in a value', { name: 'a\u0000b' }, metadata(), '$.name', 'U+0000'],
      [
        'a lone high surrogate deep in an array',
        { items: [{ note: ['ok', 'x\ud800'] }] },
        metadata(),
        '$.items[0].note[1]',
        'U+D800',
      ],
      ['a lone low surrogate in a key', { nested: { 'k\udc00': 1 } }, metadata(), '$.nested key "k\\udc00"', 'U+DC00'],
      [
        'a reversed surrogate pair in metadata',
        { value: 1 },
        metadata({ correlationId: '\ude00\ud83d' }),
        '$.correlationId',
        'U+DE00',
      ],
      ['a control character', { name: 'bell\u0007' }, metadata(), '$.name', 'U+0007'],
      ['a noncharacter', { name: '\uffff' }, metadata(), '$.name', 'U+FFFF'],
    ])(
      'refuses %s with UnstorableTextError, writing nothing of the batch',
      async (_, data, eventMetadata, path, codePoint) => {
        const streamId = uniqueStream();
        const batch = [anEvent(), { ...anEvent('Hostile', data), metadata: eventMetadata }];
        const refused = await store()
          .append(streamId, batch, { expectedRevision: 'any' })
          .catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(UnstorableTextError);
        expect(refused).toMatchObject({ code: 'UNSTORABLE_TEXT', httpStatus: 400, details: { path, codePoint } });
        expect(await store().readStream(streamId)).toEqual([]);
        await expect(store().append(streamId, [batch[1]], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          UnstorableTextError,
        );
        expect(await store().readStream(streamId)).toEqual([]);
      },
    );

    it('stores tabs, line breaks, surrogate pairs and other Unicode as given', async () => {
      const streamId = uniqueStream();
      const data = { name: 'Café\tNord\r\n😀 Ωμέγα \u00a0\ufffd', 'clé 😀': ['\ud83d\ude00'] };
      await store().append(streamId, [anEvent('Written', data)], { expectedRevision: 'no_stream' });
      const [stored] = await store().readStream(streamId);
      expect(stored.data).toEqual(data);
    });
  });
}
