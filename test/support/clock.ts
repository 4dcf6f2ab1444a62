import type { Clock } from '../../src/shared-kernel/clock';

/**
 * The app's clock as a test holds it (give it to startTestApp through
 * `builder.overrideProvider(CLOCK).useValue(clock)`): it follows real time, shifted by whatever
 * the test has moved it forward, so expiry and closing times pass when the test says, not after a sleep.
 */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}
