import request from 'supertest';
import { clientIdSchema } from '../../src/documents/http/clients.controller';
import { versionResponseSchema } from '../../src/documents/http/documents.responses';
import { holdPlacedSchema } from '../../src/documents/http/legal-holds.controller';
import { sharedResponseSchema } from '../../src/documents/http/shares.responses';
import { requestCreatedResponseSchema } from '../../src/documents/http/signatures.responses';
import { DocumentRetentionService } from '../../src/documents/jobs/document-retention.service';
import { clientSigningAnswers } from './client-signing-walk';
import type { TestClock } from './clock';
import { pdfBytes } from './documents';
import type { TestUser } from './identity';
import { signUp } from './identity';
import { json } from './json';
import { browserKey, shareForSigning, statementText } from './signing';
import type { TestApp } from './test-app';

export interface RouteAnswer {
  key: string;
  response: request.Response;
}

/**
 * One successful call of every documents, shares, clients, holds and signatures route that
 * declares a response schema, in the order a real use makes them: the OpenAPI test parses each
 * answer with its route's schema. Its own users: a member who owns everything, a signer, and a
 * compliance officer (MFA verified).
 */
export async function documentRouteAnswers(app: TestApp): Promise<RouteAnswer[]> {
  const [member, signer, officer] = await Promise.all([
    signUp(app),
    signUp(app),
    signUp(app, { roles: ['compliance'], mfa: true }),
  ]);
  const answers: RouteAnswer[] = [];
  const http = request(app.baseUrl);
  const record = async (key: string, call: request.Test) => {
    const response = await call;
    answers.push({ key, response });
    return response;
  };
  const uploaded = await record(
    'POST /api/v1/documents',
    http
      .post('/api/v1/documents')
      .set(member.auth)
      .field('title', 'Walk')
      .field('docType', 'contract')
      .attach('file', pdfBytes('walk'), 'walk.pdf'),
  );
  const { documentId } = json(uploaded, versionResponseSchema);
  await record(
    'POST /api/v1/documents/:documentId/versions',
    http
      .post(`/api/v1/documents/${documentId}/versions`)
      .set(member.auth)
      .attach('file', pdfBytes('walk 2'), 'walk.pdf'),
  );
  await record('GET /api/v1/documents', http.get('/api/v1/documents').set(member.auth));
  await record('GET /api/v1/documents/:documentId', http.get(`/api/v1/documents/${documentId}`).set(member.auth));
  await record(
    'GET /api/v1/documents/:documentId/views',
    http.get(`/api/v1/documents/${documentId}/views`).set(member.auth),
  );
  await record(
    'GET /api/v1/documents/integrity-alarms',
    http.get('/api/v1/documents/integrity-alarms').set(officer.auth),
  );
  const client = json(
    await record('POST /api/v1/clients', http.post('/api/v1/clients').set(member.auth).send({ name: 'Walk Client' })),
    clientIdSchema,
  );
  await record(
    'PATCH /api/v1/clients/:clientId',
    http.patch(`/api/v1/clients/${client.clientId}`).set(member.auth).send({ organization: 'Walk Ltd' }),
  );
  await record('GET /api/v1/clients', http.get('/api/v1/clients').set(member.auth));
  const shared = json(
    await record(
      'POST /api/v1/documents/:documentId/share',
      http
        .post(`/api/v1/documents/${documentId}/share`)
        .set(member.auth)
        .send({ clientId: client.clientId, canView: true, canComment: true }),
    ),
    sharedResponseSchema,
  );
  if (shared.linkToken === null) throw new Error(`sharing with client ${client.clientId} gave no link token`);
  const link = { 'X-Share-Token': shared.linkToken };
  await record('GET /api/v1/share-link', http.get('/api/v1/share-link').set(link));
  await record(
    'POST /api/v1/share-link/comments',
    http.post('/api/v1/share-link/comments').set(link).send({ body: 'From the walk' }),
  );
  await record('GET /api/v1/share-link/comments', http.get('/api/v1/share-link/comments').set(link));
  await record(
    'POST /api/v1/documents/:documentId/comments',
    http.post(`/api/v1/documents/${documentId}/comments`).set(member.auth).send({ body: 'Owner note' }),
  );
  await record(
    'GET /api/v1/documents/:documentId/comments',
    http.get(`/api/v1/documents/${documentId}/comments`).set(member.auth),
  );
  await record(
    'POST /api/v1/documents/:documentId/shares/:shareId/revoke',
    http.post(`/api/v1/documents/${documentId}/shares/${shared.shareId}/revoke`).set(member.auth).send({}),
  );
  await signatureAnswers(app, member, signer, documentId, record);
  await clientSigningAnswers(app, member, documentId, record);
  await holdAnswers(app, member, officer, documentId, client.clientId, record);
  return answers;
}

type Record = (key: string, call: request.Test) => Promise<request.Response>;

