import { randomUUID } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerStreamsProjection } from '../../projections/ledger-streams/ledger-streams.projection';
import { userProfilesProjection } from '../../projections/user-profiles/user-profiles.projection';
import { walletsProjection } from '../../projections/wallets/wallets.projection';
import type { EventToAppend, RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { JsonObject } from '../../src/shared-kernel/json';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { handledEvents, liveTables } from '../../src/platform/projections/projection';
import { rebuildAllAndCompare } from '../../src/platform/projections/projection-rebuild';
import { finalFeed } from '../support/feed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { metadata } from '../support/events';
import { expectRedeliveriesToEndAsOne } from '../support/projection-batches';
import { closeIfStarted, endIfStarted } from '../support/teardown';
import { z } from 'zod';
import { present } from '../support/present';

const [ALICE, BOB] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b2'];
const event = (type: string, data: JsonObject): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: metadata(),
});
const issued = (amountBuz: string, day: string) =>
  event('BuzIssued', {
    taskId: `task-${amountBuz}`,
    day,
    amountBuz,
    requestedBuz: amountBuz,
    capped: false,
    inputs: {},
  });

describe('set-based projections: wallets, user_profiles, ledger_streams (real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let feed: RecordedEvent[];
  let owner: Knex;

  beforeAll(async () => {
    database = await createTestDatabase('set_based');
    owner = knexFactory({ client: 'pg', connection: database.ownerUrl, pool: { min: 0, max: 2 } });
    store = new PostgresEventStore(database.pool);
    let appended = 0;
    const append = async (...args: Parameters<PostgresEventStore['append']>) => {
      await store.append(...args);
      appended += args[1].length;
    };
    // Streams interleaved in the feed, so every batching below cuts through the middle of some stream.
    await append(`wallet-${ALICE}`, [issued('100', '2026-11-20'), issued('50', '2026-11-21')], {
      expectedRevision: 'no_stream',
    });
    await append(`member-${ALICE}`, [event('XpAwarded', { source: 'task', ref: 't1', xp: 10, day: '2026-11-20' })], {
      expectedRevision: 'no_stream',
    });
    await append(`wallet-${BOB}`, [issued('7', '2026-11-21')], { expectedRevision: 'no_stream' });
    await append(
      `wallet-${ALICE}`,
      [
        event('BuzLocked', { amountBuz: '30', conversionId: 'c1' }),
        event('BuzUnlocked', { amountBuz: '10', conversionId: 'c1' }),
      ],
      { expectedRevision: 1n },
    );
    await append(
      `member-${ALICE}`,
      [
        event('LevelReached', { level: 2, xp: 10 }),
        event('XpAwarded', { source: 'review', ref: 'r1', xp: 5, day: '2026-11-21' }),
      ],
      { expectedRevision: 0n },
    );
    await append(`member-${BOB}`, [event('XpAwarded', { source: 'task', ref: 't2', xp: 3, day: '2026-11-21' })], {
      expectedRevision: 'no_stream',
    });
    await append(
      `wallet-${ALICE}`,
      [
        event('BuzBurned', { amountBuz: '20', conversionId: 'c1' }),
        event('BuzAdjusted', { amountBuz: '-5', reason: 'correction' }),
      ],
      { expectedRevision: 3n },
    );
    await append(
      `wallet-${ALICE}`,
      [
        event('BuzIssuanceWithheld', {
          taskId: 't9',
          day: '2026-11-22',
          reason: 'DAILY_CAP',
          requestedBuz: '9',
          detail: 'cap',
        }),
      ],
      { expectedRevision: 5n },
    );
    await append(
      `member-${ALICE}`,
      [
        event('ReputationSettled', {
          day: '2026-11-21',
          previousRepMicro: '0',
          repMicro: '1500000',
          xpGain: 15,
          gainMicro: '1500000',
        }),
      ],
      { expectedRevision: 2n },
    );
    await append(`member-${ALICE}`, [event('LevelReached', { level: 1, xp: 15 })], { expectedRevision: 3n });
    feed = await finalFeed(store, appended);
    for (const projection of [walletsProjection, userProfilesProjection, ledgerStreamsProjection]) {
      await database.knex.transaction((transaction) => projection.apply(transaction, feed, liveTables(projection)));
    }
  });
  afterAll(async () => {
    await endIfStarted(owner);
    await closeIfStarted(database);
  });

  it('folds a batch into balances, locked amounts and one ledger row per wallet event', async () => {
    const wallets = await database.knex('wallets').select('*').orderBy('user_id');
    expect(wallets).toEqual([
      { user_id: ALICE, balance_buz: '125', locked_buz: '0', last_revision: '6' },
      { user_id: BOB, balance_buz: '7', locked_buz: '0', last_revision: '0' },
    ]);
    const ledger = z
      .array(
        z.object({
          revision: z.unknown(),
          type: z.unknown(),
          amount_buz: z.unknown(),
          event_id: z.unknown(),
          hash: z.unknown(),
          prev_hash: z.unknown(),
        }),
      )
      .parse(await database.knex('wallet_ledgers').where({ user_id: ALICE }).orderBy('revision'));
    expect(ledger.map((row) => [row.revision, row.type, row.amount_buz])).toEqual([
      ['0', 'BuzIssued', '100'],
      ['1', 'BuzIssued', '50'],
      ['2', 'BuzLocked', '30'],
      ['3', 'BuzUnlocked', '10'],
      ['4', 'BuzBurned', '20'],
      ['5', 'BuzAdjusted', '-5'],
      ['6', 'BuzIssuanceWithheld', null],
    ]);
    const aliceEvents = feed.filter((recorded) => recorded.streamId === `wallet-${ALICE}`);
    expect(ledger.map((row) => [row.event_id, row.hash, row.prev_hash])).toEqual(
      aliceEvents.map((recorded) => [recorded.eventId, recorded.hash, recorded.prevHash]),
    );
  });

  it('folds XP by addition, keeps the highest level and the latest reputation', async () => {
    expect(await database.knex('user_profiles').select('*').orderBy('user_id')).toEqual([
      { user_id: ALICE, xp: '15', level: 2, rep_micro: '1500000', last_settled_day: '2026-11-21', last_revision: '4' },
      { user_id: BOB, xp: '3', level: 1, rep_micro: '0', last_settled_day: null, last_revision: '0' },
    ]);
  });

  for (const projection of [walletsProjection, userProfilesProjection, ledgerStreamsProjection]) {
    it(`${projection.name}: ends exactly as one delivery, however the feed redelivers`, async () => {
      await expectRedeliveriesToEndAsOne(database.ownerUrl, projection, feed);
    });
  }

  it('rebuilds several projections over one read of the feed, each compared with its own live tables', async () => {
    const projections = [walletsProjection, userProfilesProjection, ledgerStreamsProjection];
    // The feed ends with a member event: the wallets replay must stop at a checkpoint it does not handle.
    const head = present(feed.at(-1), 'an event in the feed').position;
    await owner('projection_checkpoints').insert(
      projections.map((projection) => ({ projection: projection.name, position: head })),
    );
    const equal = await rebuildAllAndCompare(projections, store, owner);
    expect(equal.map((report) => [report.projection, report.equal, report.eventsReplayed, report.position])).toEqual(
      projections.map((projection) => [projection.name, true, handledEvents(projection, feed).length, head]),
    );

    await owner('wallets').where({ user_id: BOB }).update({ balance_buz: '8' });
    try {
      const reports = await rebuildAllAndCompare(projections, store, owner);
      expect(reports.map((report) => report.equal)).toEqual([false, true, true]);
      expect(reports[0].tables[0]).toMatchObject({
        table: 'wallets',
        onlyInLive: 1,
        onlyInRebuild: 1,
        samples: { live: [{ user_id: BOB, balance_buz: '8' }], rebuild: [{ user_id: BOB, balance_buz: '7' }] },
      });
    } finally {
      await owner('wallets').where({ user_id: BOB }).update({ balance_buz: '7' });
    }
  });
});
