import { z } from 'zod';

export const provenanceSchema = z.strictObject({
  ventureId: z.uuid(),
  ventureName: z.string().nullable(),
  tier: z.string(),
  quality: z.int().min(1).max(5),
  /** Integer BUZ paid for the task as a decimal string; null when it was withheld or not paid yet. */
  buz: z.string().regex(/^\d+$/).nullable(),
  acceptedAt: z.string(),
  acceptanceEventId: z.uuid(),
  acceptanceEventHash: z.string().regex(/^[0-9a-f]{64}$/),
  inclusionProofUrl: z.string(),
});

export const portfolioItemResponseSchema = z.strictObject({
  itemId: z.uuid(),
  title: z.string(),
  description: z.string(),
  urls: z.array(z.string()),
  documentId: z.uuid().nullable(),
  taskId: z.string().nullable(),
  isPublic: z.boolean(),
  createdAt: z.string(),
  provenance: provenanceSchema.nullable(),
});

export const portfolioResponseSchema = z.strictObject({
  userId: z.uuid(),
  items: z.array(portfolioItemResponseSchema),
});
export const portfolioItemCreatedSchema = z.strictObject({ itemId: z.uuid() });
