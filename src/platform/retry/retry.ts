import { setTimeout as sleepMs } from 'node:timers/promises';

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Whether this failure is worth another try; anything else is thrown at once. */
  retryIf(error: unknown): boolean;
  /** Cap of the pause before the second try, doubled for each try after it; 0 retries at once. */
  baseDelayMs?: number;
  /** The pause never grows beyond this, however many tries failed. */
  maxDelayMs?: number;
  /** Injected by tests, so they do not wait. */
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/**
 * Runs `operation` until it succeeds, fails in a way `retryIf` refuses, or has been tried
 * `attempts` times (the last failure is thrown). Between tries it pauses a random time up to the
 * exponential cap ("full jitter"), so callers that failed together do not collide again together.
 */
export async function retry<Result>(
  operation: (attempt: number) => Promise<Result>,
  options: RetryOptions,
): Promise<Result> {
  const { baseDelayMs = 0, maxDelayMs = 30_000, sleep = sleepMs, random = Math.random } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !options.retryIf(error)) throw error;
      const capMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      if (capMs > 0) await sleep(random() * capMs);
    }
  }
}
