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
      /** The member who wrote it; null for a comment a client made through a link (shareId says which). */
      authorId: z.string().nullable(),
      /** The member's display name (a public profile's nickname, else "Member 1a2b3c4d"); null for a client's comment. */
      authorName: z.string().nullable(),
      shareId: z.uuid().nullable(),
      /** Null only if the text is gone from document_comments. */
      body: z.string().nullable(),
      commentedAt: timestamp,
    }),
  ),
});

/** What a client's link shows: the owner's comments and the link's own, oldest first. */
export const linkCommentsResponseSchema = z.object({
  comments: z.array(
    z.object({
      commentId: z.uuid(),
      /** The owner's display name; null for the link's own comments. */
      authorName: z.string().nullable(),
      fromThisLink: z.boolean(),
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
