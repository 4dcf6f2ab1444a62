import request from 'supertest';
import { pdfBytes } from './documents';
import type { TestUser } from './identity';
import { signUp } from './identity';
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
  const [member, signer, officer] = await Promise.all([signUp(app), signUp(app), signUp(app, { roles: ['compliance'], mfa: true })]);
  const answers: RouteAnswer[] = [];
  const http = request(app.baseUrl);
  const record = async (key: string, call: request.Test) => {
    const response = await call;
    answers.push({ key, response });
    return response.body;
  };
  const uploaded = await record('POST /api/v1/documents', http.post('/api/v1/documents').set(member.auth).field('title', 'Walk').field('docType', 'contract').attach('file', pdfBytes('walk'), 'walk.pdf'));
  const documentId: string = uploaded.documentId;
  await record('POST /api/v1/documents/:documentId/versions', http.post(`/api/v1/documents/${documentId}/versions`).set(member.auth).attach('file', pdfBytes('walk 2'), 'walk.pdf'));
  await record('GET /api/v1/documents', http.get('/api/v1/documents').set(member.auth));
  await record('GET /api/v1/documents/:documentId', http.get(`/api/v1/documents/${documentId}`).set(member.auth));
  await record('GET /api/v1/documents/:documentId/views', http.get(`/api/v1/documents/${documentId}/views`).set(member.auth));
  await record('GET /api/v1/documents/integrity-alarms', http.get('/api/v1/documents/integrity-alarms').set(officer.auth));
  const client = await record('POST /api/v1/clients', http.post('/api/v1/clients').set(member.auth).send({ name: 'Walk Client' }));
  await record('PATCH /api/v1/clients/:clientId', http.patch(`/api/v1/clients/${client.clientId}`).set(member.auth).send({ organization: 'Walk Ltd' }));
  await record('GET /api/v1/clients', http.get('/api/v1/clients').set(member.auth));
  const shared = await record('POST /api/v1/documents/:documentId/share', http.post(`/api/v1/documents/${documentId}/share`).set(member.auth).send({ clientId: client.clientId, canView: true, canComment: true }));
  if (typeof shared.linkToken !== 'string') throw new Error(`sharing with a client failed: ${JSON.stringify(shared)} (client: ${JSON.stringify(client)})`);
  const link = { 'X-Share-Token': shared.linkToken };
  await record('GET /api/v1/share-link', http.get('/api/v1/share-link').set(link));
  await record('POST /api/v1/share-link/comments', http.post('/api/v1/share-link/comments').set(link).send({ body: 'From the walk' }));
  await record('POST /api/v1/documents/:documentId/comments', http.post(`/api/v1/documents/${documentId}/comments`).set(member.auth).send({ body: 'Owner note' }));
  await record('GET /api/v1/documents/:documentId/comments', http.get(`/api/v1/documents/${documentId}/comments`).set(member.auth));
  await record('POST /api/v1/documents/:documentId/shares/:shareId/revoke', http.post(`/api/v1/documents/${documentId}/shares/${shared.shareId}/revoke`).set(member.auth).send({}));
  await signatureAnswers(app, member, signer, documentId, record);
  await holdAnswers(app, member, officer, documentId, client.clientId, record);
  return answers;
}

type Record = (key: string, call: request.Test) => Promise<{ [key: string]: unknown }>;

async function signatureAnswers(app: TestApp, member: TestUser, signer: TestUser, documentId: string, record: Record): Promise<void> {
  const http = request(app.baseUrl);
  const key = await browserKey();
  await record('POST /api/v1/signing-keys', http.post('/api/v1/signing-keys').set(signer.auth).send({ publicKeyHex: key.publicKeyHex }));
  await record('GET /api/v1/signing-keys', http.get('/api/v1/signing-keys').set(signer.auth));
  await shareForSigning(app, member, documentId, signer);
  const requested = await record('POST /api/v1/signatures', http.post('/api/v1/signatures').set(member.auth).send({ documentId, signers: [{ userId: signer.userId }], message: 'Please sign' }));
  const statement = { documentId, documentSha256: String(requested.documentSha256), requestId: String(requested.requestId), signerId: signer.userId, signedAt: new Date().toISOString(), intent: 'sign' as const };
  const signature = await key.sign(statementText(statement));
  const { requestId, documentSha256, signedAt, intent } = statement;
  await record('POST /api/v1/signatures/:requestId/sign', http.post(`/api/v1/signatures/${requestId}/sign`).set(signer.auth).send({ keyId: key.keyId, signature, signedAt, intent }));
  await record('GET /api/v1/signatures/:requestId', http.get(`/api/v1/signatures/${requestId}`).set(member.auth));
  await record('GET /api/v1/signatures/:requestId/evidence', http.get(`/api/v1/signatures/${requestId}/evidence`).set(member.auth));
  await record('GET /api/v1/signatures/by-hash/:sha256', http.get(`/api/v1/signatures/by-hash/${documentSha256}`));
  const messageHex = Buffer.from(statementText(statement)).toString('hex');
  await record('POST /api/v1/signatures/verify', http.post('/api/v1/signatures/verify').send({ publicKeyHex: key.publicKeyHex, messageHex, signatureHex: signature, encoding: 'p1363' }));
  await record('POST /api/v1/signing-keys/:keyId/revoke', http.post(`/api/v1/signing-keys/${key.keyId}/revoke`).set(signer.auth).send({}));
}

async function holdAnswers(app: TestApp, member: TestUser, officer: TestUser, documentId: string, clientId: string, record: Record): Promise<void> {
  const http = request(app.baseUrl);
  const hold = await record('POST /api/v1/legal-holds', http.post('/api/v1/legal-holds').set(officer.auth).send({ scope: 'document', scopeId: documentId, reason: 'Walk hold', caseRef: 'WALK-1' }));
  await record('GET /api/v1/legal-holds', http.get('/api/v1/legal-holds').set(officer.auth));
  await record('POST /api/v1/legal-holds/:holdId/release', http.post(`/api/v1/legal-holds/${String(hold.holdId)}/release`).set(officer.auth).send({}));
  await record('POST /api/v1/documents/:documentId/archive', http.post(`/api/v1/documents/${documentId}/archive`).set(member.auth).send({}));
  await record('DELETE /api/v1/documents/:documentId', http.delete(`/api/v1/documents/${documentId}`).set(member.auth));
  await record('POST /api/v1/clients/:clientId/erase', http.post(`/api/v1/clients/${clientId}/erase`).set(member.auth).send({}));
  await record('DELETE /api/v1/clients/:clientId', http.delete(`/api/v1/clients/${clientId}`).set(member.auth));
}
