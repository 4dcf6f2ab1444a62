import { z } from 'zod';
import { instant } from '../../platform/http/response-fields';
import { safeText } from '../../platform/http/safe-text';
import { passwordSchema } from './auth.schemas';

/** Inputs and success bodies of the account-basics routes (#16 §9). */

export const changePasswordSchema = z
  .object({
    currentPassword: safeText({ error: 'currentPassword is required' }).min(1).max(1024),
    newPassword: passwordSchema,
  })
  .strict()
  .refine((body) => body.currentPassword !== body.newPassword, {
    error: 'newPassword must differ from the current one',
    path: ['newPassword'],
  });

/** The token is 32 random bytes in base64url: 43 characters. */
export const useResetLinkSchema = z
  .object({
    token: safeText({ error: 'token is required' }).regex(
      /^[A-Za-z0-9_-]{43}$/,
      'token is the part of the link after #',
    ),
    newPassword: passwordSchema,
  })
  .strict();

export const mfaResetRequestSchema = z
  .object({
    reason: safeText({ error: 'reason is required' }).trim().min(3, 'reason must say why (3+ characters)').max(500),
  })
  .strict();

export const sessionIdParamSchema = z.uuid({ error: 'sessionId must be a UUID' });
export const requestIdParamSchema = z.uuid({ error: 'requestId must be a UUID' });

export const sessionsEndedSchema = z.strictObject({
  sessionsEnded: z.number().int().nonnegative().meta({ description: 'How many sessions this ended.' }),
});

export const activeSessionsSchema = z.array(
  z.strictObject({
    sessionId: z.uuid(),
    transport: z.enum(['cookie', 'bearer']).meta({ description: 'cookie: a browser; bearer: an API client.' }),
    startedAt: instant,
    expiresAt: instant,
    current: z.boolean().meta({ description: 'The session this request came with.' }),
  }),
);

export const resetLinkIssuedSchema = z.strictObject({
  resetId: z.uuid(),
  resetPath: z.string().meta({
    description:
      'The link to hand over, relative to the portal: /reset-password#<token>. Shown once; only its hash is kept.',
  }),
  expiresAt: instant,
});

export const mfaResetRequestedSchema = z.strictObject({ requestId: z.uuid() });

export const pendingMfaResetsSchema = z.array(
  z.strictObject({
    requestId: z.uuid(),
    userId: z.uuid(),
    email: z.string().nullable(),
    requestedBy: z.uuid(),
    reason: z.string(),
    requestedAt: instant,
  }),
);
