import type { TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversionWindowsService } from '../../src/conversion/jobs/conversion-windows.service';
import { windowStream } from '../../src/conversion/domain/window.events';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz } from '../support/conversion';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { errorOf, json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import {
  conversionPreviewSchema,
  upcomingWindowsSchema,
  windowScheduledSchema,
  windowsAdvancedSchema,
  windowWithConversionsSchema,
} from '../../src/conversion/http/conversion.responses';

const HOUR_MS = 3_600_000;
// vitest types its asymmetric matchers as `any`; typed `unknown`, they go into an expected object like any other value.
const anyString: unknown = expect.any(String);
const anyArray: unknown = expect.any(Array);

/** Until `condition` holds: the timer fires on its own, so the test waits for its effect (bounded, not a sleep). */
async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Conversion windows on time: timers at opensAt/closesAt, upcoming windows, board runs, previews that refuse', () => {
  let app: TestApp;
  let admin: TestUser;
  let board: TestUser;
  let member: TestUser;
  let ventureId: string;
  // The app's clock: a window falls due when the test moves it, and the timer's delay is counted on it.
  const clock = testClock();
  const withClock = { configure: (builder: TestingModuleBuilder) => builder.overrideProvider(CLOCK).useValue(clock) };
  const env = { INTEGRITY_CHECK_ON_START: 'false', SCHEDULED_JOBS: 'true' };
  const api = () => request(app.baseUrl);
  const schedule = async (opensInMs: number, openForMs: number, equityRateBps = '1000') => {
    const now = clock.now().getTime();
    const body = {
      ventureId,
      opensAt: new Date(now + opensInMs).toISOString(),
      closesAt: new Date(now + opensInMs + openForMs).toISOString(),
      equityRateBps,
    };
    const { windowId } = json(
      await api().post('/api/v1/conversion-windows').set(board.auth).send(body).expect(201),
      windowScheduledSchema,
    );
    return { windowId, opensAt: body.opensAt, closesAt: body.closesAt };
  };
  const statusOf = async (target: TestApp, windowId: string) => {
    await target.waitForProjections();
    return json(
      await request(target.baseUrl).get(`/api/v1/conversion-windows/${windowId}`).set(board.auth).expect(200),
      windowWithConversionsSchema,
    ).status;
  };

  beforeAll(async () => {
    app = await startTestApp({ env, ...withClock });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    // Board only, not admin: the manual run is theirs too.
    board = await makeBoardMember(app, await signUp(app));
    member = await memberWithBuz(app, admin, await signUp(app));
    ventureId = (await postedTask(app, admin)).ventureId;
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('arms the timer for a window scheduled later, and members see it coming', async () => {
    const { windowId, opensAt } = await schedule(2 * HOUR_MS, HOUR_MS);
    // Armed before the POST answered, for the exact opening time (not the next 15-minute sweep).
    expect(app.app.get(ConversionWindowsService).timerDueAt()?.toISOString()).toBe(opensAt);
    await app.waitForProjections();
    const upcoming = json(
      await api().get('/api/v1/conversion-windows/upcoming').set(member.auth).expect(200),
      upcomingWindowsSchema,
    );
    expect(upcoming).toContainEqual(
      expect.objectContaining({ windowId, status: 'SCHEDULED', opensAt, ventureName: anyString }),
    );
  });

  it('opens a window that is due at once through the timer, with nobody running the job, then arms for its closing', async () => {
    const { windowId, closesAt } = await schedule(-1000, HOUR_MS / 2);
    await eventually(async () => (await statusOf(app, windowId)) === 'OPEN');
    await eventually(() => app.app.get(ConversionWindowsService).timerDueAt()?.toISOString() === closesAt);
  });

  it('lets any board member run the windows job by hand; a member may not', async () => {
    const ran = json(
      await api().post('/api/v1/conversion-windows/advance').set(board.auth).send({}).expect(200),
      windowsAdvancedSchema,
    );
    expect(ran).toEqual({ advanced: anyArray });
    await api().post('/api/v1/conversion-windows/advance').set(member.auth).send({}).expect(403);
  });

  it("previews a conversion on the decider's rules: the bp it buys, or a 4xx for too much or for 0 bp", async () => {
    const { windowId } = await schedule(-1000, HOUR_MS);
    await eventually(async () => (await statusOf(app, windowId)) === 'OPEN');
    const preview = (amount: string) =>
      api().get('/api/v1/equity/convert/preview').query({ windowId, buz: amount }).set(member.auth);
    // 1,000 bp per 10,000 BUZ: 150 BUZ buy 15 bp; the member has 180 BUZ.
    expect(json(await preview('150').expect(200), conversionPreviewSchema)).toEqual({
      windowId,
      amountBuz: '150',
      availableBuz: '180',
      grantedBps: '15',
      burnedBuz: '150',
      unlockedBuz: '0',
      minimumBuz: '10',
    });
    const tooMuch = errorOf(await preview('70000000').expect(409));
    expect(tooMuch).toMatchObject({
      error: 'INSUFFICIENT_BUZ',
      message: 'Only 180 BUZ are available to convert',
      details: { availableBuz: '180' },
    });
    const belowMinimum = errorOf(await preview('9').expect(422));
    expect(belowMinimum).toMatchObject({ error: 'CONVERSION_BELOW_MINIMUM', details: { minimumBuz: '10' } });
    expect(belowMinimum.message).toContain('the minimum is 10 BUZ');
    expect(errorOf(await preview('abc').expect(400)).error).toBe('VALIDATION_FAILED');
  });

  // Last: the clock moves past the access tokens' lifetime here.
  it('re-arms after a restart: a closing time passed while no instance ran closes the window on start-up', async () => {
    const { windowId, closesAt } = await schedule(-1000, HOUR_MS / 4);
    await eventually(async () => (await statusOf(app, windowId)) === 'OPEN');
    await app.close();
    clock.advance(Date.parse(closesAt) - clock.now().getTime() + 1000);
    app = await startTestApp({ ownerUrl: app.ownerUrl, env, ...withClock });
    // Straight from the window's stream: nobody ran the job, the timer armed at start-up did.
    await eventually(async () => (await app.store.readStream(windowStream(windowId))).at(-1)?.type === 'WindowClosed');
  });
});
