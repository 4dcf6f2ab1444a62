import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  capTableSchema,
  conversionRequestedSchema,
  finalizationPreviewSchema,
  finalizationResultSchema,
} from '../../src/conversion/http/conversion.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';
import { walletSchema } from '../../src/wallet/http/wallet.responses';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz, openWindow, runWindowsJob } from '../support/conversion';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { objectContaining } from '../support/matchers';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/**
 * #16 §4: conversions grant no more than the founders left. The venture's founders hold 9,900 bp,
 * so 100 bp are the pool for every window of the venture together. At 10,000 bp per 10,000 BUZ,
 * one BUZ buys one bp.
 */
describe("conversion grants are capped by the founders' pool across windows", () => {
  let app: TestApp;
  let admin: TestUser;
  let board: TestUser;
  let reviewer: TestUser;
  let ventureId: string;
  const clock = testClock();
  const api = () => request(app.baseUrl);

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', CONVERSION_QUORUM: '1' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    reviewer = await signUp(app);
    board = await makeBoardMember(app, await signUp(app));
    const created = await api()
      .post('/api/v1/ventures')
      .set(admin.auth)
      .send({ name: `Pool ${randomUUID().slice(0, 8)}`, founders: [{ userId: admin.userId, bps: '9900' }] })
      .expect(201);
    ventureId = json(created, ventureCreatedSchema).ventureId;
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  /** A window in which each member asks for `buz` and the board approves; closed, previewed and finalized. */
  async function settleWindow(requests: [TestUser, string][]) {
    const { windowId, closesAt } = await openWindow(app, board, admin, {
      ventureId,
      rateBps: '10000',
      openForMs: 60_000,
    });
    for (const [member, buz] of requests) {
      const requested = await api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz }).expect(201);
      const { conversionId } = json(requested, conversionRequestedSchema);
      await api()
        .post(`/api/v1/board/conversions/${conversionId}/votes`)
        .set(board.auth)
        .send({ vote: 'APPROVE', note: 'Yes' })
        .expect(200);
    }
    clock.advance(closesAt - clock.now().getTime() + 1000);
    await runWindowsJob(app, admin);
    const preview = await api()
      .get(`/api/v1/conversion-windows/${windowId}/finalization-preview`)
      .set(board.auth)
      .expect(200);
    const finalized = await api()
      .post(`/api/v1/conversion-windows/${windowId}/finalize`)
      .set(board.auth)
      .send({ confirm: true })
      .expect(200);
    await app.waitForProjections();
    return { preview: json(preview, finalizationPreviewSchema), result: json(finalized, finalizationResultSchema) };
  }
  const grantsOf = (result: { allocations: { grantedBps: string; burnedBuz: string; unlockedBuz: string }[] }) =>
    result.allocations.map(({ grantedBps, burnedBuz, unlockedBuz }) => [grantedBps, burnedBuz, unlockedBuz]);

  it('grants in full while the pool holds enough, then scales a window that would exceed what is left, then grants nothing from an empty pool', async () => {
    const [first, second, third, fourth] = [
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
    ];

    const one = await settleWindow([[first, '60']]);
    expect(one.preview).toMatchObject({ poolLeftBps: '100', totalGrantedBps: '60', oversubscribed: false });
    expect(grantsOf(one.result)).toEqual([['60', '60', '0']]);

    // 40 bp are left for 160 wanted: floor(100 × 40 / 160) = 25 and floor(60 × 40 / 160) = 15.
    const two = await settleWindow([
      [second, '100'],
      [third, '60'],
    ]);
    expect(two.preview).toMatchObject({ poolLeftBps: '40', totalGrantedBps: '40', oversubscribed: true });
    const byMember = new Map(two.result.allocations.map((allocation) => [allocation.userId, allocation]));
    expect(byMember.get(second.userId)).toMatchObject({ grantedBps: '25', burnedBuz: '25', unlockedBuz: '75' });
    expect(byMember.get(third.userId)).toMatchObject({ grantedBps: '15', burnedBuz: '15', unlockedBuz: '45' });
    expect(two.result.totalGrantedBps).toBe('40');

    const three = await settleWindow([[fourth, '50']]);
    expect(three.preview).toMatchObject({ poolLeftBps: '0', totalGrantedBps: '0' });
    expect(grantsOf(three.result)).toEqual([['0', '0', '50']]);
    const walletOf = async () => json(await api().get('/api/v1/wallet/me').set(fourth.auth).expect(200), walletSchema);
    const wallet = await waitFor('the empty pool to unlock the BUZ', async () => {
      const now = await walletOf();
      return now.pendingLockBuz === '0' && now;
    });
    expect(wallet).toMatchObject({ balanceBuz: '180', availableBuz: '180' });

    const table = json(
      await api().get(`/api/v1/ventures/${ventureId}/cap-table`).set(first.auth).expect(200),
      capTableSchema,
    );
    expect(table).toMatchObject({ issuedBps: '10000', unallocatedBps: '0', fullyDilutedBps: '10000' });
    expect(table.rows).toContainEqual(objectContaining({ holderId: second.userId, grantedBps: '25' }));
  });
});
