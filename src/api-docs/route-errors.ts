import type { ErrorCode } from '../shared-kernel/error-catalog';

/**
 * The errors each route answers with beyond the ones every route of its kind can (validation,
 * sign-in, roles, rate limits, media type, cross-site and idempotency: see generic-errors.ts).
 * Every route has an entry, even an empty one: the app refuses to start with a route missing
 * here (ApiDocsController), so a new route must say what it can refuse. The OpenAPI test calls
 * every route and fails on an error code its entry does not list.
 */
export const ROUTE_ERRORS: Readonly<Record<string, readonly ErrorCode[]>> = {
  'GET /api/health': [],
  'GET /api/v1/ledger/status': [],
  'GET /api/v1/live': ['NOT_ACCEPTABLE', 'SHUTTING_DOWN'],

  'POST /api/v1/auth/register': ['EMAIL_TAKEN'],
  'POST /api/v1/auth/login': ['UNAUTHENTICATED', 'ACCOUNT_LOCKED'],
  'POST /api/v1/auth/refresh': ['UNAUTHENTICATED'],
  'POST /api/v1/auth/logout': [],
  'GET /api/v1/auth/me': [],
  'POST /api/v1/auth/mfa/enroll': ['MFA_ALREADY_ENABLED'],
  'POST /api/v1/auth/mfa/confirm': ['MFA_NOT_ENROLLED', 'MFA_ALREADY_ENABLED', 'INVALID_MFA_CODE'],
  'POST /api/v1/auth/mfa/verify': ['MFA_NOT_ENABLED', 'INVALID_MFA_CODE', 'MFA_LOCKED'],

  'GET /api/v1/admin/users': [],
  'POST /api/v1/admin/users/:userId/roles': ['USER_NOT_FOUND'],
  'DELETE /api/v1/admin/users/:userId/roles/:role': ['USER_NOT_FOUND', 'CANNOT_REVOKE_OWN_ADMIN'],

  'POST /api/v1/kyc': ['KYC_ALREADY_PASSED', 'KYC_ALREADY_PENDING'],
  'GET /api/v1/kyc/queue': [],
  'POST /api/v1/kyc/:userId/decision': ['USER_NOT_FOUND', 'KYC_NOT_PENDING', 'OWN_KYC'],

  'POST /api/v1/devices/posture': [],
  'GET /api/v1/users/:userId/devices': [],
  'POST /api/v1/users/:userId/policy-violations': ['USER_NOT_FOUND'],

  'POST /api/v1/ventures': ['VENTURE_EXISTS'],
  'GET /api/v1/ventures': [],
  'GET /api/v1/ventures/:ventureId': ['VENTURE_NOT_FOUND'],
  'POST /api/v1/ventures/:ventureId/tasks': ['VENTURE_NOT_FOUND', 'NOT_VENTURE_OWNER', 'TASK_EXISTS', 'SEVERITY_MISMATCH'],
  'GET /api/v1/tasks/:taskId': ['TASK_NOT_FOUND'],
  'POST /api/v1/tasks/:taskId/claim': ['TASK_NOT_FOUND', 'TASK_WRONG_STATUS', 'OWNER_CANNOT_CLAIM'],
  'POST /api/v1/tasks/:taskId/submit': ['TASK_NOT_FOUND', 'TASK_WRONG_STATUS', 'NOT_ASSIGNEE'],
  'POST /api/v1/tasks/:taskId/reviews': ['TASK_NOT_FOUND', 'TASK_WRONG_STATUS', 'OWN_TASK_REVIEW', 'OWNER_CANNOT_REVIEW', 'ALREADY_REVIEWED'],
  'POST /api/v1/tasks/:taskId/accept': ['TASK_NOT_FOUND', 'TASK_WRONG_STATUS', 'NOT_VENTURE_OWNER', 'NO_APPROVING_REVIEW', 'NOT_A_REVIEWER'],

  'POST /api/v1/events/task/accepted': ['UNKNOWN_USERS', 'ACCEPTED_AT_OUT_OF_RANGE', 'EVENT_ID_CONFLICT'],
  'GET /api/v1/wallet/me': [],
  'GET /api/v1/profiles/:userId': ['PROFILE_NOT_FOUND'],

  'GET /api/v1/audit/public-key': [],
  'GET /api/v1/audit/checkpoints': ['AUDIT_LOG_CORRUPT'],
  'GET /api/v1/audit/proofs/inclusion/:eventId': ['EVENT_NOT_IN_LOG', 'EVENT_AFTER_TREE_SIZE', 'TREE_SIZE_UNAVAILABLE', 'NO_CHECKPOINT_YET', 'AUDIT_LOG_CORRUPT'],
  'GET /api/v1/audit/proofs/consistency': ['TREE_SIZE_UNAVAILABLE', 'AUDIT_LOG_CORRUPT'],
  'POST /api/v1/audit/verify': [],
  'GET /api/v1/audit/verify/:id': ['VERIFICATION_NOT_FOUND'],
  'GET /api/v1/audit/streams': [],
  'GET /api/v1/audit/streams/:streamId': ['STREAM_NOT_FOUND'],
  'GET /api/v1/audit/replay/:streamId': ['STREAM_NOT_FOUND', 'REVISION_NOT_FOUND', 'REPLAY_CATEGORY_UNKNOWN', 'REPLAY_FAILED'],
  'GET /api/v1/audit/replay-category/:category': ['REPLAY_CATEGORY_UNKNOWN', 'REPLAY_FAILED'],
  'GET /api/debug/worm/integrity': [],

  'POST /api/v1/conversion-windows': ['WINDOW_DATES'],
  'GET /api/v1/conversion-windows': [],
  'GET /api/v1/conversion-windows/active': [],
  'GET /api/v1/conversion-windows/:windowId': ['WINDOW_NOT_FOUND'],
  'GET /api/v1/conversion-windows/:windowId/finalization-preview': ['WINDOW_NOT_FOUND'],
  'POST /api/v1/conversion-windows/:windowId/finalize': ['WINDOW_NOT_FOUND', 'WINDOW_WRONG_STATUS'],
  'POST /api/v1/equity/convert': ['WINDOW_NOT_FOUND', 'WINDOW_NOT_OPEN', 'KYC_REQUIRED', 'INSUFFICIENT_BUZ'],
  'GET /api/v1/equity/conversions/me': [],
  'POST /api/v1/equity/conversions/:conversionId/cancel': ['CONVERSION_NOT_FOUND', 'NOT_YOUR_CONVERSION', 'CONVERSION_FINAL', 'WINDOW_NOT_OPEN'],
  'GET /api/v1/board/conversions/pending': [],
  'POST /api/v1/board/conversions/:conversionId/votes': ['CONVERSION_NOT_FOUND', 'OWN_CONVERSION_VOTE', 'NOT_ON_BOARD', 'CONVERSION_NOT_PENDING', 'ALREADY_VOTED'],
  'GET /api/v1/ventures/:ventureId/cap-table': [],

  'GET /api/debug/jobs/health': [],
  'POST /api/v1/admin/jobs/:job/run': ['JOB_BUSY', 'DAY_NOT_FINISHED'],

  'GET /api/openapi.json': [],
  'GET /api/docs': [],
};
