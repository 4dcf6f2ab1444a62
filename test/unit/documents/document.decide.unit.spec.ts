import { describe, expect, it } from 'vitest';
import {
  addComment,
  addVersion,
  archiveDocument,
  deleteDocument,
  expireShares,
  purgeDocument,
  recordView,
  registerDocument,
  revokeShare,
  shareDocument,
} from '../../../src/documents/domain/document.decide';
import { holdsCovering, legalHoldsDecider } from '../../../src/documents/domain/legal-hold.state';
import { placeLegalHold, releaseLegalHold } from '../../../src/documents/domain/legal-hold.decide';
import {
  BOB,
  CLIENT,
  DOCUMENT_ID,
  LATER,
  OWNER,
  SHA_1,
  SHARE_ID,
  T0,
  aHold,
  given,
  registered,
  registeredData,
  shared,
  versionAdded,
} from '../../support/document-events';

// expect.objectContaining is typed `any`; to a test it is only something to compare with.
const refusal = (httpStatus: number, code: string): unknown => expect.objectContaining({ httpStatus, code });
const uploaded = () => given(registered(), versionAdded());
const newVersion = (sha256: string) => ({
  sha256,
  sizeBytes: 20,
  mediaType: 'application/pdf' as const,
  uploadedBy: OWNER,
  uploadedAt: LATER,
});

describe('documents: upload and versions', () => {
  it('given nothing, when registered, then the document and its first version with its hash', () => {
    const events = registerDocument(given(), registeredData(), newVersion(SHA_1));
    expect(events.map((event) => event.type)).toEqual(['DocumentRegistered', 'DocumentVersionAdded']);
    expect(events[1].data).toMatchObject({ versionNumber: 1, sha256: SHA_1 });
  });

  it('given a document, when the owner uploads other content, then version 2; the same content again adds nothing', () => {
    expect(addVersion(uploaded(), DOCUMENT_ID, newVersion('b'.repeat(64)))).toEqual([
      { type: 'DocumentVersionAdded', data: { ...newVersion('b'.repeat(64)), versionNumber: 2 } },
    ]);
    expect(addVersion(uploaded(), DOCUMENT_ID, newVersion(SHA_1))).toEqual([]);
  });

  it('given a document shared with Bob, when Bob uploads a version, then 403; a stranger gets 404', () => {
    expect(() =>
      addVersion(given(registered(), versionAdded(), shared()), DOCUMENT_ID, {
        ...newVersion('c'.repeat(64)),
        uploadedBy: BOB,
      }),
    ).toThrow(refusal(403, 'NOT_DOCUMENT_OWNER'));
    expect(() => addVersion(uploaded(), DOCUMENT_ID, { ...newVersion('c'.repeat(64)), uploadedBy: CLIENT })).toThrow(
      refusal(404, 'DOCUMENT_NOT_FOUND'),
    );
  });
});

describe('documents: shares, views and comments', () => {
  it('given a share to Bob, then Bob may view until it expires or is revoked', () => {
    const withExpiry = given(registered(), versionAdded(), shared({ expiresAt: LATER }));
    expect(recordView(withExpiry, DOCUMENT_ID, { userId: BOB }, 1, T0)).toEqual([
      { type: 'DocumentViewed', data: { viewerId: BOB, shareId: SHARE_ID, versionNumber: 1, viewedAt: T0 } },
    ]);
    expect(() => recordView(withExpiry, DOCUMENT_ID, { userId: BOB }, 1, LATER)).toThrow(
      refusal(404, 'DOCUMENT_NOT_FOUND'),
    );
    const revoked = given(
      registered(),
      versionAdded(),
      shared(),
      ...revokeShare(uploadedWithShare(), DOCUMENT_ID, OWNER, SHARE_ID, T0),
    );
    expect(() => recordView(revoked, DOCUMENT_ID, { userId: BOB }, 1, T0)).toThrow(refusal(404, 'DOCUMENT_NOT_FOUND'));
  });

  it('given a client link, when used after expiry or revocation, then 410; beyond its permissions, 403', () => {
    const link = given(registered(), versionAdded(), shared({ toUserId: null, clientId: CLIENT, expiresAt: LATER }));
    expect(() => recordView(link, DOCUMENT_ID, { shareId: SHARE_ID }, 1, LATER)).toThrow(refusal(410, 'SHARE_EXPIRED'));
    expect(() => addComment(link, DOCUMENT_ID, { shareId: SHARE_ID }, 'c1', T0)).toThrow(
      refusal(403, 'SHARE_NOT_ALLOWED'),
    );
    const revoked = given(registered(), versionAdded(), shared({ toUserId: null, clientId: CLIENT }), {
      type: 'DocumentShareRevoked',
      data: { shareId: SHARE_ID, revokedAt: T0 },
    });
    expect(() => recordView(revoked, DOCUMENT_ID, { shareId: SHARE_ID }, 1, T0)).toThrow(refusal(410, 'SHARE_REVOKED'));
  });

  it('given a share, when the owner shares with themselves or with an expiry in the past, then 400', () => {
    const share = {
      shareId: 'x',
      toUserId: OWNER,
      clientId: null,
      canView: true,
      canComment: false,
      canSign: false,
      expiresAt: null,
      sharedAt: T0,
    };
    expect(() => shareDocument(uploaded(), DOCUMENT_ID, OWNER, share)).toThrow(refusal(400, 'VALIDATION_FAILED'));
    expect(() => shareDocument(uploaded(), DOCUMENT_ID, OWNER, { ...share, toUserId: BOB, expiresAt: T0 })).toThrow(
      refusal(400, 'VALIDATION_FAILED'),
    );
  });

  it('given shares past their expiry, when cleaned up, then one event closes them all', () => {
    const state = given(registered(), versionAdded(), shared({ expiresAt: T0 }));
    expect(expireShares(state, [], LATER)).toEqual([
      { type: 'DocumentSharesExpired', data: { shareIds: [SHARE_ID], expiredAt: LATER } },
    ]);
    expect(expireShares(state, [], '2026-12-06T00:00:00.000Z')).toEqual([]);
  });
});

