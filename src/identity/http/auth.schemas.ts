import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';

/** Emails are compared trimmed and lower-cased: one person, one account. */
export const emailSchema = safeText({ error: 'email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'email is too long')
  .pipe(z.email({ error: 'email is not a valid address' }));

/**
 * 12+ characters, at most 72 bytes (bcrypt ignores anything after that, so a longer password
 * would silently not count), and not all one character.
 */
export const passwordSchema = safeText({ error: 'password is required' })
  .min(12, 'password must be at least 12 characters')
  .refine((password) => Buffer.byteLength(password, 'utf8') <= 72, 'password must be at most 72 bytes (UTF-8)')
  .refine((password) => new Set(password).size > 1, 'password must not be one repeated character');

export const sessionTransportSchema = z.enum(['cookie', 'bearer']).default('bearer');

export const registerSchema = z.object({ email: emailSchema, password: passwordSchema }).strict();
export const loginSchema = z
  .object({
    email: emailSchema,
    password: safeText({ error: 'password is required' }).min(1).max(1024),
    session: sessionTransportSchema,
  })
  .strict();
export const refreshSchema = z.object({ refreshToken: safeText().min(1).max(512).optional() }).strict();
export const totpCodeSchema = z
  .object({ code: safeText().regex(/^\d{6}$/, 'code must be the 6 digits your app shows') })
  .strict();
export const mfaVerifySchema = z.union([
  totpCodeSchema,
  z
    .object({ recoveryCode: safeText().regex(/^[a-z0-9]{5}-[a-z0-9]{5}$/, 'recoveryCode looks like abcde-12345') })
    .strict(),
]);
