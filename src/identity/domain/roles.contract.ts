export const ROLES = ['member', 'admin', 'compliance', 'board', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose actions need a session that has passed TOTP (DESIGN §6). */
export const MFA_ROLES: readonly Role[] = ['admin', 'compliance', 'board', 'auditor'];

export const KYC_STATUSES = ['NOT_SUBMITTED', 'PENDING', 'PASSED', 'FAILED'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];
