import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz, openWindow } from '../support/conversion';
import { acceptance, integrationAuth } from '../support/earning';
import { PASSWORD, currentCode, signUp, type TestUser } from '../support/identity';
import { routeInputs } from '../support/route-inventory';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';
import { createApiToken } from '../../src/identity/accounts/api-token.service';

/**
 * Routes this walk does not reach with a success, and why. Every other route that answers JSON
 * must be called here, and every answer must parse against the schema the route declares.
 */
const CHECKED_BY_ITS_OWN_SPEC =
  'a write or lookup that needs a real record: its spec parses real answers with the declared schema (expectContract in test/e2e/people, portfolio, badges, open-badges and endorsement-ring-review)';
const IN_THE_DOCUMENTS_FLOW =
  'reached with a real success by the documents flow of test/e2e/openapi.e2e.spec.ts (documentRouteAnswers), which parses each answer with the declared schema';
const ACCOUNT_BASICS =
  'test/e2e/account-basics.e2e.spec.ts reaches it with a real success and parses the answer with the declared schema (expectContract)';
const INBOX =
  'test/e2e/inbox.e2e.spec.ts and notifications.e2e.spec.ts reach it with real successes and parse each answer with the declared schema';
const NOT_REACHED: Record<string, string> = {
  'GET /api/v1/me/inbox': INBOX,
  'GET /api/v1/me/notifications': INBOX,
  'POST /api/v1/me/notifications/:notificationId/read': INBOX,
  'POST /api/v1/me/notifications/read-all': INBOX,
  'DELETE /api/v1/clients/:clientId': IN_THE_DOCUMENTS_FLOW,
  'DELETE /api/v1/documents/:documentId': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/clients': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/documents': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/documents/:documentId': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/documents/:documentId/comments': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/documents/:documentId/views': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/documents/integrity-alarms': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/legal-holds': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/share-link': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/share-link/comments': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/signatures': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/signatures/for-me': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/signatures/:requestId': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/signatures/:requestId/evidence': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/signatures/by-hash/:sha256': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/signing-keys': IN_THE_DOCUMENTS_FLOW,
  'PATCH /api/v1/clients/:clientId': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/clients': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/clients/:clientId/erase': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/documents': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/documents/:documentId/archive': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/documents/:documentId/comments': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/documents/:documentId/share': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/documents/:documentId/shares/:shareId/revoke': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/documents/:documentId/versions': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/legal-holds': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/legal-holds/:holdId/release': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/share-link/comments': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/share-link/signatures': IN_THE_DOCUMENTS_FLOW,
  'GET /api/v1/share-link/signing-keys': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/share-link/signing-keys': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/share-link/signing-keys/:keyId/revoke': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/share-link/signatures/:requestId/sign': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/signatures': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/signatures/:requestId/sign': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/signatures/verify': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/signing-keys': IN_THE_DOCUMENTS_FLOW,
  'POST /api/v1/signing-keys/:keyId/revoke': IN_THE_DOCUMENTS_FLOW,
  'PATCH /api/v1/profiles/me': CHECKED_BY_ITS_OWN_SPEC,
  'PUT /api/v1/profiles/me/avatar': CHECKED_BY_ITS_OWN_SPEC,
  'GET /api/v1/people': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/profiles/me/skills': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/profiles/me/endorse': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/profiles/:userId/skills/:skillSlug/verify': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/compliance/endorsement-flags/:flagId/review': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/skills': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/portfolio': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/badges': CHECKED_BY_ITS_OWN_SPEC,
  'GET /api/v1/badges/:code': CHECKED_BY_ITS_OWN_SPEC,
  'GET /api/v1/badges/:code/achievement': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/badges/:code/award': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/badges/:code/revoke': CHECKED_BY_ITS_OWN_SPEC,
  'GET /api/v1/credentials/status/:listId': CHECKED_BY_ITS_OWN_SPEC,
  'GET /api/v1/credentials/:credentialId': CHECKED_BY_ITS_OWN_SPEC,
  'GET /api/v1/credentials/:credentialId/download': CHECKED_BY_ITS_OWN_SPEC,
  'POST /api/v1/auth/password': ACCOUNT_BASICS,
  'GET /api/v1/auth/sessions': ACCOUNT_BASICS,
  'POST /api/v1/admin/users/:userId/password-reset': ACCOUNT_BASICS,
  'POST /api/v1/admin/users/:userId/mfa-reset': ACCOUNT_BASICS,
  'GET /api/v1/compliance/mfa-resets': ACCOUNT_BASICS,
  'POST /api/v1/compliance/mfa-resets/:requestId/approve': ACCOUNT_BASICS,
  'GET /api/v1/audit/events':
    'test/e2e/audit-event-search.e2e.spec.ts reaches it with real successes and parses each answer with the declared schema',
  'GET /api/v1/audit/proofs/inclusion/:eventId': 'needs a signed checkpoint, which test apps do not seal (TEST_ENV)',
  'GET /api/v1/audit/proofs/consistency': 'needs a signed checkpoint, which test apps do not seal (TEST_ENV)',
  'GET /api/v1/witness/checkpoint':
    'needs a signed checkpoint: test/integration/audit/witness.int.spec.ts parses real answers with the declared schema',
  'GET /api/v1/witness/consistency':
    'needs signed checkpoints: test/integration/audit/witness.int.spec.ts parses real answers with the declared schema',
  'POST /api/v1/witness/cosignatures':
    "needs a witness's cosignature of a signed checkpoint: test/integration/audit/witness.int.spec.ts parses real answers",
};

