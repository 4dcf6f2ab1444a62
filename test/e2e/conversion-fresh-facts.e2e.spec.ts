import request from 'supertest';
import {
  conversionRequestedSchema,
  conversionsSchema,
  finalizationPreviewSchema,
  finalizationResultSchema,
  windowScheduledSchema,
} from '../../src/conversion/http/conversion.responses';
import { jobRunSchema } from '../../src/jobs/jobs.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz } from '../support/conversion';
import { signUp, type TestUser } from '../support/identity';
import { withReadModelsHeld } from '../support/read-model-hold';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { errorOf, json } from '../support/json';
import { objectContaining } from '../support/matchers';
import { closeIfStarted } from '../support/teardown';

/**
 * The windows job and finalization decide on the log. The conversion read models are held
 * behind while they run (see withReadModelsHeld), so a decision that read them would miss what
 * the test just wrote, every time.
 */
describe('conversion windows decided on the log', () => {
  let app: TestApp;
  let admin: TestUser;
  let boardA: TestUser;
  let boardB: TestUser;
  let requester: TestUser;
  let ventureId: string;
  const api = () => request(app.baseUrl);

  /** The app's clock: windows close when the test moves it past their closing time, not when a timer fires. */
  const clock = testClock();
  // Long enough that no request of a test meets the closing time; short enough that two moves stay within the access tokens' 15 minutes.
  const WINDOW_MS = 5 * 60_000;
  const afterClosing = () => {
    clock.advance(WINDOW_MS + 1000);
  };

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    boardA = await makeBoardMember(app, await signUp(app));
    boardB = await makeBoardMember(app, await signUp(app));
    requester = await memberWithBuz(app, admin, await signUp(app));
    ventureId = (await postedTask(app, admin)).ventureId;
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  /** A window that opened a second ago on the app's clock and closes WINDOW_MS later. */
  const schedule = async () => {
    const opensAt = clock.now().getTime() - 1000;
    const window = {
      ventureId,
      opensAt: new Date(opensAt).toISOString(),
      closesAt: new Date(opensAt + WINDOW_MS).toISOString(),
      equityRateBps: '1000',
    };
    return json(
      await api().post('/api/v1/conversion-windows').set(boardA.auth).send(window).expect(201),
      windowScheduledSchema,
    ).windowId;
  };
  const runWindowsJob = async () => {
    const run = json(
      await api().post('/api/v1/admin/jobs/conversion-windows/run').set(admin.auth).send({}).expect(200),
      jobRunSchema,
    );
    if (run.job !== 'conversion-windows') throw new Error(`the windows job answered for ${run.job}`);
    return run.result.advanced;
  };
  const finalize = async (windowId: string) =>
    json(
      await api()
        .post(`/api/v1/conversion-windows/${windowId}/finalize`)
        .set(boardA.auth)
        .send({ confirm: true })
        .expect(200),
      finalizationResultSchema,
    );

  it('the job opens a window scheduled a moment ago, before any read model has it', async () => {
    await withReadModelsHeld(app, ['conversion_windows'], async () => {
      const windowId = await schedule();
      expect(await runWindowsJob()).toContain(windowId);
      await api().post('/api/v1/equity/convert').set(requester.auth).send({ windowId, buz: '10' }).expect(201);
    });
  });

  it('finalization settles a request approved a moment ago, before any read model has it', async () => {
    const windowId = await schedule();
    await runWindowsJob();
    await withReadModelsHeld(app, ['conversion_windows', 'conversions'], async () => {
      const { conversionId } = json(
        await api().post('/api/v1/equity/convert').set(requester.auth).send({ windowId, buz: '100' }).expect(201),
        conversionRequestedSchema,
      );
      for (const board of [boardA, boardB])
        await api()
          .post(`/api/v1/board/conversions/${conversionId}/votes`)
          .set(board.auth)
          .send({ vote: 'APPROVE', note: 'Approved in the test' })
          .expect(200);
      afterClosing();
      expect(await runWindowsJob()).toContain(windowId);
      const preview = json(
        await api().get(`/api/v1/conversion-windows/${windowId}/finalization-preview`).set(boardA.auth).expect(200),
        finalizationPreviewSchema,
      );
      expect(preview.allocations).toEqual([objectContaining({ conversionId, outcome: 'SETTLED', grantedBps: '10' })]);
      const finalized = await finalize(windowId);
      expect(finalized.allocations).toEqual(preview.allocations);
    });
    await app.waitForProjections();
    const [mine] = json(
      await api().get('/api/v1/equity/conversions/me').set(requester.auth).expect(200),
      conversionsSchema,
    ).filter((conversion) => conversion.windowId === windowId);
    expect(mine).toMatchObject({ status: 'SETTLED', grantedBps: '10' });
  });

  it('a request refused after its filing (not enough BUZ) leaves a filing finalization skips', async () => {
    const windowId = await schedule();
    await runWindowsJob();
    // Fifty at once: the pre-check passes for all, the wallet's exact-revision lock refuses most.
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        api().post('/api/v1/equity/convert').set(requester.auth).send({ windowId, buz: '20' }),
      ),
    );
    const accepted = answers
      .filter((answer) => answer.status === 201)
      .map((answer) => json(answer, conversionRequestedSchema).conversionId);
    expect(answers.every((answer) => answer.status === 201 || errorOf(answer).error === 'INSUFFICIENT_BUZ')).toBe(true);
    afterClosing();
    await runWindowsJob();
    const finalized = await finalize(windowId);
    expect(finalized.allocations.map((allocation) => allocation.conversionId).sort()).toEqual([...accepted].sort());
    expect(finalized.allocations.every((allocation) => allocation.outcome === 'EXPIRED')).toBe(true);
  });
});
