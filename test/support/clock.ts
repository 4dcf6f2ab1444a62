import type { Clock } from '../../src/platform/clock/clock';

/**
 * Real time plus an offset the test moves forward: the app keeps running normally, and a test
 * can let a quarter of an hour (a token's life, a rate-limit window) pass at once.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
