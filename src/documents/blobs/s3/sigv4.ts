import { createHash, createHmac } from 'node:crypto';

/** The SHA-256 of no bytes: the payload hash of a GET, HEAD or DELETE. */
export const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface RequestToSign {
  method: string;
  /** `host[:port]` exactly as the request will send it. */
  host: string;
  /** The path before encoding (`/bucket/sha256/ab…`): each segment is encoded here, once, as S3 expects. */
  path: string;
  query?: Record<string, string>;
  /** Further headers to sign and send (`content-type`, `range`…). */
  headers?: Record<string, string>;
  /** Lowercase hex SHA-256 of the body, sent as x-amz-content-sha256: S3 refuses a body that does not match it. */
  payloadSha256: string;
}

export interface SignedRequest {
  /** The encoded path and query to put in the URL: what was signed is what is sent. */
  pathAndQuery: string;
  /** Every header to send, `authorization` included (all but `host`, which fetch sets from the URL). */
  headers: Record<string, string>;
  /** Exposed for the published test vectors, which give the canonical request's hash. */
  canonicalRequest: string;
  signature: string;
}

/**
 * AWS Signature Version 4 for S3 with the signature in the Authorization header and a signed
 * payload ("Authenticating Requests: Using the Authorization Header", single chunk). Hand-written
 * on node:crypto instead of @aws-sdk/client-s3 because the store needs four object calls, and
 * the SDK is about a hundred packages (README "Blob storage").
 */
export function signRequest(request: RequestToSign, credentials: SigningCredentials, now: Date): SignedRequest {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const scope = `${amzDate.slice(0, 8)}/${credentials.region}/s3/aws4_request`;
  const headers: Record<string, string> = {
    ...lowercaseKeys(request.headers ?? {}),
    host: request.host,
    'x-amz-content-sha256': request.payloadSha256,
    'x-amz-date': amzDate,
  };
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const path = encodePath(request.path);
  const query = canonicalQuery(request.query ?? {});
  const canonicalRequest = [
    request.method,
    path,
    query,
    names.map((name) => `${name}:${canonicalHeaderValue(headers[name])}\n`).join(''),
    signedHeaders,
    request.payloadSha256,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = hmac(signingKey(credentials, amzDate.slice(0, 8)), stringToSign).toString('hex');
  const { host: _sentByFetch, ...sent } = headers;
  return {
    pathAndQuery: query ? `${path}?${query}` : path,
    headers: {
      ...sent,
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
    },
    canonicalRequest,
    signature,
  };
}

function signingKey(credentials: SigningCredentials, date: string): Buffer {
  const dateKey = hmac(`AWS4${credentials.secretAccessKey}`, date);
  return hmac(hmac(hmac(dateKey, credentials.region), 's3'), 'aws4_request');
}

/** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 specifies. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function encodePath(path: string): string {
  return path.split('/').map(uriEncode).join('/');
}

function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
