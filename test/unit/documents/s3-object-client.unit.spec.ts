import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectClient, S3RequestError } from '../../../src/documents/blobs/s3/s3-object-client';

const SECRET = 'stub-secret-never-in-an-error';

/** A stub S3 on loopback that answers each request with the next of `answers` (status, XML body). */
async function stubS3(
  answers: [number, string][],
): Promise<{ server: Server; client: S3ObjectClient; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    calls.push(`${request.method} ${request.url}`);
    const [status, body] = answers[Math.min(calls.length, answers.length) - 1];
    response.writeHead(status, { 'content-type': 'application/xml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new S3ObjectClient(
    {
      endpoint: new URL(`http://127.0.0.1:${port}`),
      region: 'us-east-1',
      bucket: 'docs',
      forcePathStyle: true,
      accessKeyId: 'AKIDSTUB',
      secretAccessKey: SECRET,
    },
    { retryBaseDelayMs: 0 },
  );
  return { server, client, calls };
}

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><StringToSign>AWS4-HMAC-SHA256…</StringToSign></Error>`;

describe('S3ObjectClient against a stub server', () => {
  let running: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => running?.close(resolve) ?? resolve(undefined));
    running = undefined;
  });

  it('tries again after 503 SlowDown and a 500, and succeeds on the third try', async () => {
    const { server, client, calls } = await stubS3([
      [503, s3Error('SlowDown', 'Please reduce your request rate.')],
      [500, s3Error('InternalError', 'We encountered an internal error.')],
      [200, ''],
    ]);
    running = server;
    await client.putObject('sha256/ab', Buffer.from('x'), 'text/plain', 'ab'.repeat(32));
    expect(calls).toEqual(['PUT /docs/sha256/ab', 'PUT /docs/sha256/ab', 'PUT /docs/sha256/ab']);
  });

  it('gives up after three tries with the last error', async () => {
    const { server, client, calls } = await stubS3([[503, s3Error('SlowDown', 'Please reduce your request rate.')]]);
    running = server;
    await expect(client.getObject('sha256/ab')).rejects.toMatchObject({ status: 503, code: 'SlowDown' });
    expect(calls).toHaveLength(3);
  });

  it('does not retry a refusal, and names the call and S3’s code, never the secret nor the string to sign', async () => {
    const { server, client, calls } = await stubS3([[403, s3Error('AccessDenied', 'Access Denied')]]);
    running = server;
    const refusal = await client.deleteObject('sha256/ab').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(S3RequestError);
    expect(String(refusal)).toBe('Error: S3 DELETE sha256/ab answered 403 AccessDenied: Access Denied');
    expect(calls).toHaveLength(1);
  });

  it('reads 404 as "not there" for HEAD and GET, and a missing object’s DELETE as done', async () => {
    const { server, client } = await stubS3([
      [404, ''],
      [404, s3Error('NoSuchKey', 'The specified key does not exist.')],
      [204, ''],
    ]);
    running = server;
    expect(await client.exists('sha256/ab')).toBe(false);
    expect(await client.getObject('sha256/ab')).toBeNull();
    await client.deleteObject('sha256/ab');
  });
});
