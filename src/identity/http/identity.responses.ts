import { z } from 'zod';
import { instant } from '../../platform/http/response-fields';
import { KYC_STATUSES, ROLES } from '../domain/roles.contract';
import { devicePostureSchema, kycSubmissionSchema, policyViolationSchema } from './identity.schemas';

/** The success bodies of the identity routes: accounts, sessions, MFA, roles, KYC and devices. */

const roles = z.array(z.enum(ROLES));
const kycStatus = z.enum(KYC_STATUSES);

export const registeredSchema = z.strictObject({ userId: z.uuid() });

const sessionFlags = {
  mfaEnabled: z.boolean(),
  mfaRequired: z.boolean().meta({ description: 'True when MFA is enabled, or the user holds a role that needs it.' }),
};
/** Cookie sessions get their tokens as httpOnly cookies: the body carries only the CSRF token. */
const cookieSession = z.strictObject({ userId: z.uuid(), csrfToken: z.string() });
const bearerSession = z.strictObject({
  userId: z.uuid(),
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresInSeconds: z.number().int().positive(),
});
export const sessionSchema = z.union([cookieSession, bearerSession]);
export const loginResponseSchema = z.union([cookieSession.extend(sessionFlags), bearerSession.extend(sessionFlags)]);

/** GET /api/v1/auth/me: who the caller is; an integration token has no account, only its roles. */
const principalKindSchema = z.enum(['user', 'integration']);
export const meResponseSchema = z.union([
  z.strictObject({
    kind: principalKindSchema,
    userId: z.uuid(),
    email: z.string().nullable(),
    roles,
    mfaEnabled: z.boolean(),
    mfaVerified: z.boolean().meta({ description: 'Whether this session has passed a TOTP (or recovery) code.' }),
    mfaRequiredForRoles: roles.meta({
      description: 'The roles this user holds whose actions need an MFA-verified session.',
    }),
    kycStatus,
    kycReason: z.string().nullable(),
  }),
  z.strictObject({ kind: principalKindSchema, roles }),
]);

export const mfaEnrolmentSchema = z.strictObject({
  otpauthUri: z.string(),
  qrSvg: z.string().meta({ description: 'An SVG QR code rendered by the server.' }),
});
export const recoveryCodesSchema = z.strictObject({ recoveryCodes: z.array(z.string()) });

export const adminUsersSchema = z.array(
  z.strictObject({
    userId: z.uuid(),
    email: z.string(),
    roles,
    mfaEnabled: z.boolean(),
    kycStatus,
    registeredAt: instant,
  }),
);
export const kycSubmittedSchema = z.strictObject({ submissionId: z.uuid() });
export const kycQueueSchema = z.array(
  z.strictObject({
    userId: z.uuid(),
    email: z.string(),
    submissionId: z.uuid(),
    evidence: kycSubmissionSchema,
    submittedAt: instant,
  }),
);

export const postureReportedSchema = z.strictObject({ compliant: z.boolean() });
export const violationRecordedSchema = z.strictObject({ violationId: z.uuid() });
export const userDevicesSchema = z.strictObject({
  devices: z.array(
    devicePostureSchema.extend({
      compliant: z.boolean(),
      compliantSince: instant.nullable().meta({ description: 'Null while not compliant.' }),
      daysCompliant: z.number().int().nonnegative(),
      lastReportedAt: instant,
    }),
  ),
  violations: z.array(
    policyViolationSchema.extend({ violationId: z.uuid(), recordedBy: z.string(), recordedAt: instant }),
  ),
});

export const apiTokenRevokedSchema = z.strictObject({
  tokenId: z.uuid(),
  revokedAt: instant.meta({ description: 'When it was first revoked: revoking again changes nothing.' }),
});
