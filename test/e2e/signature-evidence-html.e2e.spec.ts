import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/documents/evidence/evidence-html';
import { evidenceResponseSchema } from '../../src/documents/http/signatures.responses';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { registeredKey, requestedSignatures, shareForSigning, sign } from '../support/signing';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the evidence package as a self-contained HTML page', () => {
  let app: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let requestId: string;

  beforeAll(async () => {
    // A checkpoint after every event, so every event of the package soon has its proof.
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', CHECKPOINT_EVERY_EVENTS: '1' } });
    [alice, bob] = await Promise.all([signUp(app), signUp(app)]);
    const key = await registeredKey(app, bob);
    const document = await uploadedDocument(app, alice, { content: pdfBytes('evidence page') });
    await shareForSigning(app, alice, document.documentId, bob);
    ({ requestId } = await requestedSignatures(app, alice, document.documentId, [bob]));
    const statement = {
      documentId: document.documentId,
      documentSha256: document.sha256,
      requestId,
      signerId: bob.userId,
      signedAt: new Date().toISOString(),
      intent: 'sign' as const,
    };
    await sign(app, bob, key, statement, 200);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  /** The JSON package once the sealer has covered all its events (it seals on its own loop). */
  async function sealedEvidence() {
    for (;;) {
      const response = await request(app.baseUrl).get(`/api/v1/signatures/${requestId}/evidence`).set(alice.auth);
      const evidence = json(response, evidenceResponseSchema);
      if (evidence.events.every((event) => event.inclusion !== null)) return evidence;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('lists the hash, every signer, key, statement, signature and time, and each inclusion proof, escaped', async () => {
    const evidence = await sealedEvidence();
    const page = await request(app.baseUrl)
      .get(`/api/v1/signatures/${requestId}/evidence.html`)
      .set(alice.auth)
      .expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = page.text;
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\son\w+=/i);
    expect(html).toContain(evidence.document.sha256);
    const [signer] = evidence.signers;
    for (const value of [signer.signerId, signer.keyId, signer.publicKeyHex, signer.signatureHex, signer.signedAt])
      expect(html).toContain(value);
    // The statement is JSON: its quotes reach the page as entities, never as markup.
    expect(signer.statement).toContain('"');
    expect(html).toContain(escapeHtml(signer.statement));
    expect(evidence.events.map((event) => event.type)).toEqual([
      'DocumentVersionAdded',
      'SignatureRequested',
      'DocumentSigned',
      'SignatureRequestCompleted',
    ]);
    for (const event of evidence.events) {
      expect(html).toContain(event.hash);
      expect(html).toContain(event.inclusion?.leafHash);
      for (const node of event.inclusion?.proof ?? []) expect(html).toContain(node);
    }
  });

  it('is CSP-safe: its own policy admits only its one style block, by hash', async () => {
    const page = await request(app.baseUrl)
      .get(`/api/v1/signatures/${requestId}/evidence.html`)
      .set(bob.auth)
      .expect(200);
    const policy: string = page.headers['content-security-policy'];
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
    const styles = [...page.text.matchAll(/<style>([^<]*)<\/style>/g)].map((match) => match[1]);
    expect(styles).toHaveLength(1);
    const styleHash = createHash('sha256').update(styles[0]).digest('base64');
    expect(policy).toContain(`style-src 'sha256-${styleHash}'`);
  });

  it('is refused, like the JSON, to anyone who is not part of the request', async () => {
    const stranger = await signUp(app);
    const refused = await request(app.baseUrl)
      .get(`/api/v1/signatures/${requestId}/evidence.html`)
      .set(stranger.auth)
      .expect(404);
    expect(errorOf(refused).error).toBe('SIGNATURE_REQUEST_NOT_FOUND');
    await request(app.baseUrl).get(`/api/v1/signatures/${requestId}/evidence.html`).expect(401);
  });
});
