import { retry } from '../../../platform/retry/retry';
import { EMPTY_PAYLOAD_SHA256, signRequest, type SigningCredentials } from './sigv4';

export interface S3Settings extends SigningCredentials {
  /** Scheme, host and port of the service: `https://s3.eu-west-1.amazonaws.com`, `http://minio:9000`. */
  endpoint: URL;
  bucket: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`: MinIO and most self-hosted stores want it. */
  forcePathStyle: boolean;
}

export interface S3ClientOptions {
  now?: () => Date;
  /** Pause before a retry; tests pass 0. */
  retryBaseDelayMs?: number;
}

/** A refused or failed S3 call. Its message names the call and S3's error code, never a credential. */
export class S3RequestError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`S3 ${operation} answered ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`);
  }
}

/** A 25 MiB upload over a slow link fits; a hung connection does not hold a request forever. */
const REQUEST_TIMEOUT_MS = 120_000;
const ATTEMPTS = 3;

interface Call {
  method: 'GET' | 'HEAD' | 'PUT' | 'DELETE';
  key?: string;
  body?: Buffer;
  payloadSha256?: string;
  headers?: Record<string, string>;
  /** Statuses that are answers, not failures (404 for "no such object"). */
  expected: number[];
}

/**
 * The four object calls and the bucket check the blob store needs, signed with SigV4 and sent
 * with fetch. Transient failures (a connection that failed, 500, 502, 503 SlowDown, 504) are
 * retried: every call here is idempotent, a PUT included, since the key is the content's hash.
 * A timeout is not: three of them would hold the caller for minutes.
 */
export class S3ObjectClient {
  private readonly now: () => Date;
  private readonly retryBaseDelayMs: number;

  constructor(
    private readonly settings: S3Settings,
    options: S3ClientOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  }

  /** Resolves when the bucket exists and the credentials may use it; throws S3RequestError otherwise. */
  async checkBucket(): Promise<void> {
    await this.send({ method: 'HEAD', expected: [200] });
  }

  async exists(key: string): Promise<boolean> {
    return (await this.send({ method: 'HEAD', key, expected: [200, 404] })).status === 200;
  }

  async getObject(key: string): Promise<{ content: Buffer; contentType: string } | null> {
    const response = await this.send({ method: 'GET', key, expected: [200, 404] });
    if (response.status === 404) return null;
    return {
      content: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  /** `sha256` is the body's: S3 checks the bytes it receives against it (x-amz-content-sha256). */
  async putObject(key: string, content: Buffer, contentType: string, sha256: string): Promise<void> {
    await this.send({
      method: 'PUT',
      key,
      body: content,
      payloadSha256: sha256,
      headers: { 'content-type': contentType },
      expected: [200],
    });
  }

  /** Deleting an object that is not there succeeds, as in S3. */
  async deleteObject(key: string): Promise<void> {
    await this.send({ method: 'DELETE', key, expected: [200, 204] });
  }

  private async send(call: Call): Promise<Response> {
    const operation = `${call.method} ${call.key ?? `bucket ${this.settings.bucket}`}`;
    return retry(
      async () => {
        const response = await this.fetchSigned(call, operation);
        if (call.expected.includes(response.status)) return response;
        throw await requestError(operation, response);
      },
      { attempts: ATTEMPTS, retryIf: isTransient, baseDelayMs: this.retryBaseDelayMs },
    );
  }

  private async fetchSigned(call: Call, operation: string): Promise<Response> {
    const { endpoint } = this.settings;
    const { host, path } = requestTarget(this.settings, call.key);
    const signed = signRequest(
      {
        method: call.method,
        host,
        path,
        headers: call.headers,
        payloadSha256: call.payloadSha256 ?? EMPTY_PAYLOAD_SHA256,
      },
      this.settings,
      this.now(),
    );
    try {
      return await fetch(`${endpoint.protocol}//${host}${signed.pathAndQuery}`, {
        method: call.method,
        headers: signed.headers,
        body: call.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError')
        throw new S3RequestError(
          operation,
          0,
          'Timeout',
          `no answer from ${endpoint.origin} in ${REQUEST_TIMEOUT_MS} ms`,
        );
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new S3RequestError(operation, 0, 'NetworkError', `${endpoint.origin} not reached (${reason})`);
    }
  }
}

/** Virtual-hosted style (`bucket.host/key`, AWS's default) or path style (`host/bucket/key`). */
export function requestTarget(
  { endpoint, bucket, forcePathStyle }: Pick<S3Settings, 'endpoint' | 'bucket' | 'forcePathStyle'>,
  key?: string,
): { host: string; path: string } {
  const objectPath = key === undefined ? '' : `/${key}`;
  if (forcePathStyle) return { host: endpoint.host, path: `/${bucket}${objectPath}` };
  return { host: `${bucket}.${endpoint.host}`, path: objectPath || '/' };
}

/** S3's XML error body gives a code and a message; only those are kept (it may also echo the string to sign). */
async function requestError(operation: string, response: Response): Promise<S3RequestError> {
  const body = await response.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? '';
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? response.statusText;
  return new S3RequestError(operation, response.status, code, message);
}

/** A failure worth trying again: the service unreachable, timing out, or answering 5xx. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof S3RequestError)) return false;
  return error.code === 'NetworkError' || [500, 502, 503, 504].includes(error.status);
}
