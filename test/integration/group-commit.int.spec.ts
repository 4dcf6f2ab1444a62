import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventIdConflictError, WrongExpectedVersionError } from '../../src/platform/event-store/event-store.errors';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { verifyChains } from '../../src/ledger/verification/ledger-verifier';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { anEvent, uniqueStream } from '../support/events';
import { closeIfStarted } from '../support/teardown';

/**
 * Single-event appends that arrive together share transactions (append_event_batch), yet each
 * keeps its own revision check and answer. 120 appends issued at once all arrive while the first
 * few are in flight, so most of them must go in one batch.
 */
describe('group commit of single-event appends (real embedded PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('group_commit');
    store = new PostgresEventStore(database.pool, 10);
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  const transactionsOf = (positions: readonly string[]) =>
    new Set(positions.map((position) => position.split(':')[0])).size;

  it('writes 120 parallel appends to different streams in a handful of transactions, each answered with its own revision', async () => {
    const streams = Array.from({ length: 120 }, () => uniqueStream('group'));
    const results = await Promise.all(
      streams.map((streamId) => store.append(streamId, [anEvent('Grouped')], { expectedRevision: 'no_stream' })),
    );
    expect(results.every((result) => result.nextExpectedRevision === 0n)).toBe(true);
    expect(transactionsOf(results.map((result) => result.position))).toBeLessThanOrEqual(16);
    for (const streamId of streams.slice(0, 5))
      expect((await store.readStream(streamId)).map((event) => event.type)).toEqual(['Grouped']);
  });

  it('answers each item of a mixed burst on its own: successes, wrong revisions, an idempotent retry and a reused id', async () => {
    const existing = uniqueStream('existing');
    const stored = anEvent('Stored');
    await store.append(existing, [stored], { expectedRevision: 'no_stream' });
    const fresh = Array.from({ length: 40 }, () => uniqueStream('fresh'));

    const answers = await Promise.allSettled([
      ...fresh.map((streamId) => store.append(streamId, [anEvent('Fresh')], { expectedRevision: 'no_stream' })),
      store.append(existing, [anEvent('Stale')], { expectedRevision: 'no_stream' }),
      store.append(existing, [anEvent('Ahead')], { expectedRevision: 4n }),
      store.append(existing, [stored], { expectedRevision: 'no_stream' }),
      store.append(uniqueStream('reuse'), [{ ...stored, data: { value: 2 } }], { expectedRevision: 'no_stream' }),
    ]);

    const [stale, ahead, retry, reuse] = answers.slice(40);
    expect(answers.slice(0, 40).every((answer) => answer.status === 'fulfilled')).toBe(true);
    expect(stale).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) as unknown });
    expect((stale as PromiseRejectedResult).reason).toMatchObject({ streamId: existing, actual: 0n });
    expect(ahead).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) as unknown });
    expect(retry).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect(reuse).toMatchObject({ status: 'rejected', reason: expect.any(EventIdConflictError) as unknown });
    // Refusals undid only themselves: the stream holds its one event, and the chain is whole.
    expect((await store.readStream(existing)).map((event) => event.type)).toEqual(['Stored']);
    expect(await verifyChains(database.pool)).toMatchObject({ status: 'VERIFIED', firstBreak: null });
  });

  it('keeps a stream contiguous when 16 writers race for its next revision in one burst', async () => {
    const streamId = uniqueStream('race');
    await store.append(streamId, [anEvent()], { expectedRevision: 'no_stream' });
    const answers = await Promise.allSettled(
      Array.from({ length: 16 }, () => store.append(streamId, [anEvent('Race')], { expectedRevision: 0n })),
    );
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
    expect(
      answers
        .filter((answer) => answer.status === 'rejected')
        .every((answer) => answer.reason instanceof WrongExpectedVersionError),
    ).toBe(true);
    expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0n, 1n]);
  });
});
