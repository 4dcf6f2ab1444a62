import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorsementFlagsResponseSchema, ringReviewedResponseSchema } from '../../src/people/http/people.schemas';
import { eventsOfType, expectContract, LONG_SESSIONS } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json, validationIssues } from '../support/json';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * #14 §3: compliance marks an endorsement-ring flag reviewed, once. The review is an event (the
 * note stays out of it), the list shows who reviewed it, when and how, and filters the open ones.
 * A second review of the same flag is 409 RING_FLAG_ALREADY_REVIEWED naming the first; a retry
 * with the same Idempotency-Key answers the first review again. Real HTTP, real PostgreSQL.
 */
describe('reviewing endorsement-ring flags', () => {
  let app: TestApp;
  let api: ReturnType<typeof request>;
  let compliance: TestUser;
  let admin: TestUser;
  let ann: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', ...LONG_SESSIONS } });
    api = request(app.baseUrl);
    [compliance, admin] = await Promise.all([
      signUp(app, { roles: ['compliance'], mfa: true }),
      signUp(app, { roles: ['admin'], mfa: true }),
    ]);
    [ann, ben] = await Promise.all([signUp(app), signUp(app)]);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  async function reciprocalPair(left: TestUser, right: TestUser): Promise<string> {
    for (const [from, to] of [
      [left, right],
      [right, left],
    ])
      await api
        .post('/api/v1/profiles/me/endorse')
        .set(from.auth)
        .send({ userId: to.userId, skillSlug: 'sql' })
        .expect(201);
    await app.waitForProjections();
    return present(
      (await flags(compliance, 'all')).find((flag) => flag.memberIds.includes(left.userId)),
      'the flag of the pair',
    ).flagId;
  }
  async function flags(caller: TestUser, status: 'open' | 'reviewed' | 'all') {
    const answer = await api.get('/api/v1/compliance/endorsement-flags').query({ status }).set(caller.auth).expect(200);
    expectContract(app, 'GET /api/v1/compliance/endorsement-flags', answer.body);
    return json(answer, endorsementFlagsResponseSchema).flags;
  }
  const review = (caller: TestUser, flagId: string, body: object, idempotencyKey = randomUUID()) =>
    api
      .post(`/api/v1/compliance/endorsement-flags/${flagId}/review`)
      .set(caller.auth)
      .set('Idempotency-Key', idempotencyKey)
      .send(body);

  it('records a review once: a retry answers it again, a second review is 409 naming the first', async () => {
    const flagId = await reciprocalPair(ann, ben);
    expect((await flags(compliance, 'open')).map((flag) => flag.flagId)).toContain(flagId);

    const key = randomUUID();
    const note = 'Ann and Ben pair on the exporter every week';
    const first = await review(compliance, flagId, { outcome: 'dismissed', note }, key).expect(200);
    expectContract(app, 'POST /api/v1/compliance/endorsement-flags/:flagId/review', first.body);
    const recorded = json(first, ringReviewedResponseSchema);
    expect(recorded).toMatchObject({ flagId, outcome: 'dismissed', reviewedBy: compliance.userId });
    // The same request again (a retry after a lost answer): the first review, nothing new.
    expect((await review(compliance, flagId, { outcome: 'dismissed', note }, key).expect(200)).body).toEqual(
      first.body,
    );
    // Another review, even by an admin and with another outcome: refused, naming the one that stands.
    const again = errorOf(await review(admin, flagId, { outcome: 'confirmed' }).expect(409));
    expect(again).toMatchObject({
      error: 'RING_FLAG_ALREADY_REVIEWED',
      details: { flagId, outcome: 'dismissed', reviewedBy: compliance.userId, reviewedAt: recorded.reviewedAt },
    });

    const reviews = (await eventsOfType(app, 'EndorsementRingReviewed')).filter(
      (event) => event.stream_id === `endorsementRing-${flagId}`,
    );
    expect(reviews.map((event) => event.data)).toEqual([
      { outcome: 'dismissed', reviewedBy: compliance.userId, reviewedAt: recorded.reviewedAt, hasNote: true },
    ]);

    await app.waitForProjections();
    const listed = present(
      (await flags(admin, 'reviewed')).find((flag) => flag.flagId === flagId),
      'the reviewed flag',
    );
    expect(listed.review).toEqual({
      outcome: 'dismissed',
      reviewedBy: compliance.userId,
      reviewedAt: recorded.reviewedAt,
      note,
    });
    expect((await flags(compliance, 'open')).map((flag) => flag.flagId)).not.toContain(flagId);
    expect((await flags(compliance, 'all')).map((flag) => flag.flagId)).toContain(flagId);
  });

  it('is for compliance and admins only, never for a member of the ring, and only for a flag that exists', async () => {
    const [carl, dora] = await Promise.all([signUp(app), signUp(app, { roles: ['compliance'], mfa: true })]);
    const flagId = await reciprocalPair(carl, dora);
    expect(errorOf(await review(carl, flagId, { outcome: 'dismissed' }).expect(403)).error).toBe('FORBIDDEN');
    await api.get('/api/v1/compliance/endorsement-flags').set(carl.auth).expect(403);
    // Dora holds the role, but she is in the ring.
    expect(errorOf(await review(dora, flagId, { outcome: 'dismissed' }).expect(403)).error).toBe('OWN_RING_REVIEW');
    expect(errorOf(await review(compliance, randomUUID(), { outcome: 'dismissed' }).expect(404)).error).toBe(
      'RING_FLAG_NOT_FOUND',
    );
    expect(validationIssues(await review(compliance, flagId, { outcome: 'maybe' }).expect(400))).toEqual([
      { path: 'outcome', message: 'outcome must be one of: dismissed, confirmed' },
    ]);
    expect(
      errorOf(
        await api
          .get('/api/v1/compliance/endorsement-flags')
          .query({ status: 'done' })
          .set(compliance.auth)
          .expect(400),
      ).error,
    ).toBe('VALIDATION_FAILED');
    // Still open after all of that; then an admin confirms it.
    expect((await flags(compliance, 'open')).map((flag) => flag.flagId)).toContain(flagId);
    await review(admin, flagId, { outcome: 'confirmed' }).expect(200);
    await app.waitForProjections();
    const confirmed = present(
      (await flags(compliance, 'reviewed')).find((flag) => flag.flagId === flagId),
      'the confirmed flag',
    );
    expect(confirmed.review).toMatchObject({ outcome: 'confirmed', reviewedBy: admin.userId, note: null });
  });
});
