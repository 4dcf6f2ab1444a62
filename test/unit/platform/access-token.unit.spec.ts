import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken, type AccessClaims } from '../../../src/platform/auth/access-token';

const KEY = 'test-secret-test-secret-test-secret-0123456789';
const CLAIMS: AccessClaims = {
  sub: '0d4f3c1e-7a2b-4c5d-8e9f-0a1b2c3d4e5f',
  sid: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
  iat: 1_790_000_000,
  exp: 1_790_000_900,
};
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token as the hand-written signer before jose made it: sessions signed then must keep working. */
function handMade(header: object, claims: object, key = KEY): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const GENUINE = handMade({ alg: 'HS256', typ: 'JWT' }, CLAIMS);
const [genuineHeader, , genuineSignature] = GENUINE.split('.');

describe('access tokens (jose, HS256)', () => {
  it('are byte for byte the tokens the hand-written signer issued, and those still verify', async () => {
    expect(await signAccessToken(CLAIMS, KEY)).toBe(GENUINE);
    expect(await verifyAccessToken(GENUINE, KEY, CLAIMS.iat)).toEqual(CLAIMS);
  });

  it('expire at exp, as before', async () => {
    const token = await signAccessToken(CLAIMS, KEY);
    await expect(verifyAccessToken(token, KEY, CLAIMS.exp - 1)).resolves.toEqual(CLAIMS);
    await expect(verifyAccessToken(token, KEY, CLAIMS.exp)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
      message: expect.stringContaining('expired') as unknown,
    });
  });

  it.each([
    [
      'another key',
      handMade({ alg: 'HS256', typ: 'JWT' }, CLAIMS, 'another-key-another-key-another-key-0000'),
      'bad signature',
    ],
    [
      'a changed claim',
      `${genuineHeader}.${b64({ ...CLAIMS, exp: CLAIMS.exp + 1 })}.${genuineSignature}`,
      'bad signature',
    ],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(CLAIMS)}.`, 'unsupported header'],
    ['HS512 with our key', handMade({ alg: 'HS512', typ: 'JWT' }, CLAIMS), 'unsupported header'],
    ['an extra claim', handMade({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, role: 'admin' }), 'malformed claims'],
    [
      'no session id',
      handMade({ alg: 'HS256', typ: 'JWT' }, { sub: CLAIMS.sub, iat: CLAIMS.iat, exp: CLAIMS.exp }),
      'malformed claims',
    ],
    ['two parts', 'abc.def', 'malformed'],
  ])('refuses %s', async (_case, token, reason) => {
    await expect(verifyAccessToken(token, KEY, CLAIMS.iat)).rejects.toMatchObject({
      httpStatus: 401,
      message: `The access token is not valid: ${reason}`,
    });
  });
});
