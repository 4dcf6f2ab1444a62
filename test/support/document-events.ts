import type {
  DocumentEvent,
  DocumentRegisteredData,
  DocumentSharedData,
} from '../../src/documents/domain/document.events';
import { documentDecider, type DocumentState } from '../../src/documents/domain/document.state';
import type { LegalHold } from '../../src/documents/domain/legal-hold.state';
import type {
  DocumentSignedData,
  SignatureEvent,
  SignatureRequestedData,
} from '../../src/documents/domain/signature.events';

/** Factories for given/when/then specs of the document deciders and for read-model tests, at a fixed time. */

export const DOCUMENT_ID = '11111111-1111-4111-8111-111111111111';
export const OWNER = '22222222-2222-4222-8222-222222222222';
export const BOB = '33333333-3333-4333-8333-333333333333';
export const CLIENT = '44444444-4444-4444-8444-444444444444';
export const SHARE_ID = '55555555-5555-4555-8555-555555555555';
export const T0 = '2026-12-07T10:00:00.000Z';
export const LATER = '2026-12-08T10:00:00.000Z';
export const SHA_1 = 'a'.repeat(64);

export function given(...events: DocumentEvent[]): DocumentState {
  return events.reduce(documentDecider.evolve, documentDecider.initialState);
}

export const registeredData = (retainUntil = '2033-12-07T10:00:00.000Z'): DocumentRegisteredData => ({
  documentId: DOCUMENT_ID,
  ownerId: OWNER,
  docType: 'contract',
  registeredAt: T0,
  retainUntil,
  ventureId: null,
});

export const registered = (retainUntil?: string): DocumentEvent => ({
  type: 'DocumentRegistered',
  data: registeredData(retainUntil),
});

export const versionAdded = (versionNumber = 1, sha256 = SHA_1): DocumentEvent => ({
  type: 'DocumentVersionAdded',
  data: { versionNumber, sha256, sizeBytes: 10, mediaType: 'application/pdf', uploadedBy: OWNER, uploadedAt: T0 },
});

export const shared = (changes: Partial<DocumentSharedData> = {}): DocumentEvent => ({
  type: 'DocumentShared',
  data: {
    shareId: SHARE_ID,
    toUserId: BOB,
    clientId: null,
    canView: true,
    canComment: false,
    canSign: false,
    expiresAt: null,
    sharedAt: T0,
    ...changes,
  },
});

export const aHold = (changes: Partial<LegalHold> = {}): LegalHold => ({
  holdId: '66666666-6666-4666-8666-666666666666',
  scope: 'document',
  scopeId: DOCUMENT_ID,
  placedBy: '77777777-7777-4777-8777-777777777777',
  placedAt: T0,
  releasedAt: null,
  ...changes,
});

/** The owner asks BOB to sign version 1 (SHA_1) of the document in request `requestId`. */
export const signatureRequested = (
  requestId: string,
  changes: Partial<SignatureRequestedData> = {},
): SignatureEvent => ({
  type: 'SignatureRequested',
  data: {
    requestId,
    documentId: DOCUMENT_ID,
    versionNumber: 1,
    documentSha256: SHA_1,
    requesterId: OWNER,
    signers: [{ signerId: BOB, kind: 'user', shareId: null }],
    dueAt: null,
    requestedAt: T0,
    ...changes,
  },
});

/** BOB signs version 1 (SHA_1) in request `requestId`. */
export const documentSigned = (requestId: string, changes: Partial<DocumentSignedData> = {}): SignatureEvent => ({
  type: 'DocumentSigned',
  data: {
    requestId,
    documentId: DOCUMENT_ID,
    documentSha256: SHA_1,
    signerId: BOB,
    keyId: 'c'.repeat(64),
    publicKeyHex: '04ab',
    statement: '{}',
    signatureHex: 'd'.repeat(128),
    signedAt: T0,
    intent: 'sign',
    ...changes,
  },
});
