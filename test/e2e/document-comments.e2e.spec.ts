import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdSchema } from '../../src/documents/http/clients.controller';
import {
  commentsResponseSchema,
  linkCommentsResponseSchema,
  sharedLinkResponseSchema,
  sharedResponseSchema,
} from '../../src/documents/http/shares.responses';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

interface Sharing {
  canView?: boolean;
  canComment?: boolean;
  canSign?: boolean;
}

describe("a document's comments: who may list them, with names, and what a client's link shows", () => {
  let app: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let signer: TestUser;
  let stranger: TestUser;
  let documentId: string;
  let ada: string;
  let grace: string;
  let bobShareId: string;

  const http = () => request(app.baseUrl);
  const link = (token: string) => ({ 'X-Share-Token': token });

  async function share(target: { toUserId: string } | { clientId: string }, sharing: Sharing) {
    const shared = await http()
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({ ...target, canView: false, canComment: false, canSign: false, ...sharing })
      .expect(201);
    return json(shared, sharedResponseSchema);
  }

  async function clientLink(name: string): Promise<string> {
    const added = await http().post('/api/v1/clients').set(alice.auth).send({ name }).expect(201);
    const shared = await share({ clientId: json(added, clientIdSchema).clientId }, { canView: true, canComment: true });
    return present(shared.linkToken, 'a client share link token');
  }

  const comment = (user: TestUser, body: string) =>
    http().post(`/api/v1/documents/${documentId}/comments`).set(user.auth).send({ body }).expect(201);
  const linkComment = (token: string, body: string) =>
    http().post('/api/v1/share-link/comments').set(link(token)).send({ body }).expect(201);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    [alice, bob, signer, stranger] = await Promise.all([signUp(app), signUp(app), signUp(app), signUp(app)]);
    await http().patch('/api/v1/profiles/me').set(alice.auth).send({ nickname: 'Alice Owner' }).expect(200);
    ({ documentId } = await uploadedDocument(app, alice, { content: pdfBytes('the thread') }));
    bobShareId = (await share({ toUserId: bob.userId }, { canView: true, canComment: true })).shareId;
    await share({ toUserId: signer.userId }, { canSign: true });
    ada = await clientLink('Ada Client');
    grace = await clientLink('Grace Client');
    await comment(alice, 'Clause 4 changed, please read');
    await comment(bob, 'Reviewed, fine by me');
    await linkComment(ada, 'Ada: can the date move?');
    await linkComment(grace, 'Grace: who pays the fees?');
    await comment(alice, 'Ada, yes it can');
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('lists every comment to the owner, oldest first, with the author named', async () => {
    const listed = await http().get(`/api/v1/documents/${documentId}/comments`).set(alice.auth).expect(200);
    const comments = json(listed, commentsResponseSchema).comments;
    expect(comments.map(({ body }) => body)).toEqual([
      'Clause 4 changed, please read',
      'Reviewed, fine by me',
      'Ada: can the date move?',
      'Grace: who pays the fees?',
      'Ada, yes it can',
    ]);
    expect(comments[0]).toEqual(expect.objectContaining({ authorId: alice.userId, authorName: 'Alice Owner' }));
    // A member without a public nickname goes by the short form GET /api/v1/people gives.
    expect(comments[1]).toEqual(
      expect.objectContaining({
        authorId: bob.userId,
        authorName: `Member ${bob.userId.slice(0, 8)}`,
        shareId: bobShareId,
      }),
    );
    expect(comments[2]).toEqual(expect.objectContaining({ authorId: null, authorName: null }));
    expect(comments[2].shareId).not.toBeNull();
  });

  it('lists them to a member whose share allows viewing, and to nobody else', async () => {
    const forBob = await http().get(`/api/v1/documents/${documentId}/comments`).set(bob.auth).expect(200);
    expect(json(forBob, commentsResponseSchema).comments).toHaveLength(5);
    for (const outsider of [signer, stranger]) {
      const refused = await http().get(`/api/v1/documents/${documentId}/comments`).set(outsider.auth).expect(404);
      expect(errorOf(refused).error).toBe('DOCUMENT_NOT_FOUND');
    }
    await http().get(`/api/v1/documents/${documentId}/comments`).expect(401);
  });

  it("never mixes in another document's comments", async () => {
    const other = await uploadedDocument(app, alice, { content: pdfBytes('another thread') });
    await http()
      .post(`/api/v1/documents/${other.documentId}/comments`)
      .set(alice.auth)
      .send({ body: 'About the other document' })
      .expect(201);
    const listed = await http().get(`/api/v1/documents/${documentId}/comments`).set(alice.auth).expect(200);
    expect(json(listed, commentsResponseSchema).comments.map(({ body }) => body)).not.toContain(
      'About the other document',
    );
    const elsewhere = await http().get(`/api/v1/documents/${other.documentId}/comments`).set(alice.auth).expect(200);
    expect(json(elsewhere, commentsResponseSchema).comments.map(({ body }) => body)).toEqual([
      'About the other document',
    ]);
  });

  it("shows a client's link the owner's comments and its own, not another client's or member's", async () => {
    const forAda = await http().get('/api/v1/share-link/comments').set(link(ada)).expect(200);
    expect(json(forAda, linkCommentsResponseSchema).comments).toEqual([
      expect.objectContaining({
        body: 'Clause 4 changed, please read',
        authorName: 'Alice Owner',
        fromThisLink: false,
      }),
      expect.objectContaining({ body: 'Ada: can the date move?', authorName: null, fromThisLink: true }),
      expect.objectContaining({ body: 'Ada, yes it can', authorName: 'Alice Owner', fromThisLink: false }),
    ]);
    const forGrace = await http().get('/api/v1/share-link/comments').set(link(grace)).expect(200);
    expect(json(forGrace, linkCommentsResponseSchema).comments.map(({ body }) => body)).toEqual([
      'Clause 4 changed, please read',
      'Grace: who pays the fees?',
      'Ada, yes it can',
    ]);
  });

  it('refuses a link without a token, an unknown one, and one the owner revoked', async () => {
    const missing = await http().get('/api/v1/share-link/comments').expect(401);
    expect(errorOf(missing).error).toBe('SHARE_LINK_INVALID');
    const unknown = await http()
      .get('/api/v1/share-link/comments')
      .set(link('A'.repeat(43)))
      .expect(401);
    expect(errorOf(unknown).error).toBe('SHARE_LINK_INVALID');
    const token = await clientLink('Revoked Client');
    const opened = await http().get('/api/v1/share-link').set(link(token)).expect(200);
    const { shareId } = json(opened, sharedLinkResponseSchema);
    await http().post(`/api/v1/documents/${documentId}/shares/${shareId}/revoke`).set(alice.auth).send({}).expect(200);
    const revoked = await http().get('/api/v1/share-link/comments').set(link(token)).expect(410);
    expect(errorOf(revoked).error).toBe('SHARE_REVOKED');
  });
});
