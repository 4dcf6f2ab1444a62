import { describe, expect, it } from 'vitest';
import {
  MAX_ERROR_LENGTH,
  describeApplyError,
  retryDelayMs,
} from '../../../src/platform/projections/projection-failure';

describe('a projection failure', () => {
  it('waits the base after the first failed attempt and doubles it after each further one, up to 5 minutes', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => retryDelayMs(attempts, 1_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000,
    ]);
    expect(retryDelayMs(20, 60_000)).toBe(300_000);
  });

  it("keeps a projection's own error short", () => {
    const described = describeApplyError(new TypeError('x'.repeat(1_000)));
    expect(described).toHaveLength(MAX_ERROR_LENGTH);
    expect(described).toMatch(/^TypeError: x+…$/);
  });
});
