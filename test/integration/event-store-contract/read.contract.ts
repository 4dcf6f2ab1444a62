import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { anEvent, someEvents, uniqueStream } from '../../support/events';
import type { ContractSubject } from './contract-subject';

export function readContract(subject: () => ContractSubject): void {
  const store = () => subject().store;

  describe('read', () => {
    it('reads a stream from an inclusive revision, in both directions, up to a count', async () => {
      const streamId = uniqueStream();
      await store().append(streamId, someEvents(10), { expectedRevision: 'no_stream' });
      const forwards = await store().readStream(streamId, { fromRevision: 3n, maxCount: 4 });
      expect(forwards.map((event) => event.revision)).toEqual([3n, 4n, 5n, 6n]);
      const backwards = await store().readStream(streamId, { fromRevision: 3n, direction: 'backwards' });
      expect(backwards.map((event) => event.revision)).toEqual([3n, 2n, 1n, 0n]);
      const last = await store().readStream(streamId, { direction: 'backwards', maxCount: 1 });
      expect(last.map((event) => event.revision)).toEqual([9n]);
    });

    it('returns nothing for a stream that does not exist', async () => {
      expect(await store().readStream(uniqueStream())).toEqual([]);
    });

    it('reads several streams at once, each from its own inclusive revision, leaving out streams with nothing to read', async () => {
      const [long, short, missing] = [uniqueStream(), uniqueStream(), uniqueStream()];
      const written = await store().append(long, someEvents(6), { expectedRevision: 'no_stream' });
      await store().append(short, someEvents(2), { expectedRevision: 'no_stream' });
      const read = await store().readStreams(
        new Map([
          [long, 4n],
          [short, 0n],
          [missing, 0n],
        ]),
      );
      expect([...read.keys()].sort()).toEqual([long, short].sort());
      expect(read.get(long)?.map((event) => event.revision)).toEqual([4n, 5n]);
      expect(read.get(long)?.[1].hash).toBe(
        (await store().readStream(long, { fromRevision: written.nextExpectedRevision }))[0].hash,
      );
      expect(read.get(short)?.map((event) => event.revision)).toEqual([0n, 1n]);
      expect((await store().readStreams(new Map([[short, 2n]]))).size).toBe(0);
      expect((await store().readStreams(new Map())).size).toBe(0);
    });

    it('tells which of several streams exist, in one call, however long they are', async () => {
      const [long, single, missing] = [uniqueStream(), uniqueStream(), uniqueStream()];
      await store().append(long, someEvents(5), { expectedRevision: 'no_stream' });
      await store().append(single, someEvents(1), { expectedRevision: 'no_stream' });
      expect(await store().existingStreams([missing, long, single, long])).toEqual(new Set([long, single]));
      expect(await store().existingStreams([missing])).toEqual(new Set());
      expect(await store().existingStreams([])).toEqual(new Set());
    });

    it('keeps the exact canonical text that was hashed', async () => {
      const streamId = uniqueStream();
      const data = { zeta: 'ü\u2028', alpha: [3, 1.5, -0], nested: { b: true, a: null } };
      await store().append(streamId, [{ ...someEvents(1)[0], data }], { expectedRevision: 'no_stream' });
      const [event] = await store().readStream(streamId);
      expect(event.dataText).toBe('{"alpha":[3,1.5,0],"nested":{"a":null,"b":true},"zeta":"ü\u2028"}');
      expect(event.data).toEqual(JSON.parse(event.dataText));
      expect(event.metadataText.startsWith('{"actorId":null,')).toBe(true);
    });

    it('reads the global feed forwards from an exclusive position', async () => {
      const streamId = uniqueStream();
      const first = await store().append(streamId, someEvents(3), { expectedRevision: 'no_stream' });
      const later = await store().append(streamId, someEvents(2), { expectedRevision: first.nextExpectedRevision });
      const after = await readFeedUntil(subject, first.position, later.position);
      expect(after.filter((event) => event.streamId === streamId).map((event) => event.revision)).toEqual([3n, 4n]);
    });

    it('reads the feed of some event types only, up to an inclusive position', async () => {
      // Types no other suite writes, so their events cannot interleave with these.
      const [kept, skipped] = [`Kept${randomUUID().slice(0, 8)}`, `Skipped${randomUUID().slice(0, 8)}`];
      const streamId = uniqueStream();
      const start = await store().append(uniqueStream(), someEvents(1), { expectedRevision: 'no_stream' });
      const first = await store().append(streamId, [anEvent(kept), anEvent(skipped), anEvent(kept)], {
        expectedRevision: 'no_stream',
      });
      const second = await store().append(streamId, [anEvent(skipped)], {
        expectedRevision: first.nextExpectedRevision,
      });
      const third = await store().append(streamId, [anEvent(kept)], { expectedRevision: second.nextExpectedRevision });
      await readFeedUntil(subject, start.position, third.position);
      const read = async (options: { toPosition?: string; eventTypes?: string[]; maxCount?: number }) =>
        (await store().readAll({ fromPosition: start.position, maxCount: 100, ...options }))
          .filter((event) => event.streamId === streamId)
          .map((event) => event.revision);

      expect(await read({ eventTypes: [kept] })).toEqual([0n, 2n, 4n]);
      expect(await read({ eventTypes: [kept], maxCount: 2 })).toEqual([0n, 2n]);
      // The bound may be an event of a type not asked for: the read still stops there.
      expect(await read({ eventTypes: [kept], toPosition: second.position })).toEqual([0n, 2n]);
      expect(await read({ toPosition: second.position })).toEqual([0n, 1n, 2n, 3n]);
      expect(await read({ eventTypes: [skipped, kept], toPosition: first.position })).toEqual([0n, 1n, 2n]);
    });
  });
}

/** Reads the feed after `from` until `until` is reached; other suites' events may interleave. */
async function readFeedUntil(subject: () => ContractSubject, from: string, until: string) {
  const collected = [];
  let position: string | null = from;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const page = await subject().store.readAll({ fromPosition: position, maxCount: 100 });
    collected.push(...page);
    if (page.some((event) => event.position === until)) return collected;
    if (page.length > 0) position = page[page.length - 1].position;
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`feed never reached ${until}`);
}
