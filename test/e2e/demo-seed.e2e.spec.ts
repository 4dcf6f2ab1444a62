import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/seed/demo-accounts';
import {
  demoAccountsFile,
  loadOrCreateDemoPasswords,
  parseDemoAccounts,
  type DemoPasswords,
} from '../../src/seed/demo-passwords';
import { seedDemoIfNew, seedDemoOnFirstStart } from '../../src/seed/demo-seed';
import { venturesSchema, ventureWithTasksSchema } from '../../src/ventures/http/ventures.responses';
import { walletSchema } from '../../src/wallet/http/wallet.responses';
import { bearerLogin } from '../support/account-basics';
import { json } from '../support/json';
import { present } from '../support/present';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

describe('the demo seed of a first start', () => {
  let app: TestApp;
  let dataDir: string;
  let passwords: DemoPasswords;
  const firstStart: string[] = [];
  const signIn = async (key: string) => {
    const { email } = present(
      DEMO_ACCOUNTS.find((account) => account.key === key),
      `the demo account ${key}`,
    );
    const login = await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email, password: passwords.get(email) })
      .expect(200);
    return { Authorization: `Bearer ${bearerLogin(login).accessToken}` };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-demo-'));
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    await seedDemoOnFirstStart(app.app, dataDir, (line) => firstStart.push(line));
    passwords = parseDemoAccounts(await readFile(demoAccountsFile(dataDir), 'utf8'), 'demo-accounts.txt');
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes one line per account, `email password roles`, readable by the owner alone', async () => {
    const file = demoAccountsFile(dataDir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual(DEMO_ACCOUNTS.map((account) => account.email));
    expect(lines[0]).toMatch(/^admin@demo\.smartstart\.dev \S{12,} member,admin,compliance$/);
    expect(lines.find((line) => line.startsWith('alice@'))).toMatch(/^alice@demo\.smartstart\.dev \S{12,} member$/);
    expect(new Set(passwords.values()).size).toBe(DEMO_ACCOUNTS.length);
  });

  it('makes up different passwords for each installation', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'smartstart-demo-other-'));
    try {
      const theirs = await loadOrCreateDemoPasswords(demoAccountsFile(other));
      for (const account of DEMO_ACCOUNTS) expect(theirs.get(account.email)).not.toBe(passwords.get(account.email));
      // Read back, not made up again: a seed interrupted half-way resumes with the same ones.
      expect(await loadOrCreateDemoPasswords(demoAccountsFile(other))).toEqual(theirs);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('prints the passwords at the first start only; later starts name the file', async () => {
    const printed = firstStart.join('\n');
    for (const account of DEMO_ACCOUNTS)
      expect(printed).toContain(`${account.email.padEnd(32)} ${passwords.get(account.email)}`);
    const later: string[] = [];
    await seedDemoOnFirstStart(app.app, dataDir, (line) => later.push(line));
    expect(later).toEqual([`demo accounts: their passwords are in ${demoAccountsFile(dataDir)}`]);
  });

  it('runs once', async () => {
    expect(await seedDemoIfNew(app.app, passwords, () => undefined)).toBe(false);
  });

  it('no longer knows the password that used to be printed in the source', async () => {
    await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: 'admin@demo.smartstart.dev', password: 'smartstart-demo-2026' })
      .expect(401);
  });

  it('gives trusted members real balances and history, paid by the real process manager', async () => {
    const bob = await request(app.baseUrl)
      .get('/api/v1/wallet/me')
      .set(await signIn('bob'))
      .expect(200);
    // A, quality 4, reviewed by carol (rep 72): 150 × 1.2 × sqrt(0.72) = 152.7 → 153.
    expect(bob.body).toMatchObject({
      balanceBuz: '153',
      ledger: [expect.objectContaining({ type: 'BuzIssued', amountBuz: '153' })],
    });
    const carol = await request(app.baseUrl)
      .get('/api/v1/wallet/me')
      .set(await signIn('carol'))
      .expect(200);
    expect(BigInt(json(carol, walletSchema).balanceBuz)).toBeGreaterThan(0n);
  });

  it('shows a newcomer why their BUZ was withheld', async () => {
    const newcomer = await request(app.baseUrl)
      .get('/api/v1/wallet/me')
      .set(await signIn('newcomer'))
      .expect(200);
    const wallet = json(newcomer, walletSchema);
    expect(wallet.balanceBuz).toBe('0');
    expect(wallet.ledger.map((entry) => entry.reason).sort()).toEqual(['DEVICE', 'KYC', 'REPUTATION']);
  });

  it('has a venture with open and finished tasks', async () => {
    const auth = await signIn('alice');
    const [venture] = json(await request(app.baseUrl).get('/api/v1/ventures').set(auth).expect(200), venturesSchema);
    expect(venture).toMatchObject({ name: 'Solar Co-op' });
    const detail = await request(app.baseUrl).get(`/api/v1/ventures/${venture.ventureId}`).set(auth).expect(200);
    const statuses = json(detail, ventureWithTasksSchema)
      .tasks.map((task) => task.status)
      .sort();
    expect(statuses).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'OPEN', 'OPEN', 'SUBMITTED']);
  });
});