async function signatureAnswers(
  app: TestApp,
  member: TestUser,
  signer: TestUser,
  documentId: string,
  record: Record,
): Promise<void> {
  const http = request(app.baseUrl);
  const key = await browserKey();
  await record(
    'POST /api/v1/signing-keys',
    http.post('/api/v1/signing-keys').set(signer.auth).send({ publicKeyHex: key.publicKeyHex }),
  );
  await record('GET /api/v1/signing-keys', http.get('/api/v1/signing-keys').set(signer.auth));
  await shareForSigning(app, member, documentId, signer);
  const requested = json(
    await record(
      'POST /api/v1/signatures',
      http
        .post('/api/v1/signatures')
        .set(member.auth)
        .send({ documentId, signers: [{ userId: signer.userId }], message: 'Please sign' }),
    ),
    requestCreatedResponseSchema,
  );
  const statement = {
    documentId,
    documentSha256: requested.documentSha256,
    requestId: requested.requestId,
    signerId: signer.userId,
    signedAt: new Date().toISOString(),
    intent: 'sign' as const,
  };
  const signature = await key.sign(statementText(statement));
  const { requestId, documentSha256, signedAt, intent } = statement;
  await record(
    'POST /api/v1/signatures/:requestId/sign',
    http
      .post(`/api/v1/signatures/${requestId}/sign`)
      .set(signer.auth)
      .send({ keyId: key.keyId, signature, signedAt, intent }),
  );
  await record('GET /api/v1/signatures/:requestId', http.get(`/api/v1/signatures/${requestId}`).set(member.auth));
  await record(
    'GET /api/v1/signatures/:requestId/evidence',
    http.get(`/api/v1/signatures/${requestId}/evidence`).set(member.auth),
  );
  await record('GET /api/v1/signatures/by-hash/:sha256', http.get(`/api/v1/signatures/by-hash/${documentSha256}`));
  await app.waitForProjections();
  await record('GET /api/v1/signatures', http.get('/api/v1/signatures').query({ documentId }).set(member.auth));
  await record('GET /api/v1/signatures/for-me', http.get('/api/v1/signatures/for-me?state=all').set(signer.auth));
  const messageHex = Buffer.from(statementText(statement)).toString('hex');
  await record(
    'POST /api/v1/signatures/verify',
    http
      .post('/api/v1/signatures/verify')
      .send({ publicKeyHex: key.publicKeyHex, messageHex, signatureHex: signature, encoding: 'p1363' }),
  );
  await record(
    'POST /api/v1/signing-keys/:keyId/revoke',
    http.post(`/api/v1/signing-keys/${key.keyId}/revoke`).set(signer.auth).send({}),
  );
}

async function holdAnswers(
  app: TestApp,
  member: TestUser,
  officer: TestUser,
  documentId: string,
  clientId: string,
  record: Record,
): Promise<void> {
  const http = request(app.baseUrl);
  const hold = json(
    await record(
      'POST /api/v1/legal-holds',
      http
        .post('/api/v1/legal-holds')
        .set(officer.auth)
        .send({ scope: 'document', scopeId: documentId, reason: 'Walk hold', caseRef: 'WALK-1' }),
    ),
    holdPlacedSchema,
  );
  await record('GET /api/v1/legal-holds', http.get('/api/v1/legal-holds').set(officer.auth));
  await record(
    'POST /api/v1/legal-holds/:holdId/release',
    http.post(`/api/v1/legal-holds/${hold.holdId}/release`).set(officer.auth).send({}),
  );
  await record(
    'POST /api/v1/documents/:documentId/archive',
    http.post(`/api/v1/documents/${documentId}/archive`).set(member.auth).send({}),
  );
  await record('DELETE /api/v1/documents/:documentId', http.delete(`/api/v1/documents/${documentId}`).set(member.auth));
  await record(
    'POST /api/v1/clients/:clientId/erase',
    http.post(`/api/v1/clients/${clientId}/erase`).set(member.auth).send({}),
  );
  await record('DELETE /api/v1/clients/:clientId', http.delete(`/api/v1/clients/${clientId}`).set(member.auth));
}

/** Personal data a document flow handles; none of it may reach an event. */
export const DOCUMENT_PERSONAL_DATA = {
  title: 'Settlement of Margaret Hamilton',
  clientName: 'Margaret Hamilton',
  clientEmail: 'margaret@hamilton.example',
  clientPhone: '+1 617 555 0199',
  organization: 'Hamilton Family Office',
  comment: 'Call Margaret at home on Sunday',
  message: 'Margaret, please sign before Friday',
  holdReason: 'Hamilton versus Hopper, discovery',
  caseRef: 'HAMILTON-1969-07',
} as const;

/**
 * Every document event type, made while handling DOCUMENT_PERSONAL_DATA: the no-personal-data
 * scan runs it. `laterBy` moves the app's clock past the shares' expiry and the retention for
 * the job, and back.
 */
