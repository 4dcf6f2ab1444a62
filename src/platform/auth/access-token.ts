import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../http/domain-error';

/**
 * What an access token asserts. Roles and MFA state are not in it: they are read from the
 * session and the user's stream on every request, so changes apply at once.
 */
export interface AccessClaims {
  sub: string;
  sid: string;
  iat: number;
  exp: number;
}

export class InvalidTokenError extends DomainError {
  constructor(reason: string) {
    super(401, 'INVALID_TOKEN', `The access token is not valid: ${reason}`);
  }
}

// The one header we issue. Anything else (alg "none", RS256 key confusion, extra fields) is refused.
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const claimsSchema = z.object({ sub: z.uuid(), sid: z.uuid(), iat: z.number().int(), exp: z.number().int() }).strict();

export function signAccessToken(claims: AccessClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${HEADER}.${payload}.${signature(`${HEADER}.${payload}`, secret)}`;
}

/** Verifies the signature with our key before looking at any claim; `nowSeconds` from the clock. */
export function verifyAccessToken(token: string, secret: string, nowSeconds: number): AccessClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed');
  const [header, payload, given] = parts;
  if (header !== HEADER) throw new InvalidTokenError('unsupported header');
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidTokenError('bad signature');
  const parsed = claimsSchema.safeParse(safeJson(Buffer.from(payload, 'base64url').toString('utf8')));
  if (!parsed.success) throw new InvalidTokenError('malformed claims');
  if (parsed.data.exp <= nowSeconds) throw new InvalidTokenError('expired');
  return parsed.data;
}

function signature(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
