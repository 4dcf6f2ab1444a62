import type { DocumentMediaType } from './content-type';

export const DOC_TYPES = ['contract', 'invoice', 'policy', 'report', 'identity', 'other'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const documentStream = (documentId: string) => `document-${documentId}`;

/** The title is personal data (document_details); the event holds ids, type and the retention date. */
export type DocumentRegisteredData = {
  documentId: string;
  ownerId: string;
  docType: DocType;
  registeredAt: string;
  /** From the retention of the document type at registration; purge may follow after it. */
  retainUntil: string;
  /** The venture it belongs to, if any: a legal hold on that venture covers the document. */
  ventureId: string | null;
};

export type DocumentVersionData = {
  versionNumber: number;
  sha256: string;
  sizeBytes: number;
  mediaType: DocumentMediaType;
  uploadedBy: string;
  uploadedAt: string;
};

/** To a user (toUserId) or to a client (clientId, through a link token whose hash is in document_share_links). */
export type DocumentSharedData = {
  shareId: string;
  toUserId: string | null;
  clientId: string | null;
  canView: boolean;
  canComment: boolean;
  canSign: boolean;
  expiresAt: string | null;
  sharedAt: string;
};

/** A viewer is a user (viewerId), or a client link (shareId only). */
export type DocumentViewedData = {
  viewerId: string | null;
  shareId: string | null;
  versionNumber: number;
  viewedAt: string;
};

/** The comment's text is in document_comments, keyed by commentId. */
export type DocumentCommentedData = {
  commentId: string;
  authorId: string | null;
  shareId: string | null;
  commentedAt: string;
};

export type DocumentEvent =
  | { type: 'DocumentRegistered'; data: DocumentRegisteredData }
  | { type: 'DocumentVersionAdded'; data: DocumentVersionData }
  | { type: 'DocumentShared'; data: DocumentSharedData }
  | { type: 'DocumentShareRevoked'; data: { shareId: string; revokedAt: string } }
  | { type: 'DocumentSharesExpired'; data: { shareIds: string[]; expiredAt: string } }
  | { type: 'DocumentViewed'; data: DocumentViewedData }
  | { type: 'DocumentCommented'; data: DocumentCommentedData }
  | { type: 'DocumentArchived'; data: { archivedAt: string } }
  | { type: 'DocumentDeleted'; data: { deletedAt: string } }
  | { type: 'DocumentPurged'; data: { purgedAt: string; sha256s: string[] } }
  | {
      type: 'DocumentIntegrityAlarmRaised';
      data: {
        alarmId: string;
        versionNumber: number;
        expectedSha256: string;
        actualSha256: string | null;
        detectedAt: string;
      };
    };

export const DOCUMENT_EVENT_TYPES: readonly DocumentEvent['type'][] = [
  'DocumentRegistered',
  'DocumentVersionAdded',
  'DocumentShared',
  'DocumentShareRevoked',
  'DocumentSharesExpired',
  'DocumentViewed',
  'DocumentCommented',
  'DocumentArchived',
  'DocumentDeleted',
  'DocumentPurged',
  'DocumentIntegrityAlarmRaised',
];
