import { describe, expect, it } from 'vitest';
import { generateTotpSecret, matchTotp, otpauthUri, totpCode, totpStep } from '../../src/platform/auth/totp';

// RFC 6238 Appendix B, SHA-1 rows: the secret is ASCII "12345678901234567890", 8-digit codes
// there; ours are 6 digits, i.e. the last 6 of each.
const RFC_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_ROWS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, through otplib)', () => {
  it.each(RFC_ROWS)('at T=%i gives the RFC code %s (last 6 digits)', (seconds, code) => {
    expect(totpCode(RFC_SECRET_BASE32, totpStep(seconds * 1000))).toBe(code.slice(-6));
  });

  it.each(RFC_ROWS)('at T=%i accepts the RFC code %s and names its step', (seconds, code) => {
    expect(matchTotp(RFC_SECRET_BASE32, code.slice(-6), seconds * 1000, 0)).toBe(totpStep(seconds * 1000));
  });

  it.each([0, 29_999])('accepts one step of drift either way, %i ms into a step, and no more', (intoStepMs) => {
    const now = 56_666_667 * 30_000 + intoStepMs;
    const step = totpStep(now);
    const at = (offset: number) => matchTotp(RFC_SECRET_BASE32, totpCode(RFC_SECRET_BASE32, step + offset), now, 0);
    expect([-2, -1, 0, 1, 2].map(at)).toEqual([null, step - 1, step, step + 1, null]);
  });

  it('refuses a code whose step was already used, also when the clock went back past it', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(matchTotp(RFC_SECRET_BASE32, totpCode(RFC_SECRET_BASE32, step), now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET_BASE32, totpCode(RFC_SECRET_BASE32, step), now, step + 5)).toBeNull();
  });

  it('makes 20-byte secrets in base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  it('builds an otpauth URI an authenticator app understands', () => {
    expect(otpauthUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'ada@example.com')).toBe(
      'otpauth://totp/SmartStart:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=SmartStart',
    );
  });
});
