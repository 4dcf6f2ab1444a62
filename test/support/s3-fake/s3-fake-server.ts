import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSignature } from './signature-check';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The variables that point the app at this server (path style, as for MinIO). */
  env: Record<string, string>;
  /** Objects stored under `key` so far (every successful PUT). */
  writesOf(key: string): number;
  /** While on, every request is answered 503 SlowDown, as S3 answers when it sheds load. */
  setUnavailable(on: boolean): void;
  close(): Promise<void>;
}

interface StoredObject {
  content: Buffer;
  contentType: string;
}

const REGION = 'us-east-1';

/**
 * A minimal S3 on loopback, in memory, path style, one bucket: HEAD bucket, and HEAD, GET, PUT
 * and DELETE object. It refuses what S3 refuses for those calls: a request whose SigV4 signature
 * does not check out (its own check, signature-check.ts), a body that does not match
 * x-amz-content-sha256, another bucket. S3 is a boundary we don't own: this fake is what the S3
 * store is tested against, not AWS or MinIO (README "Blob storage").
 */
export async function startS3Fake(bucket = 'ledger-documents'): Promise<TestS3Server> {
  const credentials = { accessKeyId: 'AKIDTESTS3FAKE', secretAccessKey: 'test-s3-fake-secret-0123456789' };
  const secrets = new Map([[credentials.accessKeyId, credentials.secretAccessKey]]);
  const objects = new Map<string, StoredObject>();
  const writes = new Map<string, number>();
  let unavailable = false;

  const server = createServer((request, response) => {
    void collectBody(request).then((body) => {
      if (unavailable) return answerError(request, response, 503, 'SlowDown', 'Please reduce your request rate.');
      const verdict = checkSignature(
        { method: request.method ?? '', url: request.url ?? '', headers: request.headers },
        secrets,
        REGION,
      );
      if (!verdict.accepted) return answerError(request, response, verdict.status, verdict.code, verdict.message);
      if (createHash('sha256').update(body).digest('hex') !== request.headers['x-amz-content-sha256'])
        return answerError(request, response, 400, 'XAmzContentSHA256Mismatch', 'The body does not match its hash.');
      const [bucketName, ...keyParts] = (request.url ?? '').split('?')[0].slice(1).split('/').map(decodeURIComponent);
      if (bucketName !== bucket) return answerError(request, response, 404, 'NoSuchBucket', 'No such bucket.');
      const key = keyParts.join('/');
      if (key === '' && request.method === 'HEAD') return response.writeHead(200).end();
      const stored = objects.get(key);
      switch (request.method) {
        case 'HEAD':
        case 'GET':
          if (!stored) return answerError(request, response, 404, 'NoSuchKey', 'The specified key does not exist.');
          response.writeHead(200, { 'content-type': stored.contentType, 'content-length': stored.content.length });
          return response.end(request.method === 'GET' ? stored.content : undefined);
        case 'PUT':
          objects.set(key, { content: body, contentType: request.headers['content-type'] ?? 'binary/octet-stream' });
          writes.set(key, (writes.get(key) ?? 0) + 1);
          return response.writeHead(200).end();
        case 'DELETE':
          objects.delete(key);
          return response.writeHead(204).end();
        default:
          return answerError(request, response, 405, 'MethodNotAllowed', 'Not supported by this fake.');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    credentials,
    env: {
      BLOB_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: REGION,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    writesOf: (key) => writes.get(key) ?? 0,
    setUnavailable: (on) => {
      unavailable = on;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function collectBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** S3's XML error; a HEAD answer has the status only, as S3's does. */
function answerError(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml' }).end(request.method === 'HEAD' ? undefined : xml);
}
