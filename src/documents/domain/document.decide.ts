import { DomainError } from '../../shared-kernel/domain-error';
import type { DocumentEvent, DocumentRegisteredData, DocumentSharedData, DocumentVersionData } from './document.events';
import { DocumentNotActiveError, DocumentNotFoundError, NotDocumentOwnerError } from './document.errors';
import { isShareActive, type DocumentState, type ShareState } from './document.state';
import { refuseIfHeld, type LegalHold } from './legal-hold.state';

/**
 * Pure decisions on `document-<id>`. Time and the legal holds covering the document arrive as
 * arguments (the handler folds them from the holds stream); each function returns the events.
 */

export type NewVersion = Omit<DocumentVersionData, 'versionNumber'>;

export function registerDocument(
  state: DocumentState,
  document: DocumentRegisteredData,
  version: NewVersion,
): DocumentEvent[] {
  // Ids derive from the command id, so only a reused Idempotency-Key can meet an existing document.
  if (state.document)
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', `Document ${document.documentId} already exists`, {
      documentId: document.documentId,
    });
  return [
    { type: 'DocumentRegistered', data: document },
    { type: 'DocumentVersionAdded', data: { ...version, versionNumber: 1 } },
  ];
}

/** A new version keeps the old ones; uploading the current content again adds nothing. */
export function addVersion(state: DocumentState, documentId: string, version: NewVersion): DocumentEvent[] {
  requireActive(requireOwner(state, documentId, version.uploadedBy, 'upload versions'), documentId);
  if (state.versions.at(-1)?.sha256 === version.sha256) return [];
  return [{ type: 'DocumentVersionAdded', data: { ...version, versionNumber: state.versions.length + 1 } }];
}

export function shareDocument(
  state: DocumentState,
  documentId: string,
  actorId: string,
  share: DocumentSharedData,
): DocumentEvent[] {
  requireActive(requireOwner(state, documentId, actorId, 'share it'), documentId);
  if (share.toUserId === actorId)
    throw new DomainError('VALIDATION_FAILED', 'You own this document already', {
      issues: [{ path: ['toUserId'], message: 'the owner' }],
    });
  if (share.expiresAt !== null && share.expiresAt <= share.sharedAt) {
    throw new DomainError('VALIDATION_FAILED', 'expiresAt must be in the future', {
      issues: [{ path: ['expiresAt'], message: 'in the past' }],
    });
  }
  return [{ type: 'DocumentShared', data: share }];
}

export function revokeShare(
  state: DocumentState,
  documentId: string,
  actorId: string,
  shareId: string,
  now: string,
): DocumentEvent[] {
  requireOwner(state, documentId, actorId, 'revoke its shares');
  const share = requireShare(state, shareId);
  if (share.revokedAt !== null) return [];
  return [{ type: 'DocumentShareRevoked', data: { shareId, revokedAt: now } }];
}

/** The expiry clean-up: closes the shares whose time has passed, unless a hold keeps them. */
export function expireShares(state: DocumentState, holds: readonly LegalHold[], now: string): DocumentEvent[] {
  const due = Object.values(state.shares).filter(
    (share) =>
      share.revokedAt === null && share.expiredAt === null && share.expiresAt !== null && share.expiresAt <= now,
  );
  if (due.length === 0) return [];
  refuseIfHeld(holds, 'the expiry clean-up of its shares');
  return [{ type: 'DocumentSharesExpired', data: { shareIds: due.map((share) => share.shareId), expiredAt: now } }];
}

export function archiveDocument(
  state: DocumentState,
  documentId: string,
  actorId: string,
  holds: readonly LegalHold[],
  now: string,
): DocumentEvent[] {
  requireActive(requireOwner(state, documentId, actorId, 'archive it'), documentId);
  refuseIfHeld(holds, 'archiving the document');
  return [{ type: 'DocumentArchived', data: { archivedAt: now } }];
}

export function deleteDocument(
  state: DocumentState,
  documentId: string,
  actorId: string,
  holds: readonly LegalHold[],
  now: string,
): DocumentEvent[] {
  requireOwner(state, documentId, actorId, 'delete it');
  if (state.status === 'DELETED' || state.status === 'PURGED') return [];
  refuseIfHeld(holds, 'deleting the document');
  return [{ type: 'DocumentDeleted', data: { deletedAt: now } }];
}

/** After its retention date, the content goes; every version's hash stays in the log. */
export function purgeDocument(
  state: DocumentState,
  documentId: string,
  holds: readonly LegalHold[],
  now: string,
): DocumentEvent[] {
  if (!state.document) throw new DocumentNotFoundError(documentId);
  if (state.status === 'PURGED' || state.document.retainUntil > now) return [];
  refuseIfHeld(holds, 'purging the document after its retention');
  return [
    {
      type: 'DocumentPurged',
      data: { purgedAt: now, sha256s: [...new Set(state.versions.map((version) => version.sha256))] },
    },
  ];
}

