import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock, type TestClock } from '../support/clock';
import { binaryBody, pdfBytes, uploadedDocument } from '../support/documents';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf } from '../support/json';
import { closeIfStarted } from '../support/teardown';

const HOUR_MS = 3_600_000;

describe('shares: to users and to clients by link, with expiry, revocation, views and comments', () => {
  let app: TestApp;
  let clock: TestClock;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    clock = testClock();
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    [alice, bob] = await Promise.all([signUp(app), signUp(app)]);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const inAnHour = () => new Date(clock.now().getTime() + HOUR_MS).toISOString();
  const link = (token: string) => ({ 'X-Share-Token': token });

  async function clientLink(options: { canComment?: boolean } = {}) {
    const { documentId } = await uploadedDocument(app, alice, { content: pdfBytes(`for a client ${Math.random()}`) });
    const client = await request(app.baseUrl)
      .post('/api/v1/clients')
      .set(alice.auth)
      .send({ name: 'Grace Client', email: 'grace@client.example' })
      .expect(201);
    const shared = await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({
        clientId: client.body.clientId,
        canView: true,
        canComment: options.canComment ?? false,
        expiresAt: inAnHour(),
      })
      .expect(201);
    expect(shared.body.linkToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return { documentId, shareId: shared.body.shareId as string, token: shared.body.linkToken as string };
  }

  it('opens a client link without an account, records each view, and refuses it after expiry', async () => {
    const { documentId, shareId, token } = await clientLink();
    const opened = await request(app.baseUrl).get('/api/v1/share-link').set(link(token)).expect(200);
    expect(opened.body).toMatchObject({ documentId, shareId, canView: true, canComment: false });
    const content = await request(app.baseUrl)
      .get('/api/v1/share-link/content')
      .set(link(token))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect((content.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const views = await request(app.baseUrl).get(`/api/v1/documents/${documentId}/views`).set(alice.auth).expect(200);
    expect(views.body.views).toEqual([expect.objectContaining({ viewerId: null, shareId, versionNumber: 1 })]);
    clock.advance(HOUR_MS + 1);
    try {
      expect(errorOf(await request(app.baseUrl).get('/api/v1/share-link').set(link(token)).expect(410)).error).toBe(
        'SHARE_EXPIRED',
      );
      expect(
        errorOf(await request(app.baseUrl).get('/api/v1/share-link/content').set(link(token)).expect(410)).error,
      ).toBe('SHARE_EXPIRED');
    } finally {
      clock.advance(-HOUR_MS - 1);
    }
  });

  it('stores only the hash of a link token, and refuses unknown or missing tokens', async () => {
    const { shareId, token } = await clientLink();
    const { rows } = await app.database.pool.query(
      'select token_sha256 from document_share_links where share_id = $1',
      [shareId],
    );
    expect(rows[0].token_sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(
      await app.database.pool.query('select * from document_share_links').then((result) => result.rows),
    );
    const events = JSON.stringify(
      await app.database.pool.query('select data from events').then((result) => result.rows),
    );
    expect(stored).not.toContain(token);
    expect(events).not.toContain(token);
    expect(errorOf(await request(app.baseUrl).get('/api/v1/share-link').expect(401)).error).toBe('SHARE_LINK_INVALID');
    expect(
      errorOf(
        await request(app.baseUrl)
          .get('/api/v1/share-link')
          .set(link('A'.repeat(43)))
          .expect(401),
      ).error,
    ).toBe('SHARE_LINK_INVALID');
  });

  it('refuses a revoked link and a revoked user share', async () => {
    const { documentId, shareId, token } = await clientLink();
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/shares/${shareId}/revoke`)
      .set(alice.auth)
      .send({})
      .expect(200);
    expect(errorOf(await request(app.baseUrl).get('/api/v1/share-link').set(link(token)).expect(410)).error).toBe(
      'SHARE_REVOKED',
    );
    const toBob = await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({ toUserId: bob.userId, canView: true })
      .expect(201);
    await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(bob.auth).expect(200);
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/shares/${toBob.body.shareId}/revoke`)
      .set(alice.auth)
      .send({})
      .expect(200);
    expect(
      errorOf(await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(bob.auth).expect(404))
        .error,
    ).toBe('DOCUMENT_NOT_FOUND');
  });

  it('ends a user share at its expiry', async () => {
    const { documentId } = await uploadedDocument(app, alice);
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({ toUserId: bob.userId, canView: true, expiresAt: inAnHour() })
      .expect(201);
    await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(bob.auth).expect(200);
    const viewsBefore = await request(app.baseUrl)
      .get(`/api/v1/documents/${documentId}/views`)
      .set(alice.auth)
      .expect(200);
    expect(viewsBefore.body.views).toEqual([expect.objectContaining({ viewerId: bob.userId })]);
    clock.advance(HOUR_MS + 1);
    try {
      const bobAgain = await signInAgain(bob);
      expect(
        errorOf(
          await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(bobAgain.auth).expect(404),
        ).error,
      ).toBe('DOCUMENT_NOT_FOUND');
    } finally {
      clock.advance(-HOUR_MS - 1);
    }
  });

  it('takes comments only where the share allows them', async () => {
    const viewOnly = await clientLink();
    const refused = await request(app.baseUrl)
      .post('/api/v1/share-link/comments')
      .set(link(viewOnly.token))
      .send({ body: 'Looks good' })
      .expect(403);
    expect(errorOf(refused).error).toBe('SHARE_NOT_ALLOWED');
    const commenting = await clientLink({ canComment: true });
    await request(app.baseUrl)
      .post('/api/v1/share-link/comments')
      .set(link(commenting.token))
      .send({ body: 'Please fix clause 4' })
      .expect(201);
    await request(app.baseUrl)
      .post(`/api/v1/documents/${commenting.documentId}/comments`)
      .set(alice.auth)
      .send({ body: 'Fixed in version 2' })
      .expect(201);
    const comments = await request(app.baseUrl)
      .get(`/api/v1/documents/${commenting.documentId}/comments`)
      .set(alice.auth)
      .expect(200);
    expect(comments.body.comments.map((comment: { body: string }) => comment.body)).toEqual([
      'Please fix clause 4',
      'Fixed in version 2',
    ]);
    const { documentId } = await uploadedDocument(app, alice);
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({ toUserId: bob.userId, canView: true })
      .expect(201);
    expect(
      errorOf(
        await request(app.baseUrl)
          .post(`/api/v1/documents/${documentId}/comments`)
          .set(bob.auth)
          .send({ body: 'hi' })
          .expect(404),
      ).error,
    ).toBe('DOCUMENT_NOT_FOUND');
  });

  /** A session made at the clock's current time (the test's one has expired with the clock). */
  async function signInAgain(user: TestUser): Promise<TestUser> {
    const login = await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD, session: 'bearer' })
      .expect(200);
    return { ...user, auth: { Authorization: `Bearer ${login.body.accessToken}` } };
  }
});
