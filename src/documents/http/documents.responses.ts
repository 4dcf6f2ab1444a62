import { z } from 'zod';
import { DOCUMENT_MEDIA_TYPES } from '../domain/content-type';
import { DOC_TYPES } from '../domain/document.events';
import { HOLD_SCOPES } from '../domain/legal-hold.events';

/** Success bodies of the document routes (@RespondsWith): the OpenAPI document and its test read them. */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const timestamp = z.iso.datetime();

export const versionResponseSchema = z.object({
  documentId: z.uuid(),
  versionNumber: z.int().min(1),
  sha256,
  sizeBytes: z.int().min(0),
  mediaType: z.enum(DOCUMENT_MEDIA_TYPES),
});

export const documentVersionSchema = versionResponseSchema
  .omit({ documentId: true })
  .extend({ uploadedBy: z.string(), uploadedAt: timestamp });

export const shareResponseSchema = z.object({
  shareId: z.uuid(),
  toUserId: z.uuid().nullable(),
  clientId: z.uuid().nullable(),
  canView: z.boolean(),
  canComment: z.boolean(),
  canSign: z.boolean(),
  expiresAt: timestamp.nullable(),
  sharedAt: timestamp,
  revokedAt: timestamp.nullable(),
  expiredAt: timestamp.nullable(),
  active: z.boolean(),
});

export const holdSummarySchema = z.object({
  holdId: z.uuid(),
  scope: z.enum(HOLD_SCOPES),
  scopeId: z.string(),
  placedAt: timestamp,
});

export const documentStatusSchema = z.enum(['ACTIVE', 'ARCHIVED', 'DELETED', 'PURGED']);

export const documentResponseSchema = z.object({
  documentId: z.uuid(),
  title: z.string().nullable(),
  docType: z.enum(DOC_TYPES),
  ownerId: z.uuid(),
  status: documentStatusSchema,
  registeredAt: timestamp,
  retainUntil: timestamp,
  /** The venture it belongs to: a hold on the venture covers it. */
  ventureId: z.uuid().nullable(),
  versions: z.array(documentVersionSchema),
  /** The owner sees every share; anyone else only their own. */
  shares: z.array(shareResponseSchema),
  legalHolds: z.array(holdSummarySchema),
});

export const documentListSchema = z.object({
  documents: z.array(
    z.object({
      documentId: z.uuid(),
      title: z.string().nullable(),
      docType: z.enum(DOC_TYPES),
      ownerId: z.uuid(),
      status: documentStatusSchema,
      versionCount: z.int(),
      latestSha256: sha256,
      registeredAt: timestamp,
    }),
  ),
});

export const statusResponseSchema = z.object({ documentId: z.uuid(), status: documentStatusSchema });

export const viewsResponseSchema = z.object({
  views: z.array(
    z.object({
      viewerId: z.string().nullable(),
      shareId: z.uuid().nullable(),
      versionNumber: z.int(),
      viewedAt: timestamp,
    }),
  ),
});

export const integrityAlarmsResponseSchema = z.object({
  alarms: z.array(
    z.object({
      alarmId: z.uuid(),
      documentId: z.uuid(),
      /** Null once erased. */
      title: z.string().nullable(),
      versionNumber: z.int(),
      /** The hash the log recorded for the version. */
      expectedSha256: sha256,
      /** The hash of the bytes found instead; null when the bytes were missing. */
      actualSha256: sha256.nullable(),
      /** The first refused read. */
      detectedAt: timestamp,
      lastDetectedAt: timestamp,
      /** How many reads of these bytes were refused. */
      detectionCount: z.int().min(1),
    }),
  ),
});
