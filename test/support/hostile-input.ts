import type { z } from 'zod';

/**
 * Hostile input the edge must refuse with a 400 (issue #11 item 3, issue #12 item 7), shared by
 * test/e2e/hostile-text.e2e.spec.ts, which sends every one to every field, and the fuzzer.
 */

/** Text no field may hold (src/platform/text/storable-text.ts), each inserted into an otherwise valid value. */
export const HOSTILE_TEXTS: readonly (readonly [name: string, text: string])[] = [
  ['NUL', '\u0000'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
  ['a reversed surrogate pair', '\ude00\ud83d'],
  ['ESC, a C0 control', '\u001b'],
  ['NEL, a C1 control', '\u0085'],
  ['the noncharacter U+FFFF', '\uffff'],
  ['the noncharacter U+10FFFF', '\udbff\udfff'],
];

/** The hostile texts a URL can carry: lone surrogates have no UTF-8 form (they arrive as U+FFFD). */
export const URL_HOSTILE_TEXTS = HOSTILE_TEXTS.filter(([, text]) => hasUtf8Form(text));

function hasUtf8Form(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** Integers no query or body number takes: past int64 (PostgreSQL's bigint), negative, huge. */
export const OUT_OF_RANGE_INTEGERS: readonly string[] = [
  '9223372036854775808',
  '18446744073709551616',
  '99999999999999999999999',
  '-1',
  '-9223372036854775809',
  '1e309',
];

/** The largest int64: where a revision query must still be accepted. */
export const INT64_MAX = '9223372036854775807';

const SOME_UUID = '6f1c1a52-3c9e-4c53-9d0b-2a8f1b7e4c11';
const OTHER_UUID = '0b7d3e4a-8c2f-4a61-b5d9-7e3f2c1a9d08';
const HEX32 = 'ab'.repeat(32);

/**
 * A body that passes each body route's schema (checked in hostile-text.e2e.spec.ts), so that
 * a variant differing only by one hostile string can only be refused for that string.
 */
export const VALID_BODIES: Readonly<Record<string, Record<string, unknown>>> = {
  'POST /api/v1/auth/register': { email: 'someone@example.com', password: 'a long enough password' },
  'POST /api/v1/auth/login': { email: 'someone@example.com', password: 'a long enough password', session: 'bearer' },
  'POST /api/v1/auth/refresh': { refreshToken: 'some-refresh-token' },
  'POST /api/v1/auth/mfa/confirm': { code: '123456' },
  'POST /api/v1/auth/mfa/verify': { recoveryCode: 'abcde-12345' },
  'POST /api/v1/admin/users/:userId/roles': { role: 'board' },
  'POST /api/v1/auth/password': { currentPassword: 'a long enough password', newPassword: 'another long password' },
  'POST /api/v1/auth/password-reset': { token: 'A'.repeat(43), newPassword: 'another long password' },
  'POST /api/v1/admin/users/:userId/mfa-reset': { reason: 'lost their phone' },

  'POST /api/v1/admin/users/:userId/roles/:role/revoke': { reason: 'term on the board ended' },
  'POST /api/v1/kyc': {
    legalName: 'Ada Lovelace',
    dateOfBirth: '1990-12-10',
    country: 'DE',
    documentType: 'PASSPORT',
    documentNumber: 'C01X00T47',
  },
  'POST /api/v1/kyc/:userId/decision': { status: 'FAILED', reason: 'document expired' },
  'POST /api/v1/devices/posture': { deviceId: 'laptop-01', diskEncrypted: true, osUpToDate: true, screenLock: true },
  'POST /api/v1/users/:userId/policy-violations': { policy: 'UNENCRYPTED_DISK', severity: 'HIGH' },
  'POST /api/v1/ventures': { name: 'Solar co-op' },
  'POST /api/v1/ventures/:ventureId/tasks': {
    title: 'Write the guide',
    tier: 'B',
    kind: 'bug',
    severity: 'low',
    skills: ['technical-writing'],
  },
  'POST /api/v1/tasks/:taskId/claim': {},
  'POST /api/v1/tasks/:taskId/submit': { note: 'done, see the PR' },
  'POST /api/v1/tasks/:taskId/reviews': { quality: 4, verdict: 'APPROVE', comment: 'clear and complete' },
  'POST /api/v1/tasks/:taskId/accept': { helpfulReviewerIds: [SOME_UUID] },
  'POST /api/v1/events/task/accepted': {
    taskId: 'ext-42',
    ventureId: SOME_UUID,
    assigneeId: OTHER_UUID,
    tier: 'A',
    quality: 5,
    reviewerIds: [SOME_UUID],
    acceptedAt: '2026-11-24T09:15:00Z',
  },
  'POST /api/v1/conversion-windows': {
    ventureId: SOME_UUID,
    opensAt: '2026-12-01T00:00:00Z',
    closesAt: '2026-12-08T00:00:00Z',
    equityRateBps: '100',
    poolCapBps: '500',
  },
  'POST /api/v1/conversion-windows/:windowId/finalize': { confirm: true },
  'POST /api/v1/equity/convert': { windowId: SOME_UUID, buz: '1500' },
  'POST /api/v1/board/conversions/:conversionId/votes': { vote: 'REJECT', note: 'too early' },
  'POST /api/v1/admin/jobs/:job/run': { throughDay: '2026-11-30' },
  'PATCH /api/v1/profiles/me': {
    nickname: 'Ada',
    bio: 'Builds meters.',
    location: 'Lisbon',
    websiteUrl: 'https://ada.example',
    theme: 'dark',
    isPublic: true,
  },
  'PUT /api/v1/profiles/me/avatar': {
    image: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  },
  'POST /api/v1/profiles/me/skills': { skillSlug: 'typescript', level: 4, evidenceUrl: 'https://code.example/ada' },
  'POST /api/v1/profiles/me/endorse': { userId: OTHER_UUID, skillSlug: 'typescript', note: 'paired on the exporter' },
  'POST /api/v1/profiles/:userId/skills/:skillSlug/verify': { taskId: 'ext-42' },
  'POST /api/v1/skills': { slug: 'solar-design', name: 'Solar design', category: 'energy' },
  'POST /api/v1/compliance/endorsement-flags/:flagId/review': { outcome: 'dismissed', note: 'colleagues on one team' },
  'POST /api/v1/portfolio': {
    title: 'Meter export',
    description: 'CSV export',
    taskId: 'ext-42',
    urls: ['https://code.example/pr/12'],
    documentId: SOME_UUID,
    isPublic: true,
  },
  'POST /api/v1/badges': {
    code: 'MENTOR',
    name: 'Mentor',
    description: 'Mentored newcomers.',
    rule: {
      type: 'COMPOSITE',
      any: [
        { type: 'THRESHOLD', metric: 'tasksAccepted', gte: 3 },
        { type: 'THRESHOLD', metric: 'kycStatus', eq: 'PASSED' },
      ],
    },
  },
  'POST /api/v1/badges/:code/award': { userId: SOME_UUID, reason: 'Ran the onboarding call' },
  'POST /api/v1/badges/:code/revoke': { userId: SOME_UUID, reason: 'Awarded by mistake' },
  'POST /api/v1/audit/verify': {
    trustedCheckpoint: {
      origin: 'smartstart-ledger',
      treeSize: 3,
      rootHash: HEX32,
      keyId: HEX32,
      signature: HEX32 + HEX32,
    },
  },
  'POST /api/v1/documents/:documentId/archive': {},
  'POST /api/v1/documents/:documentId/share': {
    toUserId: SOME_UUID,
    canView: true,
    canComment: false,
    canSign: true,
    expiresAt: '2027-01-01T00:00:00Z',
  },
  'POST /api/v1/documents/:documentId/shares/:shareId/revoke': {},
  'POST /api/v1/documents/:documentId/comments': { body: 'Clause 4 needs a date' },
  'POST /api/v1/share-link/comments': { body: 'Looks fine to me' },
  'POST /api/v1/share-link/signing-keys': { publicKeyHex: `04${HEX32}${HEX32}` },
  'POST /api/v1/share-link/signing-keys/:keyId/revoke': {},
  'POST /api/v1/share-link/signatures/:requestId/sign': {
    keyId: HEX32,
    signature: HEX32 + HEX32,
    signedAt: '2026-12-07T10:00:00.000Z',
    intent: 'approve',
  },
  'POST /api/v1/clients': {
    name: 'Ada Client',
    email: 'ada@client.example',
    phone: '+44 20 7946 0000',
    organization: 'Analytical Engines',
    tags: ['vip'],
  },
  'PATCH /api/v1/clients/:clientId': { organization: 'Difference Engines' },
  'POST /api/v1/clients/:clientId/erase': {},
  'POST /api/v1/legal-holds': {
    scope: 'document',
    scopeId: SOME_UUID,
    reason: 'pending litigation',
    caseRef: 'CASE-1',
  },
  'POST /api/v1/legal-holds/:holdId/release': {},
  'POST /api/v1/signing-keys': { publicKeyHex: `04${HEX32}${HEX32}`, replacesKeyId: HEX32 },
  'POST /api/v1/signing-keys/:keyId/revoke': {},
  'POST /api/v1/signatures': {
    documentId: SOME_UUID,
    signers: [{ userId: OTHER_UUID }],
    message: 'Please sign',
    dueAt: '2027-01-01T00:00:00Z',
  },
  'POST /api/v1/signatures/:requestId/sign': {
    keyId: HEX32,
    signature: HEX32 + HEX32,
    signedAt: '2026-12-07T10:00:00.000Z',
    intent: 'sign',
  },
  'POST /api/v1/signatures/verify': {
    publicKeyHex: `04${HEX32}${HEX32}`,
    messageHex: 'abcd',
    signatureHex: HEX32 + HEX32,
    encoding: 'p1363',
  },
  'POST /api/v1/witness/cosignatures': {
    treeSize: 3,
    cosignature:
      '\u2014 witness.example/w1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  },
};

export interface HostileVariant {
  /** Where the hostile value sits, e.g. `trustedCheckpoint.origin` or `reviewerIds.0`. */
  field: string;
  /** What was put there. */
  hostile: string;
  /** The body as JSON text (a number like 1e309 has no JavaScript value to stringify). */
  json: string;
}

const RAW = '\u0001raw-number\u0001';

/**
 * `body` with one leaf made hostile, for every leaf: each hostile text inserted after the first
 * character of a string, each out-of-range integer written in place of a number.
 */
export function hostileVariants(body: Record<string, unknown>): HostileVariant[] {
  return leavesOf(body).flatMap(({ path, value }): HostileVariant[] => {
    const field = path.join('.');
    if (typeof value === 'string') {
      return HOSTILE_TEXTS.map(([name, text]) => ({
        field,
        hostile: name,
        json: JSON.stringify(withLeaf(body, path, value.slice(0, 1) + text + value.slice(1))),
      }));
    }
    if (typeof value === 'number') {
      return OUT_OF_RANGE_INTEGERS.map((integer) => ({
        field,
        hostile: integer,
        json: JSON.stringify(withLeaf(body, path, RAW)).replace(JSON.stringify(RAW), integer),
      }));
    }
    return [];
  });
}

function leavesOf(value: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leavesOf(item, [...path, key]));
  return [{ path, value }];
}

function withLeaf(body: Record<string, unknown>, path: string[], leaf: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[path[path.length - 1]] = leaf;
  return copy;
}

/** Percent-encodes a hostile text for a URL (only the URL_HOSTILE_TEXTS have a form). */
export const inUrl = (text: string): string => encodeURIComponent(text);

/** The zod schemas inside `schema`, itself included, depth first. */
export function* schemasIn(schema: z.ZodType, seen = new Set<unknown>()): Generator<z.ZodType> {
  if (seen.has(schema)) return;
  seen.add(schema);
  yield schema;
  for (const [key, value] of Object.entries(schema._zod.def as unknown as Record<string, unknown>)) {
    const children = key === 'shape' && value ? Object.values(value) : Array.isArray(value) ? value : [value];
    for (const child of children) if (isSchema(child)) yield* schemasIn(child, seen);
  }
}

function isSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_zod' in value &&
    typeof (value as { _zod: { def?: unknown } })._zod.def === 'object'
  );
}
