import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadgeEvaluationService } from '../../src/badges/jobs/badge-evaluation.service';
import { conversionRequestedSchema } from '../../src/conversion/http/conversion.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz, openWindow, runWindowsJob } from '../support/conversion';
import { awardedBadges } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

/** EQUITY_PIONEER from a real conversion: not while it is only approved, then once it settles in the venture's first window. */
describe('the Equity Pioneer badge', () => {
  const clock = testClock();
  let app: TestApp;
  let admin: TestUser;
  let boardA: TestUser;
  let boardB: TestUser;
  let reviewer: TestUser;

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    reviewer = await signUp(app);
    boardA = await makeBoardMember(app, await signUp(app));
    boardB = await makeBoardMember(app, await signUp(app));
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  // The evaluation reads the feed, which shows an event once the transactions before it have ended.
  const evaluate = async () => {
    await app.waitForProjections();
    await app.app.get(BadgeEvaluationService).runNow();
    await app.waitForProjections();
  };

  it('is awarded when the conversion settles in the first window, not before', async () => {
    const api = request(app.baseUrl);
    const member = await memberWithBuz(app, admin, reviewer);
    const { ventureId } = await postedTask(app, admin);
    const { windowId, closesAt } = await openWindow(app, boardA, admin, {
      ventureId,
      rateBps: '700',
      openForMs: 60_000,
    });
    const { conversionId } = json(
      await api.post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: '150' }).expect(201),
      conversionRequestedSchema,
    );
    await app.waitForProjections();
    for (const board of [boardA, boardB])
      await api
        .post(`/api/v1/board/conversions/${conversionId}/votes`)
        .set(board.auth)
        .send({ vote: 'APPROVE', note: 'Agreed' })
        .expect(200);
    await evaluate();
    expect((await awardedBadges(app, member.userId)).map((award) => award.code)).not.toContain('EQUITY_PIONEER');

    clock.advance(closesAt - clock.now().getTime() + 1000);
    await runWindowsJob(app, admin);
    await api
      .post(`/api/v1/conversion-windows/${windowId}/finalize`)
      .set(boardA.auth)
      .send({ confirm: true })
      .expect(200);
    await app.waitForProjections();
    await evaluate();
    expect(await awardedBadges(app, member.userId)).toContainEqual({
      code: 'EQUITY_PIONEER',
      evidence: { conversionsSettled: 1 },
    });
  });
});
