import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { SIGNING_INTENTS } from '../domain/signature.events';

export const requestIdParamSchema = z.uuid({ error: 'requestId must be a UUID' });
export const keyIdParamSchema = safeText().regex(
  /^[0-9a-f]{64}$/,
  'keyId must be 64 lowercase hex digits (SHA-256 of the SEC1 public key)',
);
export const sha256ParamSchema = safeText().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');

/** Hex of whole bytes, either case; `max` in bytes. */
export const hexBytes = (name: string, maxBytes: number) =>
  safeText({ error: `${name} must be a string` })
    .max(maxBytes * 2, `${name} must be at most ${maxBytes} bytes`)
    .regex(/^(?:[0-9a-fA-F]{2})*$/, `${name} must be hex (an even number of 0-9, a-f)`)
    .transform((hex) => Buffer.from(hex, 'hex'));

export const registerKeySchema = z
  .object({
    publicKeyHex: hexBytes('publicKeyHex', 65),
    /** Rotation: the key this one replaces, revoked in the same step. */
    replacesKeyId: keyIdParamSchema.optional().transform((value) => value ?? null),
  })
  .strict();

const signerSchema = z.union(
  [
    z.object({ userId: z.uuid({ error: 'userId must be a UUID' }) }).strict(),
    z.object({ clientShareId: z.uuid({ error: 'clientShareId must be a UUID' }) }).strict(),
  ],
  {
    error: 'each signer is {userId} or {clientShareId}',
  },
);

export const requestSignaturesSchema = z
  .object({
    documentId: z.uuid({ error: 'documentId must be a UUID' }),
    signers: z
      .array(signerSchema)
      .min(1, 'name at least one signer')
      .max(50, 'at most 50 signers')
      .refine(
        (signers) => new Set(signers.map((signer) => JSON.stringify(signer))).size === signers.length,
        'each signer once',
      ),
    message: safeText()
      .trim()
      .max(2000, 'message must be at most 2000 characters')
      .optional()
      .transform((value) => value || null),
    dueAt: z.iso
      .datetime({ offset: false, error: 'dueAt must be an ISO-8601 UTC time' })
      .optional()
      .transform((value) => (value ? new Date(value).toISOString() : null)),
  })
  .strict();

export const signSchema = z
  .object({
    keyId: keyIdParamSchema,
    /** IEEE P1363 r ‖ s, 64 bytes, as WebCrypto's ECDSA sign returns it. */
    signature: safeText()
      .regex(/^[0-9a-fA-F]{128}$/, 'signature must be 64 bytes of hex (P1363 r ‖ s)')
      .transform((hex) => hex.toLowerCase()),
    /** Exactly as in the signed statement: `YYYY-MM-DDTHH:mm:ss.sssZ`. */
    signedAt: safeText()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'signedAt must be an ISO-8601 UTC time with milliseconds')
      .refine((value) => !Number.isNaN(Date.parse(value)), 'signedAt is not a date'),
    intent: z.enum(SIGNING_INTENTS, { error: `intent must be one of: ${SIGNING_INTENTS.join(', ')}` }),
  })
  .strict();

export const verifySchema = z
  .object({
    publicKeyHex: hexBytes('publicKeyHex', 65),
    messageHex: hexBytes('messageHex', 64 * 1024),
    signatureHex: hexBytes('signatureHex', 80),
    encoding: z.enum(['p1363', 'der'], { error: 'encoding must be p1363 or der' }),
  })
  .strict();

/** GET /api/v1/signatures?documentId=…: the requests on one document. */
export const documentRequestsQuerySchema = z
  .object({ documentId: z.uuid({ error: 'documentId must be a UUID' }) })
  .strict();

export const SIGNER_LIST_STATES = ['waiting', 'signed', 'all'] as const;

/** GET /api/v1/signatures/for-me?state=…: `waiting` (the default) is what is still the caller's to sign. */
export const forMeQuerySchema = z
  .object({
    state: z
      .enum(SIGNER_LIST_STATES, { error: `state must be one of: ${SIGNER_LIST_STATES.join(', ')}` })
      .default('waiting'),
  })
  .strict();
