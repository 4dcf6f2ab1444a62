import { describe, expect, it } from 'vitest';
import { evidenceHtml, type EvidencePackage } from '../../../src/documents/evidence/evidence-html';

const HOSTILE = '<script>alert("x")</script>&\'';
const ID = '11111111-1111-4111-8111-111111111111';

function evidenceWith(text: string): EvidencePackage {
  const request = {
    requestId: ID,
    documentId: ID,
    versionNumber: 1,
    requesterId: ID,
    requestedAt: '2026-12-07T10:00:00.000Z',
    dueAt: null,
    status: 'PENDING' as const,
    completedAt: null,
  };
  return {
    format: 'smartstart-signature-evidence/1',
    request,
    document: { documentId: ID, versionNumber: 1, sha256: 'a'.repeat(64) },
    signers: [
      {
        requestId: ID,
        documentId: ID,
        documentSha256: 'a'.repeat(64),
        signerId: text,
        keyId: 'b'.repeat(64),
        publicKeyHex: '04',
        statement: text,
        signatureHex: 'c'.repeat(128),
        signedAt: '2026-12-07T10:01:00.000Z',
        intent: 'sign',
        kind: 'user',
        shareId: null,
        keyRevokedAt: null,
      },
    ],
    verification: {
      algorithm: text,
      checkpointKey: { algorithm: 'ECDSA-P256-SHA256', keyId: 'd'.repeat(64), publicKey: '04' },
    },
    events: [{ eventId: ID, streamId: text, revision: '0', type: text, hash: 'e'.repeat(64), inclusion: null }],
  };
}

describe('evidence HTML', () => {
  it('escapes every value: hostile text never becomes markup', () => {
    const html = evidenceHtml(evidenceWith(HOSTILE));
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  });

  it('says when an event is not sealed yet instead of showing a proof', () => {
    expect(evidenceHtml(evidenceWith('plain'))).toContain('Not sealed into a signed checkpoint yet');
  });
});
