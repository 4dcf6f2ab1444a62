import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthSchema } from '../../src/health/health.responses';
import { ledgerStatusSchema } from '../../src/ledger/http/ledger-status.responses';
import { IntegrityCheckService } from '../../src/ledger/verification/integrity-check.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { uniqueStream } from '../support/events';
import { errorOf, json } from '../support/json';
import { arrayContaining, objectContaining, stringContaining } from '../support/matchers';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

describe('ledger status and health over HTTP', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    await app.appendEvents(uniqueStream('wallet'), 3);
    await app.appendEvents(uniqueStream('member'), 2);
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('counts events and streams from the projection, with its lag', async () => {
    const response = await request(app.baseUrl).get('/api/v1/ledger/status').expect(200);
    expect(response.body).toMatchObject({ events: 5, streams: 2, chain: { status: 'NOT_YET_VERIFIED' } });
    expect(json(response, ledgerStatusSchema).projections).toContainEqual(
      objectContaining({ name: 'ledger_streams', eventsBehind: 0, lagMs: 0, leader: true }),
    );
  });

  it('reports VERIFIED after the integrity check has run', async () => {
    await app.app.get(IntegrityCheckService).runNow();
    const response = await request(app.baseUrl).get('/api/v1/ledger/status').expect(200);
    expect(json(response, ledgerStatusSchema).chain).toMatchObject({
      status: 'VERIFIED',
      eventsChecked: 5,
      firstBreak: null,
    });
  });

  it('reports database, event store, projections and jobs on /api/health', async () => {
    const response = await request(app.baseUrl).get('/api/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      eventStore: { kind: 'postgres', ok: true },
      projections: arrayContaining([objectContaining({ name: 'ledger_streams' })]),
      jobs: arrayContaining([
        objectContaining({ name: 'integrity-check', schedule: '*/5 * * * *' }),
        objectContaining({ name: 'reputation-settlement' }),
        objectContaining({ name: 'conversion-windows' }),
      ]),
    });
    const [firstJob] = json(response, healthSchema).jobs;
    expect(Date.parse(present(firstJob.nextRunAt, "the first job's next run"))).toBeGreaterThan(Date.now());
  });

  it('echoes a well-formed request id and invents one otherwise', async () => {
    const given = await request(app.baseUrl).get('/api/health').set('x-request-id', 'trace-123');
    expect(given.headers['x-request-id']).toBe('trace-123');
    const invented = await request(app.baseUrl).get('/api/health').set('x-request-id', 'bad id with spaces');
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with the JSON error shape', async () => {
    const response = await request(app.baseUrl).get('/api/v1/nothing-here').expect(404);
    expect(response.body).toEqual({
      error: 'NOT_FOUND',
      message: stringContaining('/api/v1/nothing-here'),
      details: {},
    });
  });

  it('refuses a malformed JSON body with a 400, not a 500', async () => {
    const response = await request(app.baseUrl)
      .post('/api/v1/ledger/status')
      .set('content-type', 'application/json')
      .send('{"broken":');
    expect(response.status).toBe(400);
    expect(errorOf(response).error).toBe('BAD_REQUEST');
  });
});