type Caller = { Authorization: string } | Record<string, never>;
type CallOptions = { params?: Record<string, string>; body?: object; query?: Record<string, string> };

/** The fields of answers that the walk reads to go on. */
const withUserId = z.object({ userId: z.string() });
const withTokens = z.object({ accessToken: z.string(), refreshToken: z.string() });
const withOtpauthUri = z.object({ otpauthUri: z.string() });
const withVentureId = z.object({ ventureId: z.string() });
const withTaskId = z.object({ taskId: z.string() });
const withConversionId = z.object({ conversionId: z.string() });
const withId = z.object({ id: z.string() });
const withStreams = z.object({ streams: z.array(z.object({ streamId: z.string() })).min(1) });

function secretOf(otpauthUri: string): string {
  const secret = new URL(otpauthUri).searchParams.get('secret');
  if (secret === null) throw new Error(`no secret in ${otpauthUri}`);
  return secret;
}

describe('every success answer matches the schema its route declares', () => {
  let app: TestApp;
  const clock = testClock();
  const schemas = new Map<string, z.ZodType>();
  const answered = new Set<string>();
  const mismatches: string[] = [];

  /** Calls `key` with its path parameters filled in, expects a success, and holds the body to the route's schema. */
  async function answer(key: string, caller: Caller, options: CallOptions = {}): Promise<unknown> {
    const [method, template] = key.split(' ');
    const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? ''));
    const api = request(app.baseUrl);
    const call = (
      method === 'GET'
        ? api.get(path)
        : method === 'DELETE'
          ? api.delete(path)
          : api.post(path).send(options.body ?? {})
    ).set(caller);
    const response = await (options.query ? call.query(options.query) : call);
    expect(response.status, `${key}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    const schema = schemas.get(key);
    if (!schema) throw new Error(`${key} declares no JSON body`);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) mismatches.push(`${key}: ${z.prettifyError(parsed.error)}`);
    answered.add(key);
    return response.body;
  }

  /** answer(), and the fields of its body that the walk goes on with (their absence fails here). */
  async function answerWith<S extends z.ZodType>(
    key: string,
    caller: Caller,
    fields: S,
    options: CallOptions = {},
  ): Promise<z.output<S>> {
    return fields.parse(await answer(key, caller, options));
  }

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    for (const route of routeInputs(app.app))
      if (route.response && 'schema' in route.response) schemas.set(route.key, route.response.schema);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('over a walk through accounts, ventures, earning, conversion, the auditor API and operations', async () => {
    const staff = await signUp(app, { roles: ['admin', 'compliance', 'auditor'], mfa: true });
    await walkAccounts(staff);
    const { ventureId } = await walkVentures(staff);
    await walkConversion(staff, ventureId);
    await walkAudit(staff);
    await walkPeople(staff);

    expect(mismatches).toEqual([]);
    const expected = [...schemas.keys()].filter((key) => !(key in NOT_REACHED)).sort();
    expect([...answered].sort()).toEqual(expected);
  });

  async function walkAccounts(staff: TestUser): Promise<void> {
    const email = `walk-${Date.now()}@example.com`;
    const { userId } = await answerWith('POST /api/v1/auth/register', {}, withUserId, {
      body: { email, password: PASSWORD },
    });
    await answer('POST /api/v1/auth/login', {}, { body: { email, password: PASSWORD, session: 'cookie' } });
    const bearer = await answerWith('POST /api/v1/auth/login', {}, withTokens, {
      body: { email, password: PASSWORD, session: 'bearer' },
    });
    const refreshed = await answerWith('POST /api/v1/auth/refresh', {}, withTokens, {
      body: { refreshToken: bearer.refreshToken },
    });
    const user = { Authorization: `Bearer ${refreshed.accessToken}` };
    await answer('GET /api/v1/auth/me', user);
    await answer('GET /api/v1/auth/me', await integrationAuth(app));
    const enrolled = await answerWith('POST /api/v1/auth/mfa/enroll', user, withOtpauthUri);
    await answer('POST /api/v1/auth/mfa/confirm', user, {
      body: { code: currentCode(secretOf(enrolled.otpauthUri)) },
    });

    await answer('POST /api/v1/kyc', user, {
      body: {
        legalName: 'Walk Member',
        dateOfBirth: '1990-01-01',
        country: 'DE',
        documentType: 'PASSPORT',
        documentNumber: 'P1234567',
      },
    });
    await answer('POST /api/v1/devices/posture', user, {
      body: { deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true },
    });
    await answer('POST /api/v1/users/:userId/policy-violations', staff.auth, {
      params: { userId },
      body: { policy: 'UNENCRYPTED_DISK', severity: 'LOW' },
    });
    await app.waitForProjections();
    await answer('GET /api/v1/kyc/queue', staff.auth);
    await answer('POST /api/v1/kyc/:userId/decision', staff.auth, {
      params: { userId },
      body: { status: 'PASSED', reason: 'documents match' },
    });
    await answer('GET /api/v1/users/:userId/devices', staff.auth, { params: { userId } });
    await answer('POST /api/v1/admin/users/:userId/roles', staff.auth, {
      params: { userId },
      body: { role: 'auditor' },
    });
    await answer('DELETE /api/v1/admin/users/:userId/roles/:role', staff.auth, { params: { userId, role: 'auditor' } });
    await answer('POST /api/v1/admin/users/:userId/roles', staff.auth, {
      params: { userId },
      body: { role: 'auditor' },
    });
    await answer('POST /api/v1/admin/users/:userId/roles/:role/revoke', staff.auth, {
      params: { userId, role: 'auditor' },
      body: { reason: 'audit finished' },
    });
    const { tokenId } = await createApiToken(app.database.knex, 'response-schemas', 'system');
    await answer('POST /api/v1/admin/api-tokens/:tokenId/revoke', staff.auth, { params: { tokenId } });
    await app.waitForProjections();
    await answer('GET /api/v1/admin/users', staff.auth);
  }

  async function walkVentures(owner: TestUser): Promise<{ ventureId: string }> {
    const [assignee, reviewer] = [await signUp(app), await signUp(app)];
    const { ventureId } = await answerWith('POST /api/v1/ventures', owner.auth, withVentureId, {
      body: { name: 'Contract Walk Co-op' },
    });
    const { taskId } = await answerWith('POST /api/v1/ventures/:ventureId/tasks', owner.auth, withTaskId, {
      params: { ventureId },
      body: { title: 'Fix the export', tier: 'B', kind: 'bug', severity: 'high' },
    });
    await answer('POST /api/v1/tasks/:taskId/claim', assignee.auth, { params: { taskId } });
    await answer('POST /api/v1/tasks/:taskId/submit', assignee.auth, { params: { taskId }, body: { note: 'Done' } });
    await answer('POST /api/v1/tasks/:taskId/reviews', reviewer.auth, {
      params: { taskId },
      body: { quality: 4, verdict: 'APPROVE', comment: 'Good' },
    });
    await answer('POST /api/v1/tasks/:taskId/accept', owner.auth, {
      params: { taskId },
      body: { helpfulReviewerIds: [reviewer.userId] },
    });
    await answer('POST /api/v1/events/task/accepted', await integrationAuth(app), {
      body: acceptance(assignee.userId, [reviewer.userId]),
    });
    await app.waitForProjections();
    await answer('GET /api/v1/ventures', owner.auth);
    await answer('GET /api/v1/ventures/:ventureId', owner.auth, { params: { ventureId } });
    await answer('GET /api/v1/tasks/:taskId', owner.auth, { params: { taskId } });
    await answer('GET /api/v1/wallet/me', assignee.auth, { query: { limit: '1' } });
    await answer('GET /api/v1/progress/me/history', assignee.auth);
    await answer('GET /api/v1/profiles/:userId', owner.auth, { params: { userId: assignee.userId } });
    await answer('GET /api/v1/profiles/:userId/skill-verifier', owner.auth, { params: { userId: assignee.userId } });
    return { ventureId };
  }

  async function walkConversion(staff: TestUser, ventureId: string): Promise<void> {
    const member = await memberWithBuz(app, staff, await signUp(app));
    const [boardA, boardB] = [
      await makeBoardMember(app, await signUp(app)),
      await makeBoardMember(app, await signUp(app)),
    ];
    const { windowId, closesAt } = await openWindow(app, boardA, staff, {
      ventureId,
      rateBps: '700',
      openForMs: 60_000,
    });
    const tomorrow = clock.now().getTime() + 86_400_000;
    const later = {
      ventureId,
      opensAt: new Date(tomorrow).toISOString(),
      closesAt: new Date(tomorrow + 86_400_000).toISOString(),
      equityRateBps: '100',
    };
    await answer('POST /api/v1/conversion-windows', boardA.auth, { body: later });
    await answer('POST /api/v1/admin/jobs/:job/run', staff.auth, { params: { job: 'conversion-windows' } });
    await answer('POST /api/v1/conversion-windows/advance', boardA.auth);
    await answer('GET /api/v1/equity/convert/preview', member.auth, { query: { windowId, buz: '150' } });
    const { conversionId } = await answerWith('POST /api/v1/equity/convert', member.auth, withConversionId, {
      body: { windowId, buz: '150' },
    });
    const second = await answerWith('POST /api/v1/equity/convert', member.auth, withConversionId, {
      body: { windowId, buz: '15' },
    });
    await answer('POST /api/v1/equity/conversions/:conversionId/cancel', member.auth, {
      params: { conversionId: second.conversionId },
    });
    await app.waitForProjections();
    await answer('GET /api/v1/conversion-windows/active', member.auth);
    await answer('GET /api/v1/conversion-windows/upcoming', member.auth);
    await answer('GET /api/v1/board/conversions/pending', boardA.auth);
    await answer('POST /api/v1/board/conversions/:conversionId/votes', boardA.auth, {
      params: { conversionId },
      body: { vote: 'APPROVE', note: 'Strong contributor' },
    });
    await answer('POST /api/v1/board/conversions/:conversionId/votes', boardB.auth, {
      params: { conversionId },
      body: { vote: 'APPROVE', note: 'Agreed' },
    });
    clock.advance(closesAt - clock.now().getTime() + 1000);
    await answer('POST /api/v1/admin/jobs/:job/run', staff.auth, { params: { job: 'conversion-windows' } });
    await app.waitForProjections();
    await answer('GET /api/v1/conversion-windows/:windowId/finalization-preview', boardA.auth, {
      params: { windowId },
    });
    await answer('POST /api/v1/conversion-windows/:windowId/finalize', boardA.auth, {
      params: { windowId },
      body: { confirm: true },
    });
    await app.waitForProjections();
    await answer('GET /api/v1/conversion-windows', boardA.auth);
    await answer('GET /api/v1/conversion-windows/:windowId', boardA.auth, { params: { windowId } });
    await answer('GET /api/v1/equity/conversions/me', member.auth);
    await answer('GET /api/v1/ventures/:ventureId/cap-table', member.auth, { params: { ventureId } });
    await answer('GET /api/v1/ventures/:ventureId/cap-table/ocf', member.auth, { params: { ventureId } });
  }

  /** The read side of people and badges; their writes are checked by their own specs (CHECKED_BY_ITS_OWN_SPEC). */
  async function walkPeople(staff: TestUser): Promise<void> {
    await answer('GET /api/v1/badges', {});
    await answer('GET /api/v1/skills', {});
    await answer('GET /api/v1/credentials/issuer', {});
    await answer('GET /api/v1/profiles/me', staff.auth);
    await answer('GET /api/v1/profiles/:userId/portfolio', {}, { params: { userId: staff.userId } });
    await answer('GET /api/v1/compliance/endorsement-flags', staff.auth);
    await answer('GET /api/debug/gamification/status', staff.auth);
  }

  async function walkAudit(staff: TestUser): Promise<void> {
    await answer('POST /api/v1/admin/jobs/:job/run', staff.auth, { params: { job: 'integrity-check' } });
    await answer('GET /api/health', {});
    await answer('GET /api/v1/ledger/status', {});
    await answer('GET /api/openapi.json', {});
    await answer('GET /api/debug/jobs/health', staff.auth);
    await answer('GET /api/debug/worm/integrity', staff.auth);
    await answer('GET /api/v1/audit/public-key', staff.auth);
    await answer('GET /api/v1/audit/checkpoints', staff.auth);
    await answer('GET /api/v1/witness/status', {});
    const run = await answerWith('POST /api/v1/audit/verify', staff.auth, withId);
    await answer('GET /api/v1/audit/verify/:id', staff.auth, { params: { id: run.id } });
    await app.waitForProjections();
    const { streams } = await answerWith('GET /api/v1/audit/streams', staff.auth, withStreams, {
      query: { category: 'user' },
    });
    const { streamId } = streams[0];
    await answer('GET /api/v1/audit/streams/:streamId', staff.auth, { params: { streamId } });
    await answer('GET /api/v1/audit/replay/:streamId', staff.auth, { params: { streamId } });
    await answer('GET /api/v1/audit/replay-category/:category', staff.auth, { params: { category: 'user' } });
  }
});
