/**
 * Every error code the API answers with, its HTTP status and what it means to a client. The one
 * place codes are defined: DomainError takes its status from here (a code not listed is a type
 * error), the OpenAPI document lists each route's codes from here, and the README's table is
 * checked against it (test/unit/platform/error-catalog.unit.spec.ts).
 */
export interface ErrorCatalogEntry {
  status: number;
  meaning: string;
}

export const ERROR_CATALOG = {
  // Any route: the edge, the guard and the error filter.
  VALIDATION_FAILED: {
    status: 400,
    meaning: 'A body, query or path parameter does not match its schema; `details.issues` names each field.',
  },
  BAD_REQUEST: {
    status: 400,
    meaning: 'The request could not be read (malformed JSON, an aborted or mis-sized body).',
  },
  UNAUTHENTICATED: { status: 401, meaning: 'Sign in first: no session or token, or one that has ended.' },
  INVALID_TOKEN: { status: 401, meaning: 'The access token is forged, expired or otherwise not valid.' },
  FORBIDDEN: { status: 403, meaning: 'The caller lacks the role this route needs.' },
  MFA_REQUIRED: {
    status: 403,
    meaning: 'This needs a session verified with the authenticator app (POST /api/v1/auth/mfa/verify).',
  },
  CROSS_SITE_REQUEST: {
    status: 403,
    meaning: 'A write from another site (Origin not allowed); write through the portal itself.',
  },
  CSRF_TOKEN_MISSING: { status: 403, meaning: 'A cookie session wrote without the CSRF header.' },
  NOT_FOUND: { status: 404, meaning: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, meaning: 'The route does not take this method.' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The body is over the size limit.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning:
      'The body is not JSON (or a charset or encoding the server cannot read); on an upload, not multipart, or a file whose content is not an allowed type.',
  },
  RATE_LIMITED: {
    status: 429,
    meaning: 'Too many requests from this address or account; retry after `Retry-After` seconds.',
  },
  IDEMPOTENCY_KEY_REUSED: { status: 409, meaning: 'This Idempotency-Key was already used for a different request.' },
  INTERNAL: { status: 500, meaning: 'A bug on our side; it has been logged.' },

  // Writes reaching the event store.
  WRONG_EXPECTED_VERSION: { status: 409, meaning: 'Someone else changed the same record at the same moment; retry.' },
  EVENT_ID_CONFLICT: { status: 409, meaning: 'An event id was already used for different content.' },
  INVALID_APPEND: {
    status: 400,
    meaning: 'The write is not something the event store can take (e.g. a number beyond 2^53).',
  },
  UNSTORABLE_TEXT: { status: 400, meaning: 'Text holds a character the ledger refuses (NUL, a lone surrogate…).' },

  // Accounts and sign-in.
  EMAIL_TAKEN: { status: 409, meaning: 'An account with this email already exists.' },
  ACCOUNT_LOCKED: { status: 429, meaning: 'Too many failed sign-ins; retry after `details.retryAfterSeconds`.' },
  INVALID_MFA_CODE: { status: 400, meaning: 'The authenticator code is wrong, expired or already used.' },
  MFA_LOCKED: { status: 429, meaning: 'Too many wrong authenticator codes; retry after `details.retryAfterSeconds`.' },
  MFA_ALREADY_ENABLED: { status: 409, meaning: 'An authenticator app is already set up for this account.' },
  MFA_NOT_ENROLLED: { status: 409, meaning: 'Confirming needs an enrolment first (POST /api/v1/auth/mfa/enroll).' },
  MFA_NOT_ENABLED: { status: 409, meaning: 'Verifying needs a confirmed authenticator app.' },
  CURRENT_PASSWORD_WRONG: {
    status: 400,
    meaning:
      'Changing the password needs the current one, and the one given is wrong (it counts towards the account lock).',
  },
  SESSION_NOT_FOUND: { status: 404, meaning: 'No active session with this id among your own.' },
  API_TOKEN_NOT_FOUND: { status: 404, meaning: 'No integration token with this id.' },
  RESET_LINK_INVALID: {
    status: 400,
    meaning:
      'The password reset link is unknown, expired or already used (`details.reason`); ask an admin for a new one.',
  },
  OWN_ACCOUNT_RESET: { status: 403, meaning: 'Nobody issues a reset link or an MFA reset for their own account.' },
  MFA_RESET_PENDING: { status: 409, meaning: 'An MFA reset for this account is already waiting for approval.' },
  MFA_RESET_NOT_PENDING: { status: 409, meaning: 'There is no such MFA reset waiting for approval.' },
  SECOND_PERSON_REQUIRED: {
    status: 403,
    meaning: 'An MFA reset is approved by a second person: neither who asked for it nor the account holder.',
  },

  // Users, roles and KYC.
  USER_NOT_FOUND: { status: 404, meaning: 'No such user.' },
  UNKNOWN_USERS: {
    status: 422,
    meaning: 'A command names people who are not registered users; `details.unknownUserIds` lists them.',
  },
  CANNOT_REVOKE_OWN_ADMIN: { status: 409, meaning: 'An admin cannot revoke their own admin role.' },
  KYC_ALREADY_PASSED: { status: 409, meaning: 'KYC has already passed.' },
  KYC_ALREADY_PENDING: { status: 409, meaning: 'A KYC submission is already waiting for review.' },
  KYC_NOT_PENDING: { status: 409, meaning: 'There is no pending KYC submission to decide.' },
  OWN_KYC: { status: 403, meaning: 'Nobody decides their own KYC.' },
  KYC_REQUIRED: { status: 403, meaning: 'This needs KYC PASSED.' },

  // Ventures and tasks.
  VENTURE_NOT_FOUND: { status: 404, meaning: 'No such venture.' },
  VENTURE_EXISTS: { status: 409, meaning: 'A venture with this id already exists.' },
  FOUNDERS_INVALID: {
    status: 400,
    meaning: "The founders' allocation names someone twice, gives someone 0 bp, or exceeds 10,000 bp in all.",
  },
  NOT_VENTURE_OWNER: { status: 403, meaning: "Only the venture's owner may do this." },
  TASK_NOT_FOUND: { status: 404, meaning: 'No such task.' },
  TASK_EXISTS: { status: 409, meaning: 'A task with this id already exists.' },
  TASK_WRONG_STATUS: { status: 409, meaning: 'The task is not in the status this step needs.' },
  SEVERITY_MISMATCH: { status: 400, meaning: 'A bug needs a severity, and only bugs have one.' },
  UNKNOWN_SKILL: {
    status: 400,
    meaning: 'A task names a skill slug that is not in the skill catalog (GET /api/v1/skills).',
  },
  OWNER_CANNOT_CLAIM: { status: 403, meaning: "The venture's owner cannot claim its tasks." },
  NOT_ASSIGNEE: { status: 403, meaning: 'Only the assignee submits the work.' },
  OWN_TASK_REVIEW: { status: 403, meaning: 'Nobody reviews their own work.' },
  OWNER_CANNOT_REVIEW: { status: 403, meaning: "The venture's owner accepts the work and so does not review it." },
  ALREADY_REVIEWED: { status: 409, meaning: 'This reviewer already reviewed the current submission.' },
  NO_APPROVING_REVIEW: { status: 409, meaning: 'A task is accepted only after a reviewer approved the submission.' },
  NOT_A_REVIEWER: { status: 400, meaning: 'helpfulReviewerIds may only name reviewers of this task.' },

  // Earning and reputation.
  ACCEPTED_AT_OUT_OF_RANGE: {
    status: 400,
    meaning: 'acceptedAt must lie in the last 7 days, up to 5 minutes ahead (server time).',
  },
  DAY_NOT_FINISHED: { status: 400, meaning: 'Settlement runs only through a UTC day that has ended.' },
  PROFILE_NOT_FOUND: { status: 404, meaning: 'No such member profile.' },

  // People: profiles, skills, endorsements and portfolios.
  SKILL_NOT_FOUND: { status: 404, meaning: 'No such skill in the catalog (GET /api/v1/skills).' },
  SKILL_EXISTS: { status: 409, meaning: 'The catalog already has a skill with this slug.' },
  SKILL_ALREADY_ADDED: { status: 409, meaning: 'The profile already lists this skill.' },
  SKILL_NOT_ON_PROFILE: { status: 404, meaning: "The member's profile does not list this skill." },
  NOT_SKILL_VERIFIER: {
    status: 403,
    meaning:
      'Only an admin, or the owner of a venture who names an accepted task the member did there, verifies a skill; nobody verifies their own.',
  },
  TASK_NOT_YET_ACCEPTED: {
    status: 409,
    meaning: 'The task named is not accepted yet: its venture owner may verify its skills once they accepted it.',
  },
  SKILL_NOT_ON_TASK: {
    status: 403,
    meaning:
      'The accepted task named did not name this skill: a venture owner verifies only the skills their task named.',
  },
  SELF_ENDORSEMENT: { status: 400, meaning: 'Nobody endorses themselves.' },
  ALREADY_ENDORSED: { status: 409, meaning: 'One endorsement per endorser, endorsee and skill.' },
  DAILY_ENDORSEMENT_LIMIT: {
    status: 429,
    meaning:
      'At most 5 endorsements per endorser per UTC day; retry after `Retry-After` seconds (the next midnight UTC).',
  },
  TASK_NOT_ACCEPTED: { status: 409, meaning: 'Only an accepted task can be linked to a portfolio item.' },
  NOT_YOUR_TASK: { status: 403, meaning: 'Only the assignee links their own accepted task.' },
  TASK_ALREADY_IN_PORTFOLIO: { status: 409, meaning: 'This task is already linked from a portfolio item.' },
  RING_FLAG_NOT_FOUND: { status: 404, meaning: 'No endorsement-ring flag with this id.' },
  OWN_RING_REVIEW: { status: 403, meaning: 'Nobody reviews an endorsement ring they are a member of.' },
  RING_FLAG_ALREADY_REVIEWED: {
    status: 409,
    meaning: 'The flag was reviewed already; `details` says by whom, when and with what outcome. A review is final.',
  },
  UNSUPPORTED_IMAGE: {
    status: 400,
    meaning:
      'An avatar must be a PNG, JPEG or WebP image (judged by its bytes) that decodes, of at most 2 MB and 4096 × 4096 pixels.',
  },
  AVATAR_NOT_FOUND: { status: 404, meaning: 'No avatar with this content hash.' },

  // Badges and credentials.
  BADGE_NOT_FOUND: { status: 404, meaning: 'No such badge.' },
  BADGE_EXISTS: { status: 409, meaning: 'A badge with this code already exists.' },
  BADGE_NOT_MANUAL: {
    status: 409,
    meaning: 'Only badges with a MANUAL rule are awarded by hand; the others are awarded by evaluation.',
  },
  BADGE_NOT_HELD: { status: 409, meaning: 'The member does not hold this badge (or it was revoked already).' },
  CREDENTIAL_NOT_FOUND: { status: 404, meaning: 'No such credential.' },

  // Conversion.
  WINDOW_NOT_FOUND: { status: 404, meaning: 'No such conversion window.' },
  WINDOW_DATES: { status: 400, meaning: 'closesAt must be after opensAt.' },
  WINDOW_NOT_OPEN: { status: 409, meaning: 'This needs an open conversion window.' },
  WINDOW_WRONG_STATUS: { status: 409, meaning: 'The conversion window is not in the status this step needs.' },
  CONVERSION_NOT_FOUND: { status: 404, meaning: 'No such conversion request.' },
  NOT_YOUR_CONVERSION: { status: 403, meaning: 'Only the member who asked can cancel a conversion.' },
  CONVERSION_FINAL: { status: 409, meaning: 'The conversion is already decided or cancelled.' },
  CONVERSION_NOT_PENDING: { status: 409, meaning: 'Voting on this conversion is closed.' },
  OWN_CONVERSION_VOTE: { status: 403, meaning: 'Nobody votes on their own conversion request.' },
  NOT_ON_BOARD: { status: 403, meaning: 'Only members of the board roster vote.' },
  ALREADY_VOTED: { status: 409, meaning: 'This board member already voted on the conversion.' },
  INSUFFICIENT_BUZ: { status: 409, meaning: 'Fewer BUZ are available than the conversion asks for.' },
  CONVERSION_BELOW_MINIMUM: {
    status: 422,
    meaning: "The amount buys 0 bp at the window's rate; details.minimumBuz is the least that buys 1 bp.",
  },

  // Audit.
  EVENT_NOT_IN_LOG: { status: 404, meaning: 'The event is not in the Merkle log (unknown, or not sealed yet).' },
  EVENT_AFTER_TREE_SIZE: {
    status: 409,
    meaning: 'The event lies outside the tree size asked for; ask for a larger one.',
  },
  TREE_SIZE_UNAVAILABLE: {
    status: 409,
    meaning: 'The log does not have (or no longer proves) the tree size asked for.',
  },
  NO_CHECKPOINT_YET: { status: 409, meaning: 'No checkpoint has been signed yet; give a tree size or try later.' },
  AUDIT_LOG_CORRUPT: { status: 409, meaning: 'The audit log does not verify; run a full verification.' },
  VERIFICATION_NOT_FOUND: { status: 404, meaning: 'No verification run with this id.' },
  STREAM_NOT_FOUND: { status: 404, meaning: 'No such stream.' },
  REPLAY_CATEGORY_UNKNOWN: { status: 404, meaning: 'No evolve function replays this stream category.' },
  REVISION_NOT_FOUND: { status: 404, meaning: 'The stream has no such revision.' },
  REPLAY_FAILED: { status: 409, meaning: 'Replaying the stream failed; run a full verification.' },
  CHECKPOINT_NOT_FOUND: { status: 404, meaning: 'No signed checkpoint has this tree size.' },
  WITNESS_UNKNOWN: {
    status: 403,
    meaning: 'The cosignature names a witness (name and key id) that WITNESS_KEYS does not list.',
  },
  COSIGNATURE_INVALID: {
    status: 422,
    meaning: 'The cosignature is not a valid cosignature/v1 of that checkpoint by the named witness.',
  },

  // Live updates.
  NOT_ACCEPTABLE: { status: 406, meaning: 'The live stream needs `Accept: text/event-stream` (EventSource sends it).' },
  SHUTTING_DOWN: { status: 503, meaning: 'This instance is stopping; reconnect (to another instance).' },

  // Jobs.
  JOB_BUSY: { status: 409, meaning: 'Another instance or run holds this job right now; retry shortly.' },
  JOB_WORKER_UNAVAILABLE: {
    status: 503,
    meaning: 'An API instance hands manual runs to a worker (ROLE=worker or all), and none took this one in time.',
  },

  // Documents, shares and legal holds.
  BLOB_STORE_UNAVAILABLE: {
    status: 503,
    meaning:
      'The document store (BLOB_STORE=s3) did not answer, even after retries; nothing was recorded. Try again shortly.',
  },
  DOCUMENT_NOT_FOUND: { status: 404, meaning: 'No such document, or none you may see.' },
  NOT_DOCUMENT_OWNER: { status: 403, meaning: "Only the document's owner may do this." },
  DOCUMENT_NOT_ACTIVE: { status: 409, meaning: 'The document is archived, deleted or purged.' },
  VERSION_NOT_FOUND: { status: 404, meaning: 'The document has no such version.' },
  CONTENT_INTEGRITY_FAILED: {
    status: 409,
    meaning: 'The stored content no longer matches its recorded SHA-256; it is withheld and compliance is alerted.',
  },
  CONTENT_PURGED: { status: 410, meaning: 'The content was purged after its retention; its hash stays in the log.' },
  SHARE_NOT_FOUND: { status: 404, meaning: 'No such share on this document.' },
  SHARE_LINK_INVALID: { status: 401, meaning: 'The share link token is missing or unknown.' },
  SHARE_EXPIRED: { status: 410, meaning: 'The share has expired.' },
  SHARE_REVOKED: { status: 410, meaning: 'The share was revoked.' },
  SHARE_NOT_ALLOWED: { status: 403, meaning: 'The share does not allow this (viewing, commenting or signing).' },
  LEGAL_HOLD: { status: 409, meaning: 'A legal hold blocks this; `details.holdId` names it.' },
  HOLD_EXISTS: { status: 409, meaning: 'A legal hold with this id already exists.' },
  HOLD_NOT_FOUND: { status: 404, meaning: 'No such legal hold.' },
  HOLD_RELEASED: { status: 409, meaning: 'The legal hold was released already.' },
  CLIENT_NOT_FOUND: { status: 404, meaning: 'No such client of yours.' },
  CLIENT_ERASED: {
    status: 409,
    meaning: "The client's personal data was erased; it can no longer be changed or shared with.",
  },

  // Signatures and signing keys.
  SIGNATURE_REQUEST_NOT_FOUND: { status: 404, meaning: 'No such signature request, or none you take part in.' },
  SIGNATURE_REQUEST_CLOSED: { status: 409, meaning: 'The signature request is complete or past its due date.' },
  NOT_A_SIGNER: { status: 403, meaning: 'You are not a signer of this request.' },
  SIGNER_CANNOT_SIGN: {
    status: 422,
    meaning:
      'A signer has no active share of the document that allows signing (when named, or any more when signing); `details.signerIds` lists them.',
  },
  ALREADY_SIGNED: { status: 409, meaning: 'This signer has signed the request already.' },
  SIGNATURE_INVALID: {
    status: 422,
    meaning:
      'The signature does not verify over the statement of this request, document hash and signer with this key.',
  },
  SIGNED_AT_OUT_OF_RANGE: { status: 400, meaning: 'signedAt must be within 5 minutes of the server time.' },
  SIGNING_KEY_NOT_FOUND: { status: 404, meaning: 'No such signing key of yours.' },
  SIGNING_KEY_REVOKED: { status: 409, meaning: 'The signing key is revoked; register a new one.' },
  INVALID_PUBLIC_KEY: {
    status: 400,
    meaning: 'The public key is not a SEC1 P-256 point (compressed or uncompressed) on the curve.',
  },

  // Notifications.
  NOTIFICATION_NOT_FOUND: { status: 404, meaning: 'You have no notification with this id.' },
} as const satisfies Record<string, ErrorCatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}
