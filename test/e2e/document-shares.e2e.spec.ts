import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientIdSchema } from '../../src/documents/http/clients.controller';
import { viewsResponseSchema } from '../../src/documents/http/documents.responses';
import {
  commentsResponseSchema,
  sharedLinkResponseSchema,
  sharedResponseSchema,
} from '../../src/documents/http/shares.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock, type TestClock } from '../support/clock';
import { binaryBody, pdfBytes, uploadedDocument } from '../support/documents';
import { signIn, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf } from '../support/json';
import { objectContaining, stringMatching } from '../support/matchers';
import { present } from '../support/present';
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
        clientId: json(client, clientIdSchema).clientId,
        canView: true,
        canComment: options.canComment ?? false,
        expiresAt: inAnHour(),
      })
      .expect(201);
    const { shareId, linkToken } = json(shared, sharedResponseSchema);
    const token = present(linkToken, 'the link token of a client share');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return { documentId, shareId, token };
  }

  it('opens a client link without an account, records each view, and refuses it after expiry', async () => {
    const { documentId, shareId, token } = await clientLink();
    const opened = await request(app.baseUrl).get('/api/v1/share-link').set(link(token)).expect(200);
    expect(json(opened, sharedLinkResponseSchema)).toMatchObject({
      documentId,
      shareId,
      canView: true,
      canComment: false,
    });
    const content = await request(app.baseUrl)
      .get('/api/v1/share-link/content')
      .set(link(token))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect((content.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const views = await request(app.baseUrl).get(`/api/v1/documents/${documentId}/views`).set(alice.auth).expect(200);
    expect(json(views, viewsResponseSchema).views).toEqual([
      objectContaining({ viewerId: null, shareId, versionNumber: 1 }),
    ]);
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
    const links = rowsOf(
      await app.database.pool.query('select token_sha256 from document_share_links where share_id = $1', [shareId]),
      z.object({ token_sha256: z.string() }),
    );
    expect(links).toEqual([{ token_sha256: stringMatching(/^[0-9a-f]{64}$/) }]);
    const stored = JSON.stringify((await app.database.pool.query('select * from document_share_links')).rows);
    const events = JSON.stringify((await app.database.pool.query('select data from events')).rows);
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
      .post(`/api/v1/documents/${documentId}/shares/${json(toBob, sharedResponseSchema).shareId}/revoke`)
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
    expect(json(viewsBefore, viewsResponseSchema).views).toEqual([objectContaining({ viewerId: bob.userId })]);
    clock.advance(HOUR_MS + 1);
    try {
      // A session made at the advanced clock: the test's one has expired with it.
      const bobAgain = await signIn(app, bob.email, bob.userId);
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
    expect(json(comments, commentsResponseSchema).comments.map((comment) => comment.body)).toEqual([
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
});
