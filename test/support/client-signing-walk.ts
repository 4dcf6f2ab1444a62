import request from 'supertest';
import type { TestUser } from './identity';
import { browserKey, clientLinkShare, linkHeader, requestedSignatures, signatureBody } from './signing';
import type { TestApp } from './test-app';

type RecordAnswer = (key: string, call: request.Test) => Promise<request.Response>;

/**
 * A client signing through their share link, one success of each route, for the documents walk
 * (documentRouteAnswers): the OpenAPI test parses every answer with its route's schema.
 */
export async function clientSigningAnswers(
  app: TestApp,
  owner: TestUser,
  documentId: string,
  record: RecordAnswer,
): Promise<void> {
  const http = request(app.baseUrl);
  const { shareId, token } = await clientLinkShare(app, owner, documentId, { canSign: true });
  const { requestId, documentSha256 } = await requestedSignatures(app, owner, documentId, [{ clientShareId: shareId }]);
  const link = linkHeader(token);
  const key = await browserKey();
  await record(
    'POST /api/v1/share-link/signing-keys',
    http.post('/api/v1/share-link/signing-keys').set(link).send({ publicKeyHex: key.publicKeyHex }),
  );
  await record('GET /api/v1/share-link/signing-keys', http.get('/api/v1/share-link/signing-keys').set(link));
  await app.waitForProjections();
  await record('GET /api/v1/share-link/signatures', http.get('/api/v1/share-link/signatures').set(link));
  const statement = {
    documentId,
    documentSha256,
    requestId,
    signerId: `share:${shareId}`,
    signedAt: new Date().toISOString(),
    intent: 'acknowledge' as const,
  };
  await record(
    'POST /api/v1/share-link/signatures/:requestId/sign',
    http
      .post(`/api/v1/share-link/signatures/${requestId}/sign`)
      .set(link)
      .send(await signatureBody(key, statement)),
  );
  await record(
    'POST /api/v1/share-link/signing-keys/:keyId/revoke',
    http.post(`/api/v1/share-link/signing-keys/${key.keyId}/revoke`).set(link).send({}),
  );
}
