import { z } from 'zod';
import { inclusionProofSchema } from '../../audit/http/audit.responses';
import { SIGNING_INTENTS } from '../domain/signature.events';

const hex = z.string().regex(/^[0-9a-f]+$/);
const timestamp = z.iso.datetime();

export const signingKeyResponseSchema = z.object({ keyId: hex, publicKeyHex: hex, revokedKeyId: hex.nullable() });
export const revokedKeyResponseSchema = z.object({ keyId: hex, revokedAt: timestamp });
export const signingKeysResponseSchema = z.object({
  keys: z.array(z.object({ keyId: hex, publicKeyHex: hex, registeredAt: timestamp, revokedAt: timestamp.nullable() })),
});

export const requestCreatedResponseSchema = z.object({
  requestId: z.uuid(),
  documentSha256: hex,
  versionNumber: z.int(),
});

export const signedResponseSchema = z.object({
  requestId: z.uuid(),
  signerId: z.string(),
  completed: z.boolean(),
  statement: z.string(),
});

const signatureSchema = z.object({
  requestId: z.uuid(),
  documentId: z.uuid(),
  documentSha256: hex,
  signerId: z.string(),
  keyId: hex,
  publicKeyHex: hex,
  statement: z.string(),
  signatureHex: hex,
  signedAt: timestamp,
  intent: z.enum(SIGNING_INTENTS),
});

export const signatureRequestResponseSchema = z.object({
  requestId: z.uuid(),
  documentId: z.uuid(),
  versionNumber: z.int(),
  documentSha256: hex,
  requesterId: z.uuid(),
  signers: z.array(z.object({ signerId: z.string(), kind: z.enum(['user', 'client']), shareId: z.uuid().nullable() })),
  dueAt: timestamp.nullable(),
  requestedAt: timestamp,
  message: z.string().nullable(),
  status: z.enum(['PENDING', 'COMPLETED']),
  completedAt: timestamp.nullable(),
  signatures: z.array(signatureSchema),
  pendingSignerIds: z.array(z.string()),
});

/** An inclusion proof exactly as the auditor API gives it (GET /api/v1/audit/proofs/inclusion/:eventId). */
const inclusionSchema = inclusionProofSchema;

const checkpointKeySchema = z.object({ algorithm: z.string(), keyId: hex, publicKey: hex });

export const evidenceResponseSchema = z.object({
  format: z.literal('smartstart-signature-evidence/1'),
  request: z.object({
    requestId: z.uuid(),
    documentId: z.uuid(),
    versionNumber: z.int(),
    requesterId: z.uuid(),
    requestedAt: timestamp,
    dueAt: timestamp.nullable(),
    status: z.enum(['PENDING', 'COMPLETED']),
    completedAt: timestamp.nullable(),
  }),
  document: z.object({ documentId: z.uuid(), versionNumber: z.int(), sha256: hex }),
  /** Every signature, with who signed: a member (`kind: user`) or a client through a share link (`kind: client`). */
  signers: z.array(
    signatureSchema.extend({
      kind: z.enum(['user', 'client']),
      shareId: z.uuid().nullable(),
      keyRevokedAt: timestamp.nullable(),
    }),
  ),
  verification: z.object({ algorithm: z.string(), checkpointKey: checkpointKeySchema }),
  events: z.array(
    z.object({
      eventId: z.uuid(),
      streamId: z.string(),
      revision: z.string(),
      type: z.string(),
      hash: hex,
      inclusion: inclusionSchema.nullable(),
    }),
  ),
});

export const signaturesByHashResponseSchema = z.object({
  sha256: hex,
  signatures: z.array(
    z.object({
      requestId: z.uuid(),
      documentId: z.uuid(),
      signerId: z.string(),
      keyId: hex,
      publicKeyHex: hex,
      statement: z.string(),
      signatureHex: hex,
      signedAt: timestamp,
      eventId: z.uuid(),
      inclusion: inclusionSchema.nullable(),
    }),
  ),
  checkpointKey: checkpointKeySchema,
});

export const verifyResponseSchema = z.object({ valid: z.boolean() });

/** One request in a list: its document, the pinned hash, and every signer's state. */
export const signatureRequestSummarySchema = z.object({
  requestId: z.uuid(),
  documentId: z.uuid(),
  /** Null once the title is erased. */
  documentTitle: z.string().nullable(),
  versionNumber: z.int(),
  documentSha256: hex,
  requesterId: z.uuid(),
  requestedAt: timestamp,
  dueAt: timestamp.nullable(),
  /** OVERDUE: past its due date with signatures missing; it takes none any more. */
  status: z.enum(['PENDING', 'COMPLETED', 'OVERDUE']),
  completedAt: timestamp.nullable(),
  signerCount: z.int(),
  signedCount: z.int(),
  signers: z.array(
    z.object({
      /** A member's user id, or `share:<shareId>` for a client signing through a link. */
      signerId: z.string(),
      kind: z.enum(['user', 'client']),
      shareId: z.uuid().nullable(),
      state: z.enum(['signed', 'pending']),
      signedAt: timestamp.nullable(),
      intent: z.enum(SIGNING_INTENTS).nullable(),
    }),
  ),
});

export const documentSignatureRequestsResponseSchema = z.object({
  documentId: z.uuid(),
  requests: z.array(signatureRequestSummarySchema),
});

/** The signed-in member's requests to sign (the inbox reads this): newest first, at most 200. */
export const signerRequestsResponseSchema = z.object({
  signerId: z.string(),
  state: z.enum(['waiting', 'signed', 'all']),
  requests: z.array(signatureRequestSummarySchema.extend({ mySignedAt: timestamp.nullable() })),
});
