import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_ACCOUNTS } from '../../src/seed/demo-accounts';
import { demoAccountsFile, parseDemoAccounts } from '../../src/seed/demo-passwords';
import { rowsOf } from '../support/json';
import { embeddedOwnerUrl, freePort, spawnServer, waitForOutput, type ServerProcess } from '../support/server-process';

const RUNNING = 'SmartStart Ledger is running';
const BANNER_END = 'stop with Ctrl+C';

/** The compiled server's first start with the demo on, as `npm start` runs it with no settings. */
describe('the first start with the demo seed', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const baseUrl = () => `http://127.0.0.1:${env.PORT}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-demo-start-'));
    // HOST empty: the default applies. Fast bcrypt keeps the seed short; it changes nothing else.
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: '',
      DEMO_SEED: 'true',
      BCRYPT_COST: '4',
      CHECKPOINT_EVERY_MS: '3600000',
      CHECKPOINT_EVERY_EVENTS: '1000000',
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /api/health 200 only once the seed is written, listens on loopback only, and prints the passwords', async () => {
    const server = spawnServer(env);
    const answers = await pollHealthUntilOk(server);
    // At the first 200 the seed's last step, its marker event, is already in the store.
    expect(existsSync(demoAccountsFile(dataDir))).toBe(true);
    const owner = new pg.Client(await embeddedOwnerUrl(dataDir));
    await owner.connect();
    const counted = await owner.query(`select count(*)::int as count from events where stream_id = 'seed-demo'`);
    await owner.end();
    expect(rowsOf(counted, z.object({ count: z.number() }))).toEqual([{ count: 1 }]);
    expect(answers.filter((status) => status !== 'ok').every((status) => status === 'starting')).toBe(true);

    await waitForOutput(server, BANNER_END);
    expect(await listeningAddresses(Number(env.PORT))).toEqual(['127.0.0.1']);
    const passwords = parseDemoAccounts(await readFile(demoAccountsFile(dataDir), 'utf8'), 'demo-accounts.txt');
    for (const account of DEMO_ACCOUNTS) expect(server.output()).toContain(passwords.get(account.email));
    // #16 §10: the useful lines come last, after the seed's output, not buried above it.
    const banner = server.output().slice(server.output().indexOf(RUNNING));
    expect(server.output().indexOf('demo logins')).toBeLessThan(server.output().indexOf(RUNNING));
    expect(banner).toContain(`demo sign-ins (emails and passwords): ${demoAccountsFile(dataDir)}`);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('prints only where the passwords are on a later start, and they sign in', async () => {
    const server = spawnServer(env);
    await waitForOutput(server, RUNNING);
    const passwords = parseDemoAccounts(await readFile(demoAccountsFile(dataDir), 'utf8'), 'demo-accounts.txt');
    expect(server.output()).toContain(`demo accounts: their passwords are in ${demoAccountsFile(dataDir)}`);
    for (const password of passwords.values()) expect(server.output()).not.toContain(password);
    const admin = DEMO_ACCOUNTS[0].email;
    const login = await fetch(`${baseUrl()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin, password: passwords.get(admin) }),
    });
    expect(login.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  /** Every /api/health status seen until the first 200 (none while the port is still closed). */
  async function pollHealthUntilOk(server: ServerProcess): Promise<string[]> {
    const statuses: string[] = [];
    while (statuses.at(-1) !== 'ok') {
      if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
      const answer = await fetch(`${baseUrl()}/api/health`).then(
        async (response) => ({ status: response.status, body: (await response.json()) as { status: string } }),
        () => null,
      );
      if (answer) {
        expect(answer.status).toBe(answer.body.status === 'ok' ? 200 : 503);
        statuses.push(answer.body.status);
      } else {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    return statuses;
  }
});

/** The local addresses listening on `port`, from the kernel's own socket tables. */
async function listeningAddresses(port: number): Promise<string[]> {
  const LISTEN = '0A';
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8')).trim().split('\n').slice(1)) {
      const [local, , state] = line.trim().split(/\s+/).slice(1, 4);
      const [hexAddress, hexPort] = local.split(':');
      if (state === LISTEN && parseInt(hexPort, 16) === port)
        addresses.push(hexAddress.length === 8 ? hexToIpv4(hexAddress) : hexAddress);
    }
  }
  return addresses;
}

function hexToIpv4(hex: string): string {
  // /proc/net/tcp prints the address as a little-endian 32-bit number.
  return [3, 2, 1, 0].map((byte) => parseInt(hex.slice(byte * 2, byte * 2 + 2), 16)).join('.');
}
