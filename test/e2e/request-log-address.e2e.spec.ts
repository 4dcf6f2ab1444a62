import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rowsOf } from '../support/json';
import { anyNumber } from '../support/matchers';
import { RoleProcesses, type Instance } from '../support/role-processes';
import { jsonLinesOf } from '../support/server-process';
import { closeIfStarted } from '../support/teardown';
import { waitFor } from '../support/wait';

const SOCKET_ADDRESS = /^(::ffff:)?127\.0\.0\.1$|^::1$/;
/** What a proxy in front would send: the client it saw last, after whatever the client claimed. */
const FORWARDED_FOR = '198.51.100.7, 203.0.113.9';

const requestLineSchema = z.object({
  req: z.object({ id: z.string(), remoteAddress: z.string(), remotePort: z.number().optional() }),
});

/**
 * The compiled server's real log (pino on stdout): the client address on a request's lines is the
 * one its per-address rate limit charges, the forwarded client behind a trusted proxy (#18).
 */
describe('the request log names the client the rate limits charge', () => {
  let database: TestDatabase;
  let processes: RoleProcesses;

  beforeAll(async () => {
    database = await createTestDatabase('request_log');
    processes = new RoleProcesses(database, { LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await closeIfStarted(processes);
    await closeIfStarted(database);
  });

  /** A failed sign-in with a request id of its own; resolves with the `req` of each of its log lines, once logged. */
  async function signInLogged(instance: Instance) {
    const requestId = `log-${randomUUID()}`;
    const response = await fetch(`${instance.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': FORWARDED_FOR, 'x-request-id': requestId },
      body: JSON.stringify({ email: `nobody-${requestId}@example.com`, password: 'not it', session: 'bearer' }),
    });
    expect(response.status).toBe(401);
    // pino-http writes its line when the response finishes, which may be after the client has it.
    return waitFor("the request's log lines", () => {
      const lines = jsonLinesOf(instance.server.output()).flatMap((line) => {
        const parsed = requestLineSchema.safeParse(line);
        return parsed.success && parsed.data.req.id === requestId ? [parsed.data.req] : [];
      });
      return lines.length > 0 && lines;
    });
  }

  async function chargedSignIns(): Promise<string[]> {
    const result = await database.pool.query(`select subject from rate_limit_hits where bucket = 'sign-in'`);
    return rowsOf(result, z.object({ subject: z.string() })).map((row) => row.subject);
  }

  it('with TRUST_PROXY naming the proxy: the forwarded client, without the proxy port', async () => {
    const behindProxy = await processes.startApi({ TRUST_PROXY: 'loopback' });
    const logged = await signInLogged(behindProxy);
    expect(logged.map((req) => req.remoteAddress)).toEqual(logged.map(() => '203.0.113.9'));
    expect(logged.every((req) => req.remotePort === undefined)).toBe(true);
    expect(await chargedSignIns()).toContain('203.0.113.9');
  });

  it('without TRUST_PROXY: the socket address and port, whatever the header says', async () => {
    const direct = await processes.startApi();
    const logged = await signInLogged(direct);
    for (const req of logged) {
      expect(req.remoteAddress).toMatch(SOCKET_ADDRESS);
      expect(req.remotePort).toEqual(anyNumber);
    }
    expect((await chargedSignIns()).filter((subject) => SOCKET_ADDRESS.test(subject))).toHaveLength(1);
  });
});
