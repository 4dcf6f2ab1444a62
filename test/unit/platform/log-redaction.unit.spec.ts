import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialRedaction, redactCredentials } from '../../../src/platform/logging/log-redaction';

/** The app's redaction on a real pino-http logger at trace level, every line it writes kept. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const http = pinoHttp({ level: 'trace', ...credentialRedaction }, destination);
  return { http, logger: http.logger, text: () => lines.join('') };
}

describe('credential redaction in the logs', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  /** express with the JSON body parser, as the app has; an error handler that logs what it caught. */
  async function serve(log: ReturnType<typeof capturedLogger>): Promise<string> {
    const app = express();
    app.use(log.http);
    app.use(express.json());
    app.all('/{*path}', (_request, response) => {
      response.cookie('ss_refresh', 'refresh-cookie-value-0123456789', { httpOnly: true });
      response.json({ ok: true });
    });
    app.use((error: Error, request: Request, response: Response, _next: NextFunction) => {
      request.log.error({ err: error }, 'request failed');
      response.status(400).json({ error: 'BAD_REQUEST' });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    close = () => server.close();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('redacts credential headers in any spelling, credential query parameters and Set-Cookie', async () => {
    const log = capturedLogger();
    const baseUrl = await serve(log);
    const response = await fetch(`${baseUrl}/things?access_token=query-token-0123456789&page=2`, {
      headers: {
        AUTHORIZATION: 'Bearer header-token-0123456789',
        'Proxy-Authorization': 'Basic proxy-secret-0123456789',
        Cookie: 'ss_access=cookie-token-0123456789',
        'X-Csrf-Token': 'csrf-token-0123456789',
        'X-Request-Note': 'kept',
      },
    });
    expect(response.status).toBe(200);
    await response.text();
    const text = log.text();
    expect(text.match(/[a-z-]+-(token|secret|value)-0123456789/g)).toBeNull();
    expect(text).toContain('"x-request-note":"kept"');
    expect(text).toContain('page=2');
    for (const header of ['authorization', 'proxy-authorization', 'cookie', 'x-csrf-token', 'set-cookie'])
      expect(text).toContain(`"${header}":"[Redacted]"`);
  });

  it('redacts the raw body the JSON parser attaches to its error, and keeps the error itself', async () => {
    const log = capturedLogger();
    const baseUrl = await serve(log);
    // V8's message quotes a piece of the text: `Unexpected token 'b', ..."assword": body-secre"... is not valid JSON`.
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"password": body-secret-0123456789}',
    });
    expect(response.status).toBe(400);
    await response.text();
    const text = log.text();
    expect(text).not.toContain('body-secre');
    expect(text).toContain('"msg":"request failed"');
    expect(text).toMatch(
      /"err":\{"type":"SyntaxError","message":"\[Redacted\]","stack":"SyntaxError: \[Redacted\]\\n {4}at JSON.parse/,
    );
    expect(text).toContain('"statusCode":400');
    expect(text).toContain('"body":"[Redacted]"');
  });

  it('redacts password, token, secret, code and recovery-code fields at any depth', () => {
    const log = capturedLogger();
    const body = {
      email: 'kept@example.com',
      Password: 'pw-secret-0123456789',
      mfa: { code: '493021', recovery_codes: ['abcde-12345'], recoveryCode: 'fghij-67890' },
      clients: [{ name: 'kept-name', clientSecret: 'client-secret-0123456789', refreshToken: 'refresh-0123456789' }],
    };
    log.logger.debug({ body }, 'a body');
    log.logger.trace({ integration: { API_TOKEN: 'sst_integration-0123456789' } }, 'a trace line');
    const text = log.text();
    for (const secret of [
      'pw-secret-0123456789',
      '493021',
      'abcde-12345',
      'fghij-67890',
      'client-secret-0123456789',
      'refresh-0123456789',
      'sst_integration-0123456789',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('kept@example.com');
    expect(text).toContain('kept-name');
    expect(text).toContain('"msg":"a trace line"');
  });

  it("keeps a thrown error's own code, which names its kind", () => {
    const log = capturedLogger();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      details: { code: '123456' },
    });
    log.logger.error({ err: refused }, 'database down');
    expect(log.text()).toContain('"code":"ECONNREFUSED"');
    expect(log.text()).not.toContain('123456');
  });

  it('copies instead of changing what it is given, and stops at a reference cycle', () => {
    const given: Record<string, unknown> = { token: 'abc', nested: { secret: 'def' } };
    given.self = given;
    const redacted = redactCredentials(given) as Record<string, unknown>;
    expect(given.token).toBe('abc');
    expect(redacted).toMatchObject({ token: '[Redacted]', nested: { secret: '[Redacted]' } });
    expect(JSON.stringify(redacted)).toContain('[Too deep]');
  });
});
