import type { TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { comparePositions } from '../../src/platform/event-store/feed-position';
import { REACTORS, type Reactor } from '../../src/platform/reactors/reactor';
import { anEvent, uniqueStream } from '../support/events';
import {
  FAILING_FAST_ENV,
  checkpointOf,
  runCli,
  waitForProjectionsExcept,
  waitForStatus,
} from '../support/projection-failure';
import { waitFor } from '../support/wait';
import { startTestApp, type TestApp } from '../support/test-app';
import { json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { healthSchema } from '../../src/health/health.responses';

const NAME = 'test_flaky_reactor';

/** Throws on the events it is told to until healed; remembers what it took. */
class FlakyReactor implements Reactor {
  readonly name = NAME;
  readonly canHandle = ['ReactorProbe'];
  readonly failing = new Set<string>();
  readonly taken: string[] = [];

  react(events: readonly RecordedEvent[]): Promise<void> {
    const failing = events.find((event) => this.failing.has(event.eventId));
    if (failing) return Promise.reject(new Error(`test: ${failing.type} cannot be taken yet`));
    this.taken.push(...events.map((event) => event.eventId));
    return Promise.resolve();
  }
}

const flaky = new FlakyReactor();
const withFlaky = {
  configure: (builder: TestingModuleBuilder) => builder.overrideProvider(REACTORS).useValue([flaky]),
};

async function appendProbe(app: TestApp, { failing }: { failing: boolean }): Promise<RecordedEvent> {
  const event = anEvent('ReactorProbe');
  if (failing) flaky.failing.add(event.eventId);
  const stream = uniqueStream('probe');
  // A test-only type with no schema: written past the schema check, as a foreign writer could.
  await app.rawStore.append(stream, [event], { expectedRevision: 'no_stream' });
  return (await app.rawStore.readStream(stream))[0];
}

/**
 * A process manager runs like a projection (a checkpoint, one leader, FAILED at an event it
 * cannot take) but is not one: /api/health and the CLI show it as a reactor, and
 * `reactors retry` resumes it.
 */
describe('a reactor that cannot take an event (real PostgreSQL, real HTTP, compiled CLI)', () => {
  let app: TestApp;
  let good: RecordedEvent;
  let poison: RecordedEvent;

  beforeAll(async () => {
    app = await startTestApp({ ...withFlaky, env: FAILING_FAST_ENV });
    good = await appendProbe(app, { failing: false });
    poison = await appendProbe(app, { failing: true });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('takes the events it reacts to, and is FAILED at the one it cannot take, with its checkpoint just before it', async () => {
    const row = await waitForStatus(app, NAME, 'FAILED');
    expect(row).toMatchObject({
      attempts: 3,
      failed_event_id: poison.eventId,
      failed_event_type: 'ReactorProbe',
      failed_error: 'Error: test: ReactorProbe cannot be taken yet',
    });
    expect(comparePositions(row.position, good.position)).toBeGreaterThanOrEqual(0);
    expect(comparePositions(row.position, poison.position)).toBeLessThan(0);
    expect(flaky.taken).toEqual([good.eventId]);
  });

  it('lets the projections go on, and answers /api/health with 503 "degraded", naming the reactor apart from the projections', async () => {
    await app.appendEvents(uniqueStream('later'), 2);
    await waitForProjectionsExcept(app, NAME);
    const health = json(await request(app.baseUrl).get('/api/health').expect(503), healthSchema);
    expect(health).toMatchObject({
      status: 'degraded',
      failedProjections: [],
      failedReactors: [{ name: NAME, eventId: poison.eventId, eventType: 'ReactorProbe', attempts: 3 }],
    });
    expect(health.reactors).toEqual([expect.objectContaining({ name: NAME, status: 'FAILED' })]);
    expect(health.projections.map((projection) => projection.name)).not.toContain(NAME);
  });

  it('is listed by `reactors list` (exit 2), not by `projections list`, and `projections retry` does not know it', async () => {
    const listed = await runCli(app, ['reactors', 'list']);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toContain(`${NAME} is FAILED at ${poison.position} (ReactorProbe ${poison.eventId})`);
    expect(listed.stderr).toContain(`npm run cli -- reactors retry ${NAME}`);
    const projections = await runCli(app, ['projections', 'list']);
    expect(projections.stdout).not.toContain(NAME);
    const wrongKind = await runCli(app, ['projections', 'retry', NAME]);
    expect(wrongKind.code).toBe(64);
    expect(wrongKind.stderr).toContain(`Unknown projection "${NAME}"`);
  });

  it('resumes at the failed event after the fix and `reactors retry`, and health is ok again', async () => {
    flaky.failing.delete(poison.eventId);
    const retried = await runCli(app, ['reactors', 'retry', NAME]);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({
      reactor: NAME,
      status: 'RUNNING',
      failure: { eventId: poison.eventId },
    });
    await waitFor('the reactor to take the healed event', () => Promise.resolve(flaky.taken.includes(poison.eventId)));
    await app.waitForProjections();
    expect(flaky.taken).toEqual([good.eventId, poison.eventId]);
    expect(await checkpointOf(app, NAME)).toMatchObject({ status: 'RUNNING', attempts: 0, failed_event_id: null });
    expect((await request(app.baseUrl).get('/api/health').expect(200)).body).toMatchObject({
      status: 'ok',
      failedReactors: [],
    });
  });
});
