import type { Role } from '../domain/roles.contract';

/**
 * Who may call what. Every route Nest registers must have an entry: the app refuses to start
 * otherwise, and test/e2e/permission-matrix.e2e.spec.ts walks every entry as anonymous, as
 * another member and as every role.
 *
 * - `public`: anyone, signed in or not.
 * - `authenticated`: any signed-in user or integration.
 * - roles: callers holding one of them; `mfa` additionally requires a TOTP-verified session.
 * - `owner`: the route param naming a user; that user may call it too, without the roles.
 */
export type AccessRule =
  | { access: 'public' }
  | { access: 'authenticated' }
  | { access: 'roles'; roles: readonly Role[]; mfa: boolean; owner?: string };

const anyone: AccessRule = { access: 'public' };
const signedIn: AccessRule = { access: 'authenticated' };
const privileged = (roles: Role[], owner?: string): AccessRule => ({ access: 'roles', roles, mfa: true, owner });

export const PERMISSION_MATRIX: Readonly<Record<string, AccessRule>> = {
  'GET /api/health': anyone,
  // The HTTP contract (OpenAPI document and its rendered reference): what any client needs before signing in.
  'GET /api/openapi.json': anyone,
  'GET /api/docs': anyone,
  // Aggregate counts only: the portal's landing page, readable before sign-in.
  'GET /api/v1/ledger/status': anyone,

  'POST /api/v1/auth/register': anyone,
  'POST /api/v1/auth/login': anyone,
  'POST /api/v1/auth/refresh': anyone,
  // Best effort: clears the cookies and ends whatever session the credentials name, even a dead one.
  'POST /api/v1/auth/logout': anyone,
  'GET /api/v1/auth/me': signedIn,
  'POST /api/v1/auth/mfa/enroll': signedIn,
  'POST /api/v1/auth/mfa/confirm': signedIn,
  'POST /api/v1/auth/mfa/verify': signedIn,
  // account basics (#16 §9): a person's own password and sessions; a reset link is its own credential
  'POST /api/v1/auth/password': signedIn,
  'GET /api/v1/auth/sessions': signedIn,
  'DELETE /api/v1/auth/sessions/:sessionId': signedIn,
  'POST /api/v1/auth/password-reset': anyone,

  'GET /api/v1/admin/users': privileged(['admin']),
  'POST /api/v1/admin/users/:userId/roles': privileged(['admin']),
  'DELETE /api/v1/admin/users/:userId/roles/:role': privileged(['admin']),
  'POST /api/v1/admin/users/:userId/password-reset': privileged(['admin']),
  // an admin asks, a compliance officer approves (never the same person: the decider's rule)
  'POST /api/v1/admin/users/:userId/mfa-reset': privileged(['admin']),
  'GET /api/v1/compliance/mfa-resets': privileged(['compliance']),
  'POST /api/v1/compliance/mfa-resets/:requestId/approve': privileged(['compliance']),

  'POST /api/v1/admin/users/:userId/roles/:role/revoke': privileged(['admin']),
  // integration tokens are minted by the CLI; an admin ends one (idempotent, audited as ApiTokenRevoked)
  'POST /api/v1/admin/api-tokens/:tokenId/revoke': privileged(['admin']),

  'POST /api/v1/kyc': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/kyc/queue': privileged(['compliance']),
  'POST /api/v1/kyc/:userId/decision': privileged(['compliance']),

  'POST /api/v1/devices/posture': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/users/:userId/devices': privileged(['compliance', 'admin'], 'userId'),
  'POST /api/v1/users/:userId/policy-violations': privileged(['compliance']),

  // ventures and tasks: any member; owning, claiming, reviewing and accepting are the task's own rules
  'POST /api/v1/ventures': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/ventures': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/ventures/:ventureId': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/ventures/:ventureId/tasks': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/tasks/:taskId': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/tasks/:taskId/claim': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/tasks/:taskId/submit': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/tasks/:taskId/reviews': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/tasks/:taskId/accept': { access: 'roles', roles: ['member'], mfa: false },

  // earning
  'POST /api/v1/events/task/accepted': { access: 'roles', roles: ['system'], mfa: false },
  'GET /api/v1/wallet/me': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/progress/me/history': { access: 'roles', roles: ['member'], mfa: false },

  // people: a profile shows only what its isPublic allows (the owner and admins see a private one)
  'GET /api/v1/profiles/me': { access: 'roles', roles: ['member'], mfa: false },
  'PATCH /api/v1/profiles/me': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/profiles/me/skills': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/profiles/me/endorse': { access: 'roles', roles: ['member'], mfa: false },
  'PUT /api/v1/profiles/me/avatar': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/avatars/:hash': anyone,
  'GET /api/v1/profiles/:userId': anyone,
  'GET /api/v1/profiles/:userId/portfolio': anyone,
  // who may verify (an admin, or the venture owner who accepted the member's task naming the skill) is the skill's own rule
  'POST /api/v1/profiles/:userId/skills/:skillSlug/verify': { access: 'roles', roles: ['member', 'admin'], mfa: false },
  'GET /api/v1/profiles/:userId/skill-verifier': { access: 'roles', roles: ['member', 'admin'], mfa: false },
  'GET /api/v1/people': signedIn,
  'GET /api/v1/skills': anyone,
  'POST /api/v1/skills': privileged(['admin']),
  'POST /api/v1/portfolio': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/compliance/endorsement-flags': privileged(['compliance', 'admin']),
  'POST /api/v1/compliance/endorsement-flags/:flagId/review': privileged(['compliance', 'admin']),

  // badges and their Open Badges 3.0 credentials: public, so anyone can check one
  'GET /api/v1/badges': anyone,
  'POST /api/v1/badges': privileged(['admin']),
  'GET /api/v1/badges/:code': anyone,
  'GET /api/v1/badges/:code/achievement': anyone,
  'POST /api/v1/badges/:code/award': privileged(['admin']),
  'POST /api/v1/badges/:code/revoke': privileged(['admin']),
  'GET /api/v1/credentials/issuer': anyone,
  'GET /api/v1/credentials/status/:listId': anyone,
  'GET /api/v1/credentials/:credentialId': anyone,
  'GET /api/v1/credentials/:credentialId/download': anyone,
  'GET /api/debug/gamification/status': privileged(['admin']),

  // auditors
  'GET /api/v1/audit/public-key': privileged(['auditor']),
  'GET /api/v1/audit/checkpoints': privileged(['auditor']),
  'GET /api/v1/audit/proofs/inclusion/:eventId': privileged(['auditor']),
  'GET /api/v1/audit/proofs/consistency': privileged(['auditor']),
  'POST /api/v1/audit/verify': privileged(['auditor']),
  'GET /api/v1/audit/verify/:id': privileged(['auditor']),
  'GET /api/v1/audit/streams': privileged(['auditor']),
  'GET /api/v1/audit/streams/:streamId': privileged(['auditor']),
  'GET /api/v1/audit/replay/:streamId': privileged(['auditor']),
  'GET /api/v1/audit/replay-category/:category': privileged(['auditor']),
  'GET /api/v1/audit/events': privileged(['auditor']),
  'GET /api/v1/audit/bundle': privileged(['auditor']),
  'GET /api/debug/worm/integrity': privileged(['auditor', 'admin']),
  // witnesses (C2SP tlog-witness): no session; the checkpoint's signature is what they trust, and a
  // cosignature is checked against WITNESS_KEYS. Hashes only, rate-limited per address.
  'GET /api/v1/witness/checkpoint': anyone,
  'GET /api/v1/witness/consistency': anyone,
  'POST /api/v1/witness/cosignatures': anyone,
  'GET /api/v1/witness/status': anyone,

  // conversion
  'POST /api/v1/conversion-windows': privileged(['board']),
  'GET /api/v1/conversion-windows': privileged(['board']),
  'GET /api/v1/conversion-windows/active': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/conversion-windows/upcoming': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/conversion-windows/advance': privileged(['board']),
  'GET /api/v1/equity/convert/preview': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/conversion-windows/:windowId': privileged(['board']),
  'GET /api/v1/conversion-windows/:windowId/finalization-preview': privileged(['board']),
  'POST /api/v1/conversion-windows/:windowId/finalize': privileged(['board']),
  'POST /api/v1/equity/convert': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/equity/conversions/me': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/equity/conversions/:conversionId/cancel': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/board/conversions/pending': privileged(['board']),
  'POST /api/v1/board/conversions/:conversionId/votes': privileged(['board']),
  'GET /api/v1/ventures/:ventureId/cap-table': signedIn,
  'GET /api/v1/ventures/:ventureId/cap-table/csv': signedIn,
  'GET /api/v1/ventures/:ventureId/cap-table/ocf': signedIn,

  // live updates: each caller hears only what concerns it (src/live/notices.ts)
  'GET /api/v1/live': signedIn,
  // the caller's own dashboard and notifications (#16 §5): whatever their roles, only their own
  'GET /api/v1/me/inbox': signedIn,
  'GET /api/v1/me/notifications': signedIn,
  'POST /api/v1/me/notifications/:notificationId/read': signedIn,
  'POST /api/v1/me/notifications/read-all': signedIn,

  // documents: any member; owning and sharing are the document's own rules (DOCUMENT_NOT_FOUND to others)
  'POST /api/v1/documents': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/documents': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/documents/integrity-alarms': privileged(['compliance', 'admin']),
  'GET /api/v1/documents/:documentId': signedIn,
  'POST /api/v1/documents/:documentId/versions': { access: 'roles', roles: ['member'], mfa: false },
  'GET /api/v1/documents/:documentId/content': signedIn,
  'GET /api/v1/documents/:documentId/views': signedIn,
  'POST /api/v1/documents/:documentId/archive': { access: 'roles', roles: ['member'], mfa: false },
  'DELETE /api/v1/documents/:documentId': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/documents/:documentId/share': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/documents/:documentId/shares/:shareId/revoke': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/documents/:documentId/comments': signedIn,
  'GET /api/v1/documents/:documentId/comments': signedIn,
  // A client's link: no account; the token (X-Share-Token header) is the credential, checked on the document's stream
  'GET /api/v1/share-link': anyone,
  'GET /api/v1/share-link/content': anyone,
  'GET /api/v1/share-link/comments': anyone,
  'POST /api/v1/share-link/comments': anyone,
  // a client signs through the link: the token is the credential, checked against an active share that allows signing
  'GET /api/v1/share-link/signatures': anyone,
  'GET /api/v1/share-link/signing-keys': anyone,
  'POST /api/v1/share-link/signing-keys': anyone,
  'POST /api/v1/share-link/signing-keys/:keyId/revoke': anyone,
  'POST /api/v1/share-link/signatures/:requestId/sign': anyone,

  // a member's own clients (CLIENT_NOT_FOUND for anyone else's)
  'GET /api/v1/clients': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/clients': { access: 'roles', roles: ['member'], mfa: false },
  'PATCH /api/v1/clients/:clientId': { access: 'roles', roles: ['member'], mfa: false },
  'DELETE /api/v1/clients/:clientId': { access: 'roles', roles: ['member'], mfa: false },
  'POST /api/v1/clients/:clientId/erase': { access: 'roles', roles: ['member'], mfa: false },

  // legal holds: compliance only
  'POST /api/v1/legal-holds': privileged(['compliance']),
  'GET /api/v1/legal-holds': privileged(['compliance', 'auditor']),
  'POST /api/v1/legal-holds/:holdId/release': privileged(['compliance']),

  // signing keys and signatures: the request's own rules say who signs (NOT_A_SIGNER); verifying is anyone's
  'POST /api/v1/signing-keys': signedIn,
  'GET /api/v1/signing-keys': signedIn,
  'POST /api/v1/signing-keys/:keyId/revoke': signedIn,
  'POST /api/v1/signatures': { access: 'roles', roles: ['member'], mfa: false },
  // lists: a document's requests (its owner; a signer sees their own), and the caller's own requests to sign
  'GET /api/v1/signatures': signedIn,
  'GET /api/v1/signatures/for-me': signedIn,
  'GET /api/v1/signatures/:requestId': signedIn,
  'GET /api/v1/signatures/:requestId/evidence': signedIn,
  'GET /api/v1/signatures/:requestId/evidence.html': signedIn,
  'POST /api/v1/signatures/:requestId/sign': signedIn,
  'POST /api/v1/signatures/verify': anyone,
  'GET /api/v1/signatures/by-hash/:sha256': anyone,

  // jobs
  'GET /api/debug/jobs/health': privileged(['admin']),
  'POST /api/v1/admin/jobs/:job/run': privileged(['admin']),
};

/**
 * What a session may do after the password but before the TOTP code, when the account has MFA
 * on: finish signing in, look at itself, or sign out. Everything else answers MFA_REQUIRED.
 */
export const BEFORE_MFA_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/mfa/verify',
  'POST /api/v1/auth/logout',
]);

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
