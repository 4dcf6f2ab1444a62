import { describe, expect, it } from 'vitest';
import { secretsEqual } from '../../../src/platform/auth/constant-time';

describe('secretsEqual', () => {
  it('is true only for equal secrets', () => {
    expect(secretsEqual('d2f0c1e8a4b3', 'd2f0c1e8a4b3')).toBe(true);
    expect(secretsEqual('d2f0c1e8a4b3', 'd2f0c1e8a4b4')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
  });

  it('answers false for secrets of different lengths instead of throwing as timingSafeEqual does', () => {
    expect(secretsEqual('short', 'a much longer secret')).toBe(false);
    expect(secretsEqual('abc', '')).toBe(false);
  });
});
