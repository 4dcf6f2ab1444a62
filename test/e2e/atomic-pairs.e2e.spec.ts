import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  adminUsersSchema,
  kycQueueSchema,
  meResponseSchema,
  mfaEnrolmentSchema,
  recoveryCodesSchema,
} from '../../src/identity/http/identity.responses';
import { bearerLogin } from '../support/account-basics';
import { currentCode, PASSWORD, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf } from '../support/json';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

const EVIDENCE = {
  legalName: 'Grace Hopper',
  dateOfBirth: '1906-12-09',
  country: 'US',
  documentType: 'PASSPORT',
  documentNumber: 'P7654321',
};

/**
 * Commands that write a table row and append an event: KYC (evidence, a decision's reason),
 * sign-up (the account) and MFA (the confirmed factor). A failure is injected between the two (a
 * trigger, created as the owner, that refuses one of the writes): either both halves are visible
 * afterwards or neither is, and a retry (with the same Idempotency-Key, where there is one)
 * completes the pair.
 */
describe('table rows and events, written as pairs', () => {
  let app: TestApp;
  let officer: TestUser;
  let owner: pg.Client;
  const api = () => request(app.baseUrl);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
    owner = new pg.Client({ connectionString: app.ownerUrl });
    await owner.connect();
    await owner.query(
      `create function injected_failure() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`,
    );
  });
  afterAll(async () => {
    // A failed beforeAll leaves it unassigned, as closeIfStarted explains.
    await (owner as pg.Client | undefined)?.end();
    await closeIfStarted(app);
  });

  /** Runs `body` while every insert into `table` (of events of `eventType`, for events) fails. */
  async function withFailingInsert(
    table: 'events' | 'kyc_decisions',
    eventType: string | null,
    body: () => Promise<void>,
  ): Promise<void> {
    const when = eventType ? `when (new.type = '${eventType}')` : '';
    await owner.query(
      `create trigger injected_failure before insert on ${table} for each row ${when} execute function injected_failure()`,
    );
    try {
      await body();
    } finally {
      await owner.query(`drop trigger injected_failure on ${table}`);
    }
  }

  const me = async (member: TestUser) =>
    json(await api().get('/api/v1/auth/me').set(member.auth).expect(200), meResponseSchema.options[0]);
  const submit = (member: TestUser, key: string, evidence: object = EVIDENCE) =>
    api().post('/api/v1/kyc').set(member.auth).set('Idempotency-Key', key).send(evidence);
  const decide = (member: TestUser, key: string, reason: string) =>
    api()
      .post(`/api/v1/kyc/${member.userId}/decision`)
      .set(officer.auth)
      .set('Idempotency-Key', key)
      .send({ status: 'FAILED', reason });
  const typesOf = async (member: TestUser) =>
    (await app.store.readStream(`user-${member.userId}`)).map((event) => event.type);
  const queued = async (member: TestUser) => {
    await app.waitForProjections();
    return json(await api().get('/api/v1/kyc/queue').set(officer.auth).expect(200), kycQueueSchema).some(
      (entry) => entry.userId === member.userId,
    );
  };

  async function pendingMember(): Promise<TestUser> {
    const member = await signUp(app);
    await submit(member, `submit-${randomUUID()}`).expect(202);
    return member;
  }

  it('a decision whose reason cannot be stored changes nothing; the retry records both', async () => {
    const member = await pendingMember();
    const key = `decide-${randomUUID()}`;
    await withFailingInsert('kyc_decisions', null, async () => {
      await decide(member, key, 'Document expired').expect(500);
    });
    expect(await me(member)).toMatchObject({ kycStatus: 'PENDING', kycReason: null });
    expect(await typesOf(member)).not.toContain('KycStatusChanged');
    expect(await queued(member)).toBe(true);

    await decide(member, key, 'Document expired').expect(200);
    expect(await me(member)).toMatchObject({ kycStatus: 'FAILED', kycReason: 'Document expired' });
  });

  it('a decision whose event cannot be appended shows neither status nor reason; the retry completes it, once', async () => {
    const member = await pendingMember();
    const key = `decide-${randomUUID()}`;
    await withFailingInsert('events', 'KycStatusChanged', async () => {
      await decide(member, key, 'Name does not match').expect(500);
    });
    expect(await me(member)).toMatchObject({ kycStatus: 'PENDING', kycReason: null });
    expect(await queued(member)).toBe(true);

    await decide(member, key, 'Name does not match').expect(200);
    await decide(member, key, 'Name does not match').expect(200);
    expect(await me(member)).toMatchObject({ kycStatus: 'FAILED', kycReason: 'Name does not match' });
    expect((await typesOf(member)).filter((type) => type === 'KycStatusChanged')).toHaveLength(1);
    expect(errorOf(await decide(member, key, 'Another reason').expect(409)).error).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a submission whose event cannot be appended is not queued; the retry completes it, and other evidence under its key is refused', async () => {
    const member = await signUp(app);
    const key = `submit-${randomUUID()}`;
    await withFailingInsert('events', 'KycSubmitted', async () => {
      await submit(member, key).expect(500);
    });
    expect((await me(member)).kycStatus).toBe('NOT_SUBMITTED');
    expect(await queued(member)).toBe(false);

    await submit(member, key).expect(202);
    expect((await me(member)).kycStatus).toBe('PENDING');
    expect(await queued(member)).toBe(true);
    expect(errorOf(await submit(member, key, { ...EVIDENCE, documentNumber: 'OTHER123' }).expect(409)).error).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('stores no evidence and no reason for a command the rules refuse', async () => {
    const member = await pendingMember();
    const countRows = async (table: string, userId: string) => {
      const result = await owner.query(`select count(*)::int as count from ${table} where user_id = $1`, [userId]);
      return present(rowsOf(result, z.object({ count: z.number() }))[0], 'a count row').count;
    };
    await submit(member, `submit-${randomUUID()}`).expect(409);
    expect(await countRows('kyc_submissions', member.userId)).toBe(1);
    // The officer has nothing pending: refused before any reason is stored.
    await api()
      .post(`/api/v1/kyc/${officer.userId}/decision`)
      .set(officer.auth)
      .send({ status: 'PASSED', reason: 'Nothing to decide' })
      .expect(409);
    expect(await countRows('kyc_decisions', officer.userId)).toBe(0);
  });

  it('a sign-up whose event cannot be appended is not a user yet; signing in completes it', async () => {
    const email = `pair-${randomUUID()}@example.com`;
    await withFailingInsert('events', 'UserRegistered', async () => {
      await api().post('/api/v1/auth/register').send({ email, password: PASSWORD }).expect(500);
    });
    await app.waitForProjections();
    const admin = await signUp(app, { roles: ['admin'], mfa: true });
    expect(
      json(await api().get('/api/v1/admin/users').set(admin.auth).expect(200), adminUsersSchema).map(
        (user) => user.email,
      ),
    ).not.toContain(email);

    const login = await api()
      .post('/api/v1/auth/login')
      .send({ email, password: PASSWORD, session: 'bearer' })
      .expect(200);
    const me = await api()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${bearerLogin(login).accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({ email, roles: ['member'] });
  });

  it('an MFA confirmation whose event cannot be appended leaves MFA off; confirming again with a fresh code turns it on', async () => {
    const member = await signUp(app);
    const enrolled = await api().post('/api/v1/auth/mfa/enroll').set(member.auth).expect(200);
    const secret = new URL(json(enrolled, mfaEnrolmentSchema).otpauthUri).searchParams.get('secret') as string;
    await withFailingInsert('events', 'MfaEnabled', async () => {
      await api()
        .post('/api/v1/auth/mfa/confirm')
        .set(member.auth)
        .send({ code: currentCode(secret) })
        .expect(500);
    });
    expect((await api().get('/api/v1/auth/me').set(member.auth).expect(200)).body).toMatchObject({ mfaEnabled: false });
    expect(
      errorOf(
        await api()
          .post('/api/v1/auth/mfa/verify')
          .set(member.auth)
          .send({ code: currentCode(secret, 1) })
          .expect(409),
      ).error,
    ).toBe('MFA_NOT_ENABLED');

    const { recoveryCodes } = json(
      await api()
        .post('/api/v1/auth/mfa/confirm')
        .set(member.auth)
        .send({ code: currentCode(secret, 1) })
        .expect(200),
      recoveryCodesSchema,
    );
    expect(recoveryCodes).toHaveLength(10);
    expect((await api().get('/api/v1/auth/me').set(member.auth).expect(200)).body).toMatchObject({
      mfaEnabled: true,
      mfaVerified: true,
    });
    await api().post('/api/v1/auth/mfa/verify').set(member.auth).send({ recoveryCode: recoveryCodes[0] }).expect(204);
  });
});
