import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { ROLES } from '../domain/roles.contract';

export const userIdParamSchema = z.uuid({ error: 'userId must be a UUID' });
export const roleSchema = z.enum(ROLES, { error: `role must be one of: ${ROLES.join(', ')}` });
export const grantRoleSchema = z.object({ role: roleSchema }).strict();
/** Why a role is taken away: kept on the RoleRevoked event, so say it without personal data. */
export const revokeRoleSchema = z
  .object({
    reason: safeText({ error: 'reason is required' })
      .trim()
      .min(3, 'reason must say why (3+ characters)')
      .max(300, 'reason must be at most 300 characters'),
  })
  .strict();

/** Evidence is kept out of events, in an access-controlled table. */
export const kycSubmissionSchema = z
  .object({
    legalName: safeText({ error: 'legalName is required' })
      .trim()
      .min(2, 'legalName must be at least 2 characters')
      .max(200, 'legalName must be at most 200 characters'),
    dateOfBirth: z.iso.date({ error: 'dateOfBirth must be YYYY-MM-DD' }),
    country: safeText().regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as DE'),
    documentType: z.enum(['PASSPORT', 'ID_CARD', 'DRIVING_LICENCE'], {
      error: 'documentType must be PASSPORT, ID_CARD or DRIVING_LICENCE',
    }),
    documentNumber: safeText({ error: 'documentNumber is required' })
      .trim()
      .min(4, 'documentNumber must be at least 4 characters')
      .max(40, 'documentNumber must be at most 40 characters'),
  })
  .strict();

export const kycDecisionSchema = z
  .object({
    status: z.enum(['PASSED', 'FAILED'], { error: 'status must be PASSED or FAILED' }),
    reason: safeText().trim().min(3, 'reason must say why (3+ characters)').max(500),
  })
  .strict();

export const devicePostureSchema = z
  .object({
    deviceId: safeText().regex(
      /^[A-Za-z0-9._:-]{3,100}$/,
      'deviceId must be 3–100 characters of A–Z, a–z, 0–9, . _ : -',
    ),
    diskEncrypted: z.boolean({ error: 'diskEncrypted must be true or false' }),
    osUpToDate: z.boolean({ error: 'osUpToDate must be true or false' }),
    screenLock: z.boolean({ error: 'screenLock must be true or false' }),
  })
  .strict();

export const policyViolationSchema = z
  .object({
    policy: safeText().regex(/^[A-Z][A-Z0-9_]{2,60}$/, 'policy is a code such as UNENCRYPTED_DISK'),
    severity: z.enum(['LOW', 'MEDIUM', 'HIGH'], { error: 'severity must be LOW, MEDIUM or HIGH' }),
  })
  .strict();

export const tokenIdParamSchema = z.uuid({ error: 'tokenId must be a UUID' });
