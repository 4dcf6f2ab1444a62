import knexFactory from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversionsProjection } from '../../projections/conversions/conversions.projection';
import { ConversionReactor } from '../../src/conversion/conversion.reactor';
import {
  activeWindowsSchema,
  capTableSchema,
  conversionRequestedSchema,
  conversionsSchema,
  conversionStepSchema,
  finalizationPreviewSchema,
  finalizationResultSchema,
  pendingConversionsSchema,
  windowScheduledSchema,
} from '../../src/conversion/http/conversion.responses';
import { walletSchema } from '../../src/wallet/http/wallet.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { commandEventId } from '../../src/platform/event-store/stream-decider';
import { derivedId } from '../../src/shared-kernel/ids';
import { rebuildAndCompare } from '../../src/platform/projections/projection-rebuild';
import { testClock } from '../support/clock';
import { wholeFeed } from '../support/feed';
import { makeBoardMember, memberWithBuz, openWindow, runWindowsJob } from '../support/conversion';
import { signIn, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { errorOf, json } from '../support/json';
import { objectContaining } from '../support/matchers';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

describe('BUZ → equity conversion', () => {
  let app: TestApp;
  let admin: TestUser;
  let boardA: TestUser;
  let boardB: TestUser;
  let reviewer: TestUser;
  let ventureId: string;
  const api = () => request(app.baseUrl);
  const walletOf = async (member: TestUser) =>
    json(await api().get('/api/v1/wallet/me').set(member.auth).expect(200), walletSchema);
  const convert = async (member: TestUser, windowId: string, buz: string) =>
    json(
      await api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz }).expect(201),
      conversionRequestedSchema,
    );
  const conversionsOf = async (member: TestUser) =>
    json(await api().get('/api/v1/equity/conversions/me').set(member.auth).expect(200), conversionsSchema);
  /** The app's clock: a window closes when the test moves the clock past its closing time, not after a sleep. */
  const clock = testClock();
  const pastClosing = (closesAt: number) => clock.advance(Math.max(0, closesAt - clock.now().getTime() + 1000));

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    reviewer = await signUp(app);
    boardA = await makeBoardMember(app, await signUp(app));
    boardB = await makeBoardMember(app, await memberWithBuz(app, admin, reviewer));
    ventureId = (await postedTask(app, admin)).ventureId;
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('locks on request, settles after two board approvals and finalization, burns only what bought whole bp, and fills the cap table', async () => {
    const member = await memberWithBuz(app, admin, reviewer);
    const { windowId, closesAt } = await openWindow(app, boardA, admin, {
      ventureId,
      rateBps: '700',
      openForMs: 60_000,
    });
    const active = await api().get('/api/v1/conversion-windows/active').set(member.auth).expect(200);
    expect(json(active, activeWindowsSchema)).toContainEqual(
      objectContaining({ windowId, status: 'OPEN', equityRateBps: '700' }),
    );
    await app.waitForProjections();

    const { conversionId } = await convert(member, windowId, '150');
    await app.waitForProjections();
    expect(await walletOf(member)).toMatchObject({
      balanceBuz: '180',
      pendingLockBuz: '150',
      availableBuz: '30',
    });
    const pending = await api().get('/api/v1/board/conversions/pending').set(boardA.auth).expect(200);
    expect(json(pending, pendingConversionsSchema)).toContainEqual(
      objectContaining({ conversionId, requester: objectContaining({ earnedBuz: '180', tasksPaid: 1 }) }),
    );

    await api()
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(boardA.auth)
      .send({ vote: 'APPROVE', note: 'Strong contributor' })
      .expect(200);
    const approved = await api()
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(boardB.auth)
      .send({ vote: 'APPROVE', note: 'Agreed' })
      .expect(200);
    expect(json(approved, conversionStepSchema).status).toBe('APPROVED');

    pastClosing(closesAt);
    await runWindowsJob(app, admin);
    const preview = await api()
      .get(`/api/v1/conversion-windows/${windowId}/finalization-preview`)
      .set(boardA.auth)
      .expect(200);
    expect(json(preview, finalizationPreviewSchema).allocations).toEqual([
      objectContaining({
        conversionId,
        outcome: 'SETTLED',
        grantedBps: '10',
        burnedBuz: '143',
        unlockedBuz: '7',
      }),
    ]);
    await api()
      .post(`/api/v1/conversion-windows/${windowId}/finalize`)
      .set(boardA.auth)
      .send({ confirm: true })
      .expect(200);
    await app.waitForProjections();

    // 150 BUZ at 700 bp per 10,000 BUZ wants 10.5 bp: 10 bp granted, ceil(10 × 10,000 / 700) = 143 burned, 7 unlocked.
    expect(await walletOf(member)).toMatchObject({
      balanceBuz: '37',
      pendingLockBuz: '0',
      availableBuz: '37',
    });
    expect(await conversionsOf(member)).toEqual([
      objectContaining({
        conversionId,
        status: 'SETTLED',
        grantedBps: '10',
        burnedBuz: '143',
        unlockedBuz: '7',
      }),
    ]);
    const capTable = await api().get(`/api/v1/ventures/${ventureId}/cap-table`).set(member.auth).expect(200);
    expect(json(capTable, capTableSchema).grants).toContainEqual(
      objectContaining({ conversionId, holderId: member.userId, bps: '10', windowId }),
    );
  });

  it('refuses what the rules forbid, each with a clear 4xx', async () => {
    // 1,000 bp per 10,000 BUZ: 1 bp takes 10 BUZ.
    const { windowId } = await openWindow(app, boardA, admin, { ventureId, rateBps: '1000', openForMs: 60_000 });
    const noKyc = await signUp(app);
    expect(
      errorOf(await api().post('/api/v1/equity/convert').set(noKyc.auth).send({ windowId, buz: '10' }).expect(403))
        .error,
    ).toBe('KYC_REQUIRED');
    const member = await memberWithBuz(app, admin, reviewer);
    expect(
      errorOf(await api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: '181' }).expect(409))
        .error,
    ).toBe('INSUFFICIENT_BUZ');
    expect(
      errorOf(await api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: 10 }).expect(400))
        .message,
    ).toContain('whole number written as a string');
    const belowMinimum = errorOf(
      await api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: '9' }).expect(422),
    );
    expect(belowMinimum).toMatchObject({
      error: 'CONVERSION_BELOW_MINIMUM',
      details: { minimumBuz: '10', requestedBuz: '9' },
    });
    expect(belowMinimum.message).toContain('the minimum is 10 BUZ');

    const future = await api()
      .post('/api/v1/conversion-windows')
      .set(boardA.auth)
      .send({
        ventureId,
        opensAt: new Date(Date.now() + 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        equityRateBps: '1000',
      })
      .expect(201);
    expect(
      errorOf(
        await api()
          .post('/api/v1/equity/convert')
          .set(member.auth)
          .send({ windowId: json(future, windowScheduledSchema).windowId, buz: '10' })
          .expect(409),
      ).error,
    ).toBe('WINDOW_NOT_OPEN');

    const own = await convert(boardB, windowId, '10');
    expect(
      errorOf(
        await api()
          .post(`/api/v1/board/conversions/${own.conversionId}/votes`)
          .set(boardB.auth)
          .send({ vote: 'APPROVE', note: 'Mine, obviously' })
          .expect(403),
      ).error,
    ).toBe('OWN_CONVERSION_VOTE');
    const unverified = await signIn(app, boardA.email, boardA.userId);
    expect(
      errorOf(
        await api()
          .post(`/api/v1/board/conversions/${own.conversionId}/votes`)
          .set(unverified.auth)
          .send({ vote: 'APPROVE', note: 'No MFA yet' })
          .expect(403),
      ).error,
    ).toBe('MFA_REQUIRED');
    await api()
      .post(`/api/v1/board/conversions/${own.conversionId}/votes`)
      .set(member.auth)
      .send({ vote: 'APPROVE', note: 'Not on the board' })
      .expect(403);
  });

  it('never locks more than is available when 50 requests race on one wallet', async () => {
    const member = await memberWithBuz(app, admin, reviewer);
    // 7 BUZ at 1,500 bp per 10,000 BUZ buys 1 bp: every request is worth making.
    const { windowId } = await openWindow(app, boardA, admin, { ventureId, rateBps: '1500', openForMs: 60_000 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: '7' }),
      ),
    );
    const accepted = results.filter((result) => result.status === 201);
    expect(accepted).toHaveLength(25);
    expect(
      results.filter((result) => result.status === 409).every((result) => errorOf(result).error === 'INSUFFICIENT_BUZ'),
    ).toBe(true);
    await app.waitForProjections();
    expect(await walletOf(member)).toMatchObject({
      balanceBuz: '180',
      pendingLockBuz: '175',
      availableBuz: '5',
    });
  });

  it('unlocks a cancelled request', async () => {
    const member = await memberWithBuz(app, admin, reviewer);
    const { windowId } = await openWindow(app, boardA, admin, { ventureId, rateBps: '100', openForMs: 60_000 });
    const { conversionId } = await convert(member, windowId, '100');
    const other = await signUp(app);
    await api().post(`/api/v1/equity/conversions/${conversionId}/cancel`).set(other.auth).send({}).expect(403);
    const cancelled = await api()
      .post(`/api/v1/equity/conversions/${conversionId}/cancel`)
      .set(member.auth)
      .send({})
      .expect(200);
    expect(json(cancelled, conversionStepSchema).status).toBe('CANCELLED');
    await app.waitForProjections();
    expect(await walletOf(member)).toMatchObject({
      pendingLockBuz: '0',
      availableBuz: '180',
    });
  });

  it('settles an oversubscribed pool pro rata, unlocks rejected and unvoted requests, and replays into the same cap table', async () => {
    const members = [
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
    ];
    const { windowId, closesAt } = await openWindow(app, boardA, admin, {
      ventureId,
      rateBps: '1000',
      poolCapBps: '15',
      openForMs: 60_000,
    });
    const ids: string[] = [];
    for (const member of members) ids.push((await convert(member, windowId, '100')).conversionId);
    for (const board of [boardA, boardB]) {
      for (const id of ids.slice(0, 2))
        await api()
          .post(`/api/v1/board/conversions/${id}/votes`)
          .set(board.auth)
          .send({ vote: 'APPROVE', note: 'Approved' })
          .expect(200);
      await api()
        .post(`/api/v1/board/conversions/${ids[2]}/votes`)
        .set(board.auth)
        .send({ vote: 'REJECT', note: 'Not this quarter' })
        .expect(200);
    }
    pastClosing(closesAt);
    await runWindowsJob(app, admin);
    const finalized = json(
      await api()
        .post(`/api/v1/conversion-windows/${windowId}/finalize`)
        .set(boardA.auth)
        .send({ confirm: true })
        .expect(200),
      finalizationResultSchema,
    );
    // Each approved request wants 100 × 1,000 / 10,000 = 10 bp; 20 wanted against a pool of 15 → 7 each.
    expect(finalized).toMatchObject({ oversubscribed: true, totalGrantedBps: '14' });
    await app.waitForProjections();

    const statuses = await Promise.all(
      members.map(async (member) => present((await conversionsOf(member))[0], "a member's conversion")),
    );
    expect(statuses.map((conversion) => conversion.status)).toEqual(['SETTLED', 'SETTLED', 'REJECTED', 'EXPIRED']);
    expect(
      statuses.slice(0, 2).map((conversion) => [conversion.grantedBps, conversion.burnedBuz, conversion.unlockedBuz]),
    ).toEqual([
      ['7', '70', '30'],
      ['7', '70', '30'],
    ]);
    const wallets = await Promise.all(members.map(walletOf));
    expect(wallets.map((wallet) => [wallet.balanceBuz, wallet.pendingLockBuz])).toEqual([
      ['110', '0'],
      ['110', '0'],
      ['180', '0'],
      ['180', '0'],
    ]);

    const owner = knexFactory({ client: 'pg', connection: app.ownerUrl });
    try {
      expect((await rebuildAndCompare(conversionsProjection, app.store, owner)).equal).toBe(true);
    } finally {
      await owner.destroy();
    }
  });

  it('writes nothing new when the process manager is given every conversion event again (a redelivery), and the wallet stays as it was', async () => {
    await app.waitForProjections();
    const reactor = app.app.get(ConversionReactor);
    const feed = await wholeFeed(app.store, app.database.pool);
    const reacted = feed.filter((event) => reactor.canHandle.includes(event.type));
    expect(new Set(reacted.map((event) => event.type))).toEqual(
      new Set([
        'WindowFinalized',
        'ConversionRequested',
        'ConversionSettled',
        'ConversionCancelled',
        'ConversionRejected',
        'ConversionExpired',
      ]),
    );
    const moved = feed.filter((event) => /^(wallet|conversion)-/.test(event.streamId));
    // The ids the reactor wrote before it sent commands, so a redelivery across the upgrade writes nothing either.
    const burned = moved.filter((event) => event.type === 'BuzBurned');
    expect(burned.length).toBeGreaterThan(0);
    for (const event of burned)
      expect(event.eventId).toBe(
        commandEventId(derivedId('release', event.data.conversionId as string), event.streamId, 0),
      );

    await reactor.react(reacted);
    await app.waitForProjections();
    const after = (await wholeFeed(app.store, app.database.pool)).filter((event) =>
      /^(wallet|conversion)-/.test(event.streamId),
    );
    expect(after.map((event) => event.eventId)).toEqual(moved.map((event) => event.eventId));
  });
});
