import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../ui/src/lib/api';
import { LiveData, readingOf } from '../../../ui/src/lib/page-data.svelte';
import { settle } from './manual-time';

/** The portal's one way for a page to hold its data: a first reading from `load`, refreshed in place. */

describe('readingOf()', () => {
  it('turns a failed read into a message, never a throw', async () => {
    const reading = await readingOf(() => Promise.reject(new ApiError(503, 'UNAVAILABLE', 'The ledger is starting.')));
    expect(reading).toEqual({ ok: false, message: 'The ledger is starting.' });
  });

  it('keeps what was read', async () => {
    const reading = await readingOf(() => Promise.resolve([1, 2]));
    expect(reading.ok && reading.value).toEqual([1, 2]);
  });
});

describe('LiveData', () => {
  it('shows a failed first reading as the error', () => {
    const data = new LiveData<number>({ ok: false, message: 'No connection.' }, () => Promise.resolve(1));
    expect(data.value).toBeNull();
    expect(data.error).toBe('No connection.');
  });

  it('keeps the last good value through a failed refresh, marked by the error, and clears it on the next success', async () => {
    let answer: () => Promise<number> = () => Promise.resolve(2);
    const data = new LiveData<number>({ ok: true, value: 1, receivedAt: new Date() }, () => answer());
    answer = () => Promise.reject(new Error('Network down.'));
    await data.refresh();
    expect(data.value).toBe(1);
    expect(data.error).toBe('Network down.');
    answer = () => Promise.resolve(3);
    await data.refresh();
    expect(data.value).toBe(3);
    expect(data.error).toBeNull();
    expect(data.refreshing).toBe(false);
  });

  it('shows only the newest of two overlapping refreshes', async () => {
    const finishers: ((value: number) => void)[] = [];
    const data = new LiveData<number>(null, () => new Promise<number>((resolve) => finishers.push(resolve)));
    const older = data.refresh();
    const newer = data.refresh();
    finishers[1](2);
    await newer;
    finishers[0](1);
    await older;
    expect(data.value).toBe(2);
  });
});

describe('LiveData for a panel that reads when it first shows', () => {
  it('reads at once on start, and tells onFailure of a refused read', async () => {
    const refused: unknown[] = [];
    const data = new LiveData<number>(null, () => Promise.reject(new ApiError(403, 'MFA_REQUIRED', 'Verify first.')), {
      onFailure: (error) => void refused.push(error),
    });
    const stop = data.start();
    await settle();
    expect(data.error).toBe('Verify first.');
    expect(refused).toHaveLength(1);
    stop();
  });
});