/** Who reads: a user (the owner or the holder of a share to them) or a client link (its share id). */
export type Reader = { userId: string; shareId?: undefined } | { userId?: undefined; shareId: string };

export type SharePermission = 'canView' | 'canComment' | 'canSign';

/**
 * The share that lets `reader` do `permission` now; null for the owner, who needs none. A user
 * without one gets DOCUMENT_NOT_FOUND, as for a document that does not exist.
 */
export function requireAccess(
  state: DocumentState,
  documentId: string,
  reader: Reader,
  permission: SharePermission,
  now: string,
): ShareState | null {
  if (!state.document || state.status === 'DELETED') throw new DocumentNotFoundError(documentId);
  const share =
    reader.userId !== undefined
      ? userShare(state, documentId, reader.userId, permission, now)
      : linkShare(state, reader.shareId, permission, now);
  if (state.status === 'PURGED')
    throw new DomainError('CONTENT_PURGED', 'The content was purged after its retention; its hashes stay in the log', {
      documentId,
    });
  return share;
}

function userShare(
  state: DocumentState,
  documentId: string,
  userId: string,
  permission: SharePermission,
  now: string,
): ShareState | null {
  if (userId === state.document?.ownerId) return null;
  const share = Object.values(state.shares).find(
    (candidate) => candidate.toUserId === userId && candidate[permission] && isShareActive(candidate, now),
  );
  if (!share) throw new DocumentNotFoundError(documentId);
  return share;
}

function linkShare(state: DocumentState, shareId: string, permission: SharePermission, now: string): ShareState {
  const share = requireShare(state, shareId);
  if (share.revokedAt !== null) throw new DomainError('SHARE_REVOKED', 'This share was revoked', { shareId });
  if (!isShareActive(share, now))
    throw new DomainError('SHARE_EXPIRED', 'This share has expired', { shareId, expiresAt: share.expiresAt });
  if (!share[permission])
    throw new DomainError('SHARE_NOT_ALLOWED', `This share does not allow ${permission.slice(3).toLowerCase()}ing`, {
      shareId,
    });
  return share;
}

export function recordView(
  state: DocumentState,
  documentId: string,
  reader: Reader,
  versionNumber: number,
  now: string,
): DocumentEvent[] {
  const share = requireAccess(state, documentId, reader, 'canView', now);
  if (!state.versions.some((version) => version.versionNumber === versionNumber)) {
    throw new DomainError('VERSION_NOT_FOUND', `Document ${documentId} has no version ${versionNumber}`, {
      documentId,
      versionNumber,
    });
  }
  return [
    {
      type: 'DocumentViewed',
      data: { viewerId: reader.userId ?? null, shareId: share?.shareId ?? null, versionNumber, viewedAt: now },
    },
  ];
}

export function addComment(
  state: DocumentState,
  documentId: string,
  reader: Reader,
  commentId: string,
  now: string,
): DocumentEvent[] {
  const share = requireAccess(state, documentId, reader, 'canComment', now);
  if (state.status !== 'ACTIVE') throw new DocumentNotActiveError(documentId, state.status);
  return [
    {
      type: 'DocumentCommented',
      data: { commentId, authorId: reader.userId ?? null, shareId: share?.shareId ?? null, commentedAt: now },
    },
  ];
}

export function raiseIntegrityAlarm(alarm: {
  alarmId: string;
  versionNumber: number;
  expectedSha256: string;
  actualSha256: string | null;
  detectedAt: string;
}): DocumentEvent[] {
  return [{ type: 'DocumentIntegrityAlarmRaised', data: alarm }];
}

export function requireOwner(state: DocumentState, documentId: string, actorId: string, action: string): DocumentState {
  if (!state.document || state.status === 'PURGED') throw new DocumentNotFoundError(documentId);
  if (state.document.ownerId !== actorId) {
    if (Object.values(state.shares).some((share) => share.toUserId === actorId))
      throw new NotDocumentOwnerError(documentId, action);
    throw new DocumentNotFoundError(documentId);
  }
  return state;
}

function requireActive(state: DocumentState, documentId: string): void {
  if (state.status !== 'ACTIVE') throw new DocumentNotActiveError(documentId, state.status);
}

function requireShare(state: DocumentState, shareId: string): ShareState {
  const share = Object.hasOwn(state.shares, shareId) ? state.shares[shareId] : undefined;
  if (!share) throw new DomainError('SHARE_NOT_FOUND', `No share ${shareId} on this document`, { shareId });
  return share;
}
