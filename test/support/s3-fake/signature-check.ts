import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The test S3's own SigV4 check, written apart from src/documents/blobs/s3/sigv4.ts on purpose:
 * it rebuilds the canonical request from what arrived on the wire, so a signer bug can't hide
 * behind the same bug here. It accepts AWS's published examples (s3-sigv4.unit.spec.ts).
 */
export interface ArrivedRequest {
  method: string;
  /** The path and query as they arrived, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
}

export type SignatureVerdict =
  { accepted: true } | { accepted: false; status: 400 | 403; code: string; message: string };

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,]+)\/(\d{8})\/([a-z0-9-]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const REQUIRED_SIGNED = ['host', 'x-amz-content-sha256', 'x-amz-date'];
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

export function checkSignature(
  request: ArrivedRequest,
  secretsByKeyId: ReadonlyMap<string, string>,
  region: string,
): SignatureVerdict {
  const parts = AUTHORIZATION.exec(single(request.headers, 'authorization'));
  if (!parts) return refused(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const [, keyId, scopeDate, scopeRegion, signedList, signature] = parts;
  const secret = secretsByKeyId.get(keyId);
  if (secret === undefined) return refused(403, 'InvalidAccessKeyId', 'The access key id does not exist.');
  const amzDate = single(request.headers, 'x-amz-date');
  if (!amzDate.startsWith(scopeDate) || scopeRegion !== region)
    return refused(400, 'AuthorizationHeaderMalformed', `The scope must be the request's date and '${region}'.`);
  const signedNames = signedList.split(';');
  if (REQUIRED_SIGNED.some((name) => !signedNames.includes(name)))
    return refused(403, 'AccessDenied', 'host, x-amz-content-sha256 and x-amz-date must be signed.');
  const [rawPath, rawQuery = ''] = request.url.split('?', 2);
  const canonical = [
    request.method,
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    signedNames.map((name) => `${name}:${single(request.headers, name).trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedList,
    single(request.headers, 'x-amz-content-sha256'),
  ].join('\n');
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scopeDate}/${scopeRegion}/s3/aws4_request\n${hex(canonical)}`;
  const key = [scopeDate, scopeRegion, 's3', 'aws4_request'].reduce<Buffer>(
    (derived, part) => createHmac('sha256', derived).update(part).digest(),
    Buffer.from(`AWS4${secret}`),
  );
  const expected = createHmac('sha256', key).update(toSign).digest();
  if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { accepted: true };
  return refused(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided.',
  );
}

function single(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** Each segment decoded, then encoded byte by byte: S3 signs the path with every non-unreserved byte as %XX. */
function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => encodeBytes(decodeURIComponent(segment)))
    .join('/');
}

function canonicalQuery(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=', 2).map((text) => encodeBytes(decodeURIComponent(text))))
    .map(([name, value = '']) => `${name}=${value}`)
    .sort()
    .join('&');
}

function encodeBytes(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function refused(status: 400 | 403, code: string, message: string): SignatureVerdict {
  return { accepted: false, status, code, message };
}
