import { z } from 'zod';
import { DOCUMENT_MEDIA_TYPES } from '../domain/content-type';
import { DOC_TYPES } from '../domain/document.events';

const timestamp = z.iso.datetime();

export const sharedResponseSchema = z.object({ shareId: z.uuid(), linkToken: z.string().nullable() });
export const shareRevokedResponseSchema = z.object({ shareId: z.uuid(), revokedAt: timestamp });
export const commentAddedResponseSchema = z.object({ commentId: z.uuid() });
export const commentsResponseSchema = z.object({
  comments: z.array(
    z.object({
      commentId: z.uuid(),
      authorId: z.string().nullable(),
      shareId: z.uuid().nullable(),
      body: z.string().nullable(),
      commentedAt: timestamp,
    }),
  ),
});

/** What a client's link opens: the document's latest version and what the share allows. */
export const sharedLinkResponseSchema = z.object({
  documentId: z.uuid(),
  shareId: z.uuid(),
  title: z.string().nullable(),
  docType: z.enum(DOC_TYPES),
  latestVersion: z.object({
    versionNumber: z.int(),
    sha256: z.string(),
    mediaType: z.enum(DOCUMENT_MEDIA_TYPES),
    sizeBytes: z.int(),
  }),
  canView: z.boolean(),
  canComment: z.boolean(),
  canSign: z.boolean(),
  expiresAt: timestamp.nullable(),
});
