import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import type { ApiTokenEvent } from './api-token.events';
import type { BoardRosterEvent } from './board-roster';
import { KYC_STATUSES, ROLES } from './roles.contract';
import { PASSWORD_CHANGE_ROUTES, type UserEvent } from './user.events';

const MFA_CODE_KINDS = ['totp', 'recovery'] as const;
const lockedUntil = field.instant().nullable();

/** The events of `user-<id>`: ids and facts only (what is erasable lives in tables, see user.events.ts). */
export const userEventSchemas: EventSchemasOf<UserEvent> = {
  UserRegistered: { version: 1, schema: z.strictObject({ userId: field.id() }), upcasters: [] },
  RoleGranted: {
    version: 1,
    schema: z.strictObject({ role: z.enum(ROLES), grantedBy: field.id().nullable() }),
    upcasters: [],
  },
  RoleRevoked: {
    version: 2,
    schema: z.strictObject({ role: z.enum(ROLES), revokedBy: field.id(), reason: field.text().nullable() }),
    // v1 → v2: revocations recorded before the admin had to say why carry no reason; v2 always has
    // `reason`, null for those (and for a revocation through the reason-less DELETE route).
    upcasters: [(data) => ({ ...data, reason: data.reason ?? null })],
  },
  MfaEnabled: { version: 1, schema: z.strictObject({ method: z.literal('totp') }), upcasters: [] },
  KycSubmitted: { version: 1, schema: z.strictObject({ submissionId: field.id() }), upcasters: [] },
  KycStatusChanged: {
    version: 2,
    schema: z.strictObject({
      status: z.enum(KYC_STATUSES),
      decidedBy: field.id(),
      submissionId: field.id(),
      decisionId: field.id().nullable(),
    }),
    // v1 → v2: decisions recorded before decisions had an id (and a reason in kyc_decisions) lack
    // `decisionId`; v2 always has it, null for those, so no reader has to know the old shape.
    upcasters: [(data) => ({ ...data, decisionId: data.decisionId ?? null })],
  },
  DevicePostureReported: {
    version: 1,
    schema: z.strictObject({
      deviceId: field.id(),
      diskEncrypted: z.boolean(),
      osUpToDate: z.boolean(),
      screenLock: z.boolean(),
      compliant: z.boolean(),
    }),
    upcasters: [],
  },
  PolicyViolationRecorded: {
    version: 1,
    schema: z.strictObject({
      violationId: field.id(),
      policy: field.text(),
      severity: z.enum(['LOW', 'MEDIUM', 'HIGH']),
      recordedBy: field.id(),
    }),
    upcasters: [],
  },
  LoginFailed: {
    version: 1,
    // BAD_MFA_CODE and a missing lockedUntil only occur in events written before MFA codes and
    // password locks got their own events; readers tell them apart (user.state.ts).
    schema: z.strictObject({
      reason: z.enum(['BAD_PASSWORD', 'BAD_MFA_CODE', 'LOCKED_OUT']),
      lockedUntil: lockedUntil.optional(),
    }),
    upcasters: [],
  },
  LoginFailuresCleared: { version: 1, schema: z.strictObject({}), upcasters: [] },
  MfaCodeRejected: { version: 1, schema: z.strictObject({ kind: z.enum(MFA_CODE_KINDS), lockedUntil }), upcasters: [] },
  MfaCodeAccepted: { version: 1, schema: z.strictObject({ kind: z.enum(MFA_CODE_KINDS) }), upcasters: [] },
  PasswordChanged: {
    version: 1,
    schema: z.strictObject({ via: z.enum(PASSWORD_CHANGE_ROUTES), resetId: field.id().nullable() }),
    upcasters: [],
  },
  PasswordResetIssued: {
    version: 1,
    schema: z.strictObject({ resetId: field.id(), issuedBy: field.id(), expiresAt: field.instant() }),
    upcasters: [],
  },
  SessionRevoked: {
    version: 1,
    schema: z.strictObject({ sessionId: field.id(), revokedBy: field.id() }),
    upcasters: [],
  },
  MfaResetRequested: {
    version: 1,
    schema: z.strictObject({ requestId: field.id(), requestedBy: field.id() }),
    upcasters: [],
  },
  MfaResetApproved: {
    version: 1,
    schema: z.strictObject({ requestId: field.id(), approvedBy: field.id() }),
    upcasters: [],
  },
};

export const boardRosterEventSchemas: EventSchemasOf<BoardRosterEvent> = {
  BoardSeatRecorded: {
    version: 1,
    schema: z.strictObject({ userId: field.id(), onBoard: z.boolean(), userRevision: field.wholeNumberText() }),
    upcasters: [],
  },
};

/** `apiToken-<tokenId>`: who revoked an integration token (null: the CLI). */
export const apiTokenEventSchemas: EventSchemasOf<ApiTokenEvent> = {
  ApiTokenRevoked: { version: 1, schema: z.strictObject({ revokedBy: field.id().nullable() }), upcasters: [] },
};
