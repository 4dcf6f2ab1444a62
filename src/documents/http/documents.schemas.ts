import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { DOC_TYPES } from '../domain/document.events';

export const documentIdParamSchema = z.uuid({ error: 'documentId must be a UUID' });
export const shareIdParamSchema = z.uuid({ error: 'shareId must be a UUID' });

const oneOf = (name: string, values: readonly string[]) => ({ error: `${name} must be one of: ${values.join(', ')}` });

export const text = (name: string, min: number, max: number) =>
  safeText({ error: `${name} must be a string` })
    .trim()
    .min(min, `${name} must be ${min}–${max} characters`)
    .max(max, `${name} must be ${min}–${max} characters`);

/** The text fields of POST /api/v1/documents; the file part is read apart (multipart-upload.ts). */
export const uploadFieldsSchema = z
  .object({
    title: text('title', 1, 200),
    docType: z.enum(DOC_TYPES, oneOf('docType', DOC_TYPES)),
    /** The venture the document belongs to (the uploader must own it); holds on the venture cover it. */
    ventureId: z
      .uuid({ error: 'ventureId must be a UUID' })
      .optional()
      .transform((value) => value ?? null),
  })
  .strict();

/** A new version takes no text fields, only the file. */
export const versionFieldsSchema = z.object({}).strict();

export const contentQuerySchema = z
  .object({
    version: z.coerce.number({ error: 'version must be a whole number' }).int().min(1).max(100_000).optional(),
  })
  .strict();

export const emptyBodySchema = z.object({}).strict().optional();
