import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readiness } from '../../src/health/readiness';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

describe('/api/health while the server is still starting', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' }, starting: true });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('answers 503 `starting` though the database answers, and 200 once start-up is marked done', async () => {
    const starting = await request(app.baseUrl).get('/api/health').expect(503);
    expect(starting.body).toMatchObject({ status: 'starting', database: { ok: true }, eventStore: { ok: true } });
    app.app.get(Readiness).markReady();
    const ready = await request(app.baseUrl).get('/api/health').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok' });
  });
});
