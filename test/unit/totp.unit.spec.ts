import { describe, expect, it } from 'vitest';
import { matchTotp, otpauthUri, totpCode, totpStep } from '../../src/platform/auth/totp';

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

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_ROWS)('at T=%i gives the RFC code %s (last 6 digits)', (seconds, code) => {
    expect(totpCode(RFC_SECRET_BASE32, totpStep(seconds * 1000))).toBe(code.slice(-6));
  });

  it('accepts one step of drift either way and refuses replays', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(matchTotp(RFC_SECRET_BASE32, totpCode(RFC_SECRET_BASE32, step - 1), now, 0)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET_BASE32, totpCode(RFC_SECRET_BASE32, step + 1), now, 0)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET_BASE32, totpCode(RFC_SECRET_BASE32, step - 2), now, 0)).toBeNull();
    expect(matchTotp(RFC_SECRET_BASE32, totpCode(RFC_SECRET_BASE32, step), now, step)).toBeNull();
  });

  it('builds an otpauth URI an authenticator app understands', () => {
    expect(otpauthUri('ABC', 'ada@example.com')).toBe(
      'otpauth://totp/SmartStart%3Aada%40example.com?secret=ABC&issuer=SmartStart&algorithm=SHA1&digits=6&period=30',
    );
  });
});
