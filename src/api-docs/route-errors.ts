import type { ErrorCode } from '../platform/http/error-catalog';

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

  'POST /api/v1/documents': [],
  'GET /api/v1/documents': [],
  'GET /api/v1/documents/integrity-alarms': [],
  'GET /api/v1/documents/:documentId': ['DOCUMENT_NOT_FOUND'],
  'POST /api/v1/documents/:documentId/versions': ['DOCUMENT_NOT_FOUND', 'NOT_DOCUMENT_OWNER', 'DOCUMENT_NOT_ACTIVE'],
  'GET /api/v1/documents/:documentId/content': ['DOCUMENT_NOT_FOUND', 'VERSION_NOT_FOUND', 'CONTENT_INTEGRITY_FAILED', 'CONTENT_PURGED'],
  'GET /api/v1/documents/:documentId/views': ['DOCUMENT_NOT_FOUND', 'NOT_DOCUMENT_OWNER'],
  'POST /api/v1/documents/:documentId/archive': ['DOCUMENT_NOT_FOUND', 'NOT_DOCUMENT_OWNER', 'DOCUMENT_NOT_ACTIVE', 'LEGAL_HOLD'],
  'DELETE /api/v1/documents/:documentId': ['DOCUMENT_NOT_FOUND', 'NOT_DOCUMENT_OWNER', 'LEGAL_HOLD'],
  'POST /api/v1/documents/:documentId/share': ['DOCUMENT_NOT_FOUND', 'NOT_DOCUMENT_OWNER', 'DOCUMENT_NOT_ACTIVE', 'UNKNOWN_USERS', 'CLIENT_NOT_FOUND', 'CLIENT_ERASED'],
  'POST /api/v1/documents/:documentId/shares/:shareId/revoke': ['DOCUMENT_NOT_FOUND', 'NOT_DOCUMENT_OWNER', 'SHARE_NOT_FOUND'],
  'POST /api/v1/documents/:documentId/comments': ['DOCUMENT_NOT_FOUND', 'DOCUMENT_NOT_ACTIVE', 'CONTENT_PURGED'],
  'GET /api/v1/documents/:documentId/comments': ['DOCUMENT_NOT_FOUND', 'CONTENT_PURGED'],
  'GET /api/v1/share-link': ['SHARE_LINK_INVALID', 'SHARE_NOT_FOUND', 'SHARE_EXPIRED', 'SHARE_REVOKED', 'SHARE_NOT_ALLOWED', 'DOCUMENT_NOT_FOUND', 'CONTENT_PURGED'],
  'GET /api/v1/share-link/content': ['SHARE_LINK_INVALID', 'SHARE_NOT_FOUND', 'SHARE_EXPIRED', 'SHARE_REVOKED', 'SHARE_NOT_ALLOWED', 'DOCUMENT_NOT_FOUND', 'CONTENT_PURGED', 'CONTENT_INTEGRITY_FAILED'],
  'POST /api/v1/share-link/comments': ['SHARE_LINK_INVALID', 'SHARE_NOT_FOUND', 'SHARE_EXPIRED', 'SHARE_REVOKED', 'SHARE_NOT_ALLOWED', 'DOCUMENT_NOT_FOUND', 'DOCUMENT_NOT_ACTIVE', 'CONTENT_PURGED'],

  'GET /api/v1/clients': [],
  'POST /api/v1/clients': [],
  'PATCH /api/v1/clients/:clientId': ['CLIENT_NOT_FOUND', 'CLIENT_ERASED'],
  'DELETE /api/v1/clients/:clientId': ['CLIENT_NOT_FOUND'],
  'POST /api/v1/clients/:clientId/erase': ['CLIENT_NOT_FOUND', 'LEGAL_HOLD'],

  'POST /api/v1/legal-holds': ['HOLD_EXISTS'],
  'GET /api/v1/legal-holds': [],
  'POST /api/v1/legal-holds/:holdId/release': ['HOLD_NOT_FOUND', 'HOLD_RELEASED'],

  'POST /api/v1/signing-keys': ['INVALID_PUBLIC_KEY', 'SIGNING_KEY_REVOKED', 'SIGNING_KEY_NOT_FOUND'],
  'GET /api/v1/signing-keys': [],
  'POST /api/v1/signing-keys/:keyId/revoke': ['SIGNING_KEY_NOT_FOUND'],
  'POST /api/v1/signatures': ['DOCUMENT_NOT_FOUND', 'NOT_DOCUMENT_OWNER', 'DOCUMENT_NOT_ACTIVE', 'SIGNER_CANNOT_SIGN'],
  'GET /api/v1/signatures/:requestId': ['SIGNATURE_REQUEST_NOT_FOUND'],
  'GET /api/v1/signatures/:requestId/evidence': ['SIGNATURE_REQUEST_NOT_FOUND', 'AUDIT_LOG_CORRUPT', 'TREE_SIZE_UNAVAILABLE'],
  'POST /api/v1/signatures/:requestId/sign': [
    'SIGNATURE_REQUEST_NOT_FOUND',
    'NOT_A_SIGNER',
    'ALREADY_SIGNED',
    'SIGNATURE_REQUEST_CLOSED',
    'SIGNED_AT_OUT_OF_RANGE',
    'SIGNING_KEY_NOT_FOUND',
    'SIGNING_KEY_REVOKED',
    'SIGNATURE_INVALID',
  ],
  'POST /api/v1/signatures/verify': ['INVALID_PUBLIC_KEY'],
  'GET /api/v1/signatures/by-hash/:sha256': ['AUDIT_LOG_CORRUPT', 'TREE_SIZE_UNAVAILABLE'],

  'GET /api/debug/jobs/health': [],
  'POST /api/v1/admin/jobs/:job/run': ['JOB_BUSY', 'DAY_NOT_FINISHED'],

  'GET /api/openapi.json': [],
  'GET /api/docs': [],
};
