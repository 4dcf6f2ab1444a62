import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EVENT_TYPES } from '../../src/documents/domain/document.events';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock } from '../support/clock';
import { DOCUMENT_PERSONAL_DATA, documentFlowOnTestClock } from '../support/documents-walk';
import { PASSWORD, currentCode, signIn, signUp, type TestUser } from '../support/identity';
import { checkStoredEvents } from '../support/stored-events';
import { writeAboutPeople } from '../support/gamification';
import { walkAccountBasics } from '../support/account-basics';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';
import { z } from 'zod';
import { mfaEnrolmentSchema, recoveryCodesSchema } from '../../src/identity/http/identity.responses';
import { json, rowsOf } from '../support/json';

/** Every event type of the documents context (#15): the scan must meet each one. */
const DOCUMENT_CONTEXT_EVENT_TYPES = [
  ...DOCUMENT_EVENT_TYPES,
  'SignatureRequested',
  'DocumentSigned',
  'SignatureRequestCompleted',
  'SigningKeyRegistered',
  'SigningKeyRevoked',
  'LegalHoldPlaced',
  'LegalHoldReleased',
  'ClientAdded',
  'ClientUpdated',
  'ClientArchived',
  'ClientErased',
];

/** Account basics (#16 §9): each must record the change without the password, hash, token or TOTP secret. */
const ACCOUNT_BASICS_EVENT_TYPES = [
  'PasswordChanged',
  'PasswordResetIssued',
  'SessionRevoked',
  'MfaResetRequested',
  'MfaResetApproved',
];

/** DESIGN §1: the WORM log must never hold what the law or a key rotation needs to erase. */
describe('no secrets or personal data in events', () => {
  let app: TestApp;
  let stored: string;
  const secrets: string[] = [
    PASSWORD,
    'Grace Hopper',
    'X99887766',
    'wrong password guess',
    ...Object.values(DOCUMENT_PERSONAL_DATA),
  ];
  /** MFA codes are six digits that could occur inside any id, so they are looked for as JSON strings. */
  const mfaCodes: string[] = [];

  beforeAll(async () => {
    const clock = testClock();
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    const member = await signUp(app, { email: 'grace@example.com', mfa: true });
    const officer = await signUp(app, { roles: ['compliance', 'admin'], mfa: true });
    secrets.push(member.totpSecret as string, officer.totpSecret as string, member.email, officer.email);
    await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: member.email, password: 'wrong password guess' })
      .expect(401);
    await request(app.baseUrl)
      .post('/api/v1/kyc')
      .set(member.auth)
      .send({
        legalName: 'Grace Hopper',
        dateOfBirth: '1906-12-09',
        country: 'US',
        documentType: 'PASSPORT',
        documentNumber: 'X99887766',
      })
      .expect(202);
    await request(app.baseUrl)
      .post(`/api/v1/kyc/${member.userId}/decision`)
      .set(officer.auth)
      .send({ status: 'PASSED', reason: 'Document verified' })
      .expect(200);
    await request(app.baseUrl)
      .post(`/api/v1/admin/users/${member.userId}/roles`)
      .set(officer.auth)
      .send({ role: 'board' })
      .expect(200);
    await guessMfaCodes(await signUp(app));
    secrets.push(...(await writeAboutPeople(app, member, officer)));
    await documentFlowOnTestClock(app, clock);
    secrets.push(...(await walkAccountBasics(app, officer)));
    const rows = rowsOf(
      await app.database.pool.query('select type, data, metadata from events'),
      z.object({ type: z.string(), data: z.string(), metadata: z.string() }),
    );
    expect(rows.map((row) => row.type)).toEqual(
      expect.arrayContaining([
        ...ACCOUNT_BASICS_EVENT_TYPES,
        'LoginFailed',
        'MfaEnabled',
        'MfaCodeRejected',
        'MfaCodeAccepted',
        'KycSubmitted',
        'KycStatusChanged',
        'RoleGranted',
        ...DOCUMENT_CONTEXT_EVENT_TYPES,
      ]),
    );
    expect(rows.map((row) => row.type)).toEqual(
      expect.arrayContaining([
        'ProfileUpdated',
        'SkillAdded',
        'EndorsementGiven',
        'PortfolioItemAdded',
        'BadgeAwarded',
        'BadgeRevoked',
        'CredentialIssued',
        'EndorsementCredited',
      ]),
    );
    stored = rows.map((row) => `${row.data}\n${row.metadata}`).join('\n');
    const hashes = z.array(z.string()).parse(await app.database.knex('accounts').pluck('password_hash'));
    const tokenHashes = z.array(z.string()).parse(await app.database.knex('password_resets').pluck('token_hash'));
    secrets.push(...hashes, ...tokenHashes);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  /**
   * Everything a person writes about themselves or others (#14): profile fields, a skill's
   * evidence link, an endorsement's note, a portfolio item's texts, and an admin's reasons for
   * awarding and revoking a badge. Each must stay in its erasable table.
   */
  /** Enrols MFA, then tries a wrong TOTP code, a wrong recovery code and a good one: every code is a secret. */
  async function guessMfaCodes(user: TestUser): Promise<void> {
    const enrolled = await request(app.baseUrl).post('/api/v1/auth/mfa/enroll').set(user.auth).expect(200);
    const secret = new URL(json(enrolled, mfaEnrolmentSchema).otpauthUri).searchParams.get('secret') as string;
    const firstCode = currentCode(secret);
    const confirmed = await request(app.baseUrl)
      .post('/api/v1/auth/mfa/confirm')
      .set(user.auth)
      .send({ code: firstCode })
      .expect(200);
    const { recoveryCodes } = json(confirmed, recoveryCodesSchema);
    const session = await signIn(app, user.email, user.userId);
    const accepted = new Set([-1, 0, 1].map((offset) => currentCode(secret, offset)));
    const wrongCode = ['135790', '246802', '975310'].find((code) => !accepted.has(code)) as string;
    const verify = (proof: object, status: number) =>
      request(app.baseUrl).post('/api/v1/auth/mfa/verify').set(session.auth).send(proof).expect(status);
    await verify({ code: wrongCode }, 400);
    await verify({ recoveryCode: 'wrong-00000' }, 400);
    await verify({ recoveryCode: recoveryCodes[0] }, 204);
    mfaCodes.push(firstCode, wrongCode);
    secrets.push(secret, 'wrong-00000', ...recoveryCodes);
  }

  it('holds no password, password hash, TOTP secret, email, KYC evidence, what people write about themselves and others, nor any title, client detail, comment, message or hold reason of a document', () => {
    for (const secret of secrets) expect(stored.includes(secret), `found "${secret}" in an event`).toBe(false);
  });

  it('holds no MFA code, wrong or right', () => {
    for (const code of mfaCodes) expect(stored.includes(`"${code}"`), `found the code ${code} in an event`).toBe(false);
  });

  it('holds only the fields each event type declares (strict schemas), so nothing undeclared rides along', async () => {
    expect((await checkStoredEvents(app.database.pool)).problems).toEqual([]);
  });

  it('holds nothing shaped like a bcrypt hash or an email address', () => {
    expect(stored).not.toMatch(/\$2[aby]\$\d\d\$/);
    expect(stored).not.toMatch(/[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i);
  });
});
