import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/seed/demo-accounts';
import { demoLogins, seedDemoIfNew } from '../../src/seed/demo-seed';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the demo seed of a first start', () => {
  let app: TestApp;
  const signIn = async (key: string) => {
    const email = DEMO_ACCOUNTS.find((account) => account.key === key)!.email;
    const { body } = await request(app.baseUrl).post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    return { Authorization: `Bearer ${body.accessToken}` };
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    expect(await seedDemoIfNew(app.app, () => undefined)).toBe(true);
    await app.waitForProjections();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs once', async () => {
    expect(await seedDemoIfNew(app.app, () => undefined)).toBe(false);
  });

  it('gives trusted members real balances and history, paid by the real process manager', async () => {
    const bob = await request(app.baseUrl).get('/api/v1/wallet/me').set(await signIn('bob')).expect(200);
    // A, quality 4, reviewed by carol (rep 72): 150 × 1.2 × sqrt(0.72) = 152.7 → 153.
    expect(bob.body).toMatchObject({ balanceBuz: '153', ledger: [expect.objectContaining({ type: 'BuzIssued', amountBuz: '153' })] });
    const carol = await request(app.baseUrl).get('/api/v1/wallet/me').set(await signIn('carol')).expect(200);
    expect(BigInt(carol.body.balanceBuz)).toBeGreaterThan(0n);
  });

  it('shows a newcomer why their BUZ was withheld', async () => {
    const newcomer = await request(app.baseUrl).get('/api/v1/wallet/me').set(await signIn('newcomer')).expect(200);
    expect(newcomer.body.balanceBuz).toBe('0');
    expect(newcomer.body.ledger.map((entry: { reason: string }) => entry.reason).sort()).toEqual(['DEVICE', 'KYC', 'REPUTATION']);
  });

  it('has a venture with open and finished tasks', async () => {
    const auth = await signIn('alice');
    const [venture] = (await request(app.baseUrl).get('/api/v1/ventures').set(auth).expect(200)).body;
    expect(venture).toMatchObject({ name: 'Solar Co-op' });
    const detail = await request(app.baseUrl).get(`/api/v1/ventures/${venture.ventureId}`).set(auth).expect(200);
    const statuses = detail.body.tasks.map((task: { status: string }) => task.status).sort();
    expect(statuses).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'OPEN', 'OPEN', 'SUBMITTED']);
  });

  it('prints every demo login with the password', () => {
    const text = demoLogins();
    for (const account of DEMO_ACCOUNTS) expect(text).toContain(account.email);
    expect(text).toContain(DEMO_PASSWORD);
  });
});