describe('documents: legal holds and retention', () => {
  const hold = aHold();

  it('given a hold, then archive, delete, share clean-up and purge are 409 LEGAL_HOLD naming it; without, they happen', () => {
    const expiring = given(registered('2026-12-08T00:00:00.000Z'), versionAdded(), shared({ expiresAt: T0 }));
    for (const attempt of [
      () => archiveDocument(expiring, DOCUMENT_ID, OWNER, [hold], LATER),
      () => deleteDocument(expiring, DOCUMENT_ID, OWNER, [hold], LATER),
      () => expireShares(expiring, [hold], LATER),
      () => purgeDocument(expiring, DOCUMENT_ID, [hold], LATER),
    ]) {
      expect(attempt).toThrow(
        expect.objectContaining({
          code: 'LEGAL_HOLD',
          httpStatus: 409,
          details: expect.objectContaining({ holdId: hold.holdId }) as unknown,
        }),
      );
    }
    expect(archiveDocument(expiring, DOCUMENT_ID, OWNER, [], LATER)).toEqual([
      { type: 'DocumentArchived', data: { archivedAt: LATER } },
    ]);
    expect(deleteDocument(expiring, DOCUMENT_ID, OWNER, [], LATER)).toEqual([
      { type: 'DocumentDeleted', data: { deletedAt: LATER } },
    ]);
  });

  it('given retention not yet over, when purged, then nothing; after it, DocumentPurged keeps every hash', () => {
    const state = given(registered('2026-12-08T00:00:00.000Z'), versionAdded(), versionAdded(2, 'b'.repeat(64)));
    expect(purgeDocument(state, DOCUMENT_ID, [], T0)).toEqual([]);
    expect(purgeDocument(state, DOCUMENT_ID, [], LATER)).toEqual([
      { type: 'DocumentPurged', data: { purgedAt: LATER, sha256s: [SHA_1, 'b'.repeat(64)] } },
    ]);
  });

  it('given holds placed and released, then only the active ones in scope cover an action', () => {
    const placed = placeLegalHold(legalHoldsDecider.initialState, {
      holdId: hold.holdId,
      scope: 'user',
      scopeId: OWNER,
      placedBy: hold.placedBy,
      placedAt: T0,
    });
    const state = placed.reduce(legalHoldsDecider.evolve, legalHoldsDecider.initialState);
    expect(holdsCovering(state, { document: [DOCUMENT_ID], user: [OWNER] })).toHaveLength(1);
    expect(holdsCovering(state, { user: [BOB] })).toEqual([]);
    const released = releaseLegalHold(state, hold.holdId, hold.placedBy, LATER).reduce(legalHoldsDecider.evolve, state);
    expect(holdsCovering(released, { user: [OWNER] })).toEqual([]);
    expect(() => releaseLegalHold(released, hold.holdId, hold.placedBy, LATER)).toThrow(refusal(409, 'HOLD_RELEASED'));
  });
});

function uploadedWithShare() {
  return given(registered(), versionAdded(), shared());
}