export async function personalDataDocumentFlow(
  app: TestApp,
  laterBy: (ms: number, work: () => Promise<unknown>) => Promise<unknown>,
  runRetention: () => Promise<unknown>,
): Promise<void> {
  const pii = DOCUMENT_PERSONAL_DATA;
  const http = request(app.baseUrl);
  const [owner, signer, officer] = await Promise.all([
    signUp(app),
    signUp(app),
    signUp(app, { roles: ['compliance'], mfa: true }),
  ]);
  const content = pdfBytes('personal');
  const { documentId } = json(
    await http
      .post('/api/v1/documents')
      .set(owner.auth)
      .field('title', pii.title)
      .field('docType', 'contract')
      .attach('file', content, 'hamilton.pdf')
      .expect(201),
    versionResponseSchema,
  );
  await http.get(`/api/v1/documents/${documentId}/content`).set(owner.auth).expect(200);
  const { clientId } = json(
    await http
      .post('/api/v1/clients')
      .set(owner.auth)
      .send({ name: pii.clientName, email: pii.clientEmail, phone: pii.clientPhone, tags: ['family'] })
      .expect(201),
    clientIdSchema,
  );
  await http.patch(`/api/v1/clients/${clientId}`).set(owner.auth).send({ organization: pii.organization }).expect(200);
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
  const { linkToken } = json(
    await http
      .post(`/api/v1/documents/${documentId}/share`)
      .set(owner.auth)
      .send({ clientId, canView: true, canComment: true, expiresAt })
      .expect(201),
    sharedResponseSchema,
  );
  if (linkToken === null) throw new Error('sharing with a client gave no link token');
  await http
    .post('/api/v1/share-link/comments')
    .set({ 'X-Share-Token': linkToken })
    .send({ body: pii.comment })
    .expect(201);
  const signingShareId = await shareForSigning(app, owner, documentId, signer);
  const key = await browserKey();
  await http.post('/api/v1/signing-keys').set(signer.auth).send({ publicKeyHex: key.publicKeyHex }).expect(201);
  const requested = json(
    await http
      .post('/api/v1/signatures')
      .set(owner.auth)
      .send({ documentId, signers: [{ userId: signer.userId }], message: pii.message })
      .expect(201),
    requestCreatedResponseSchema,
  );
  const statement = {
    documentId,
    documentSha256: requested.documentSha256,
    requestId: requested.requestId,
    signerId: signer.userId,
    signedAt: new Date().toISOString(),
    intent: 'sign' as const,
  };
  await http
    .post(`/api/v1/signatures/${requested.requestId}/sign`)
    .set(signer.auth)
    .send({
      keyId: key.keyId,
      signature: await key.sign(statementText(statement)),
      signedAt: statement.signedAt,
      intent: 'sign',
    })
    .expect(200);
  await http.post(`/api/v1/signing-keys/${key.keyId}/revoke`).set(signer.auth).send({}).expect(200);
  await http
    .post(`/api/v1/documents/${documentId}/shares/${signingShareId}/revoke`)
    .set(owner.auth)
    .send({})
    .expect(200);
  const { holdId } = json(
    await http
      .post('/api/v1/legal-holds')
      .set(officer.auth)
      .send({ scope: 'client', scopeId: clientId, reason: pii.holdReason, caseRef: pii.caseRef })
      .expect(201),
    holdPlacedSchema,
  );
  await http.post(`/api/v1/legal-holds/${holdId}/release`).set(officer.auth).send({}).expect(200);
  await http.post(`/api/v1/clients/${clientId}/erase`).set(owner.auth).send({}).expect(200);
  await http.delete(`/api/v1/clients/${clientId}`).set(owner.auth).expect(200);
  await integrityAlarm(app, owner);
  await app.waitForProjections();
  await laterBy(8 * 365 * 86_400_000, runRetention);
  const { documentId: archived } = json(
    await http
      .post('/api/v1/documents')
      .set(owner.auth)
      .field('title', pii.title)
      .field('docType', 'other')
      .attach('file', pdfBytes('archived'), 'a.pdf')
      .expect(201),
    versionResponseSchema,
  );
  await http.post(`/api/v1/documents/${archived}/archive`).set(owner.auth).send({}).expect(200);
  await http.delete(`/api/v1/documents/${archived}`).set(owner.auth).expect(200);
}

async function integrityAlarm(app: TestApp, owner: TestUser): Promise<void> {
  const content = pdfBytes('to be tampered with');
  const { documentId, sha256 } = json(
    await request(app.baseUrl)
      .post('/api/v1/documents')
      .set(owner.auth)
      .field('title', 'x')
      .field('docType', 'other')
      .attach('file', content, 'x.pdf')
      .expect(201),
    versionResponseSchema,
  );
  await app.database.pool.query('update document_blobs set content = $1 where sha256 = $2', [
    pdfBytes('tampered'),
    sha256,
  ]);
  await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(owner.auth).expect(409);
}

/** personalDataDocumentFlow on an app running on `clock`: "later" moves the clock on for the work, then back. */
export async function documentFlowOnTestClock(app: TestApp, clock: TestClock): Promise<void> {
  const later = async (ms: number, work: () => Promise<unknown>) => {
    clock.advance(ms);
    try {
      return await work();
    } finally {
      clock.advance(-ms);
    }
  };
  await personalDataDocumentFlow(app, later, () => app.app.get(DocumentRetentionService).runNow());
}
