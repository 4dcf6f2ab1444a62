import { describe, expect, it } from 'vitest';
import { retry } from '../../../src/platform/retry/retry';

class Transient extends Error {}

/** An operation that fails with `failures` in turn, then answers 'done'; records the attempt numbers it saw. */
function failing(failures: Error[]) {
  const seen: number[] = [];
  const operation = (attempt: number): Promise<string> => {
    seen.push(attempt);
    const failure = failures.at(attempt - 1);
    return failure ? Promise.reject(failure) : Promise.resolve('done');
  };
  return { seen, operation };
}

/** Records the pauses instead of waiting them. */
function pauses() {
  const slept: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    slept.push(ms);
    return Promise.resolve();
  };
  return { slept, sleep };
}

const transient = (error: unknown) => error instanceof Transient;

describe('retry: one helper with exponential backoff and full jitter', () => {
  it('tries again after a failure it may retry, and answers what the successful try answered', async () => {
    const { seen, operation } = failing([new Transient(), new Transient()]);
    const { slept, sleep } = pauses();
    await expect(
      retry(operation, { attempts: 5, retryIf: transient, baseDelayMs: 100, sleep, random: () => 1 }),
    ).resolves.toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    // The cap doubles: 100 ms before the second try, 200 ms before the third.
    expect(slept).toEqual([100, 200]);
  });

  it('pauses a random share of the cap (full jitter), never beyond maxDelayMs', async () => {
    const { operation } = failing(Array.from({ length: 5 }, () => new Transient()));
    const { slept, sleep } = pauses();
    await retry(operation, {
      attempts: 6,
      retryIf: transient,
      baseDelayMs: 100,
      maxDelayMs: 300,
      sleep,
      random: () => 0.5,
    });
    expect(slept).toEqual([50, 100, 150, 150, 150]);
  });

  it('throws the last failure once the attempts are spent', async () => {
    const last = new Transient('third');
    const { seen, operation } = failing([new Transient(), new Transient(), last]);
    const { sleep } = pauses();
    await expect(retry(operation, { attempts: 3, retryIf: transient, baseDelayMs: 10, sleep })).rejects.toBe(last);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('throws a failure retryIf refuses at once, without a pause', async () => {
    const fatal = new Error('not a race');
    const { seen, operation } = failing([fatal]);
    const { slept, sleep } = pauses();
    await expect(retry(operation, { attempts: 5, retryIf: transient, baseDelayMs: 10, sleep })).rejects.toBe(fatal);
    expect(seen).toEqual([1]);
    expect(slept).toEqual([]);
  });

  it('retries at once when there is no base delay', async () => {
    const { seen, operation } = failing([new Transient()]);
    const { slept, sleep } = pauses();
    await retry(operation, { attempts: 2, retryIf: transient, sleep });
    expect(seen).toEqual([1, 2]);
    expect(slept).toEqual([]);
  });
});
