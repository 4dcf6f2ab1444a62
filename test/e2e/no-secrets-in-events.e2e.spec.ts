import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';

/** DESIGN §1: the WORM log must never hold what the law or a key rotation needs to erase. */
describe('no secrets or personal data in events', () => {
  let app: TestApp;
  let stored: string;
  const secrets: string[] = [PASSWORD, 'Grace Hopper', 'X99887766', 'wrong password guess'];

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    const member = await signUp(app, { email: 'grace@example.com', mfa: true });
    const officer = await signUp(app, { roles: ['compliance', 'admin'], mfa: true });
    secrets.push(member.totpSecret as string, officer.totpSecret as string, member.email, officer.email);
    await request(app.baseUrl).post('/api/v1/auth/login').send({ email: member.email, password: 'wrong password guess' }).expect(401);
    await request(app.baseUrl)
      .post('/api/v1/kyc')
      .set(member.auth)
      .send({ legalName: 'Grace Hopper', dateOfBirth: '1906-12-09', country: 'US', documentType: 'PASSPORT', documentNumber: 'X99887766' })
      .expect(202);
    await request(app.baseUrl).post(`/api/v1/kyc/${member.userId}/decision`).set(officer.auth).send({ status: 'PASSED', reason: 'Document verified' }).expect(200);
    await request(app.baseUrl).post(`/api/v1/admin/users/${member.userId}/roles`).set(officer.auth).send({ role: 'board' }).expect(200);
    const { rows } = await app.database.pool.query('select type, data, metadata from events');
    expect(rows.map((row) => row.type)).toEqual(expect.arrayContaining(['LoginFailed', 'MfaEnabled', 'KycSubmitted', 'KycStatusChanged', 'RoleGranted']));
    stored = rows.map((row) => `${row.data}\n${row.metadata}`).join('\n');
    const hashes = await app.database.knex('accounts').pluck('password_hash');
    secrets.push(...hashes);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('holds no password, password hash, TOTP secret, email or KYC evidence', () => {
    for (const secret of secrets) expect(stored.includes(secret), `found "${secret}" in an event`).toBe(false);
  });

  it('holds nothing shaped like a bcrypt hash or an email address', () => {
    expect(stored).not.toMatch(/\$2[aby]\$\d\d\$/);
    expect(stored).not.toMatch(/[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i);
  });
});
