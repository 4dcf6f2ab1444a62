import { describe, expect, it } from 'vitest';
import { every, poll, type PollOptions, type PollTask } from '../../../ui/src/lib/poll.svelte';
import { manualTime, manualVisibility, settle } from './manual-time';
import { mounted } from './mounted.svelte';

/** The portal's one polling primitive, on hand-moved time and a tab the test hides: nothing here waits for the clock. */

function setup(options: Partial<PollOptions> = {}) {
  const time = manualTime();
  const tab = manualVisibility();
  const runs: number[] = [];
  const opts: PollOptions = { intervalMs: 1_000, timers: time.timers, visibility: tab.visibility, ...options };
  return { time, tab, runs, opts };
}

describe('every()', () => {
  it('runs once per interval, the next interval counted from the end of the last run', async () => {
    const { time, runs, opts } = setup();
    let finish: (() => void) | undefined;
    const poller = every(() => new Promise<void>((resolve) => (runs.push(runs.length), (finish = resolve))), opts);
    await time.advance(999);
    expect(runs).toHaveLength(0);
    await time.advance(1);
    expect(runs).toHaveLength(1);
    // Still running: no second run starts, however long it takes.
    await time.advance(5_000);
    expect(runs).toHaveLength(1);
    finish?.();
    await settle();
    expect(time.waitingMs()).toEqual([1_000]);
    poller.stop();
  });

  it('stops: no more runs, no timer left, and the run in flight is told through its signal', async () => {
    const { time, tab, opts } = setup();
    let signal: AbortSignal | undefined;
    let runs = 0;
    const poller = every((run) => ((runs += 1), (signal = run.signal), new Promise(() => undefined)), opts);
    await time.advance(1_000);
    poller.stop();
    expect(signal?.aborted).toBe(true);
    expect(time.waitingMs()).toEqual([]);
    expect(tab.listening()).toBe(0);
    await time.advance(10_000);
    expect(runs).toBe(1);
    expect(poller.stopped).toBe(true);
  });

  it('runs nothing while the tab is hidden, and catches up once when it is shown', async () => {
    const { time, tab, runs, opts } = setup();
    const poller = every(() => void runs.push(1), opts);
    tab.set(true);
    await time.advance(10_000);
    expect(runs).toHaveLength(0);
    tab.set(false);
    await settle();
    expect(runs).toHaveLength(1);
    poller.stop();
  });

  it('does not run on being shown when nothing fell due while hidden', async () => {
    const { time, tab, runs, opts } = setup();
    const poller = every(() => void runs.push(1), opts);
    tab.set(true);
    await time.advance(500);
    tab.set(false);
    await settle();
    expect(runs).toHaveLength(0);
    poller.stop();
  });

  it('backs off after failures, doubling up to the cap, and resets after a success', async () => {
    const { time, opts } = setup({ maxIntervalMs: 4_000 });
    let failing = true;
    const poller = every(() => {
      if (failing) throw new Error('the server is down');
    }, opts);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await time.advance(time.waitingMs()[0]);
      waits.push(time.waitingMs()[0]);
    }
    expect(waits).toEqual([2_000, 4_000, 4_000, 4_000]);
    failing = false;
    await time.advance(time.waitingMs()[0]);
    expect(time.waitingMs()).toEqual([1_000]);
    poller.stop();
  });

  it('skips ticks while `when` says no, without backing off', async () => {
    const { time, runs, opts } = setup();
    let streamDown = false;
    const poller = every(() => void runs.push(1), { ...opts, when: () => streamDown });
    await time.advance(3_000);
    expect(runs).toHaveLength(0);
    expect(time.waitingMs()).toEqual([1_000]);
    streamDown = true;
    await time.advance(1_000);
    expect(runs).toHaveLength(1);
    poller.stop();
  });

  it('now() runs at once; during a run it asks for exactly one more after it', async () => {
    const { time, opts } = setup();
    const finishers: (() => void)[] = [];
    const task: PollTask = () => new Promise<void>((resolve) => finishers.push(resolve));
    const poller = every(task, opts);
    poller.now();
    expect(finishers).toHaveLength(1);
    poller.now();
    poller.now();
    finishers[0]();
    await settle();
    expect(finishers).toHaveLength(2);
    finishers[1]();
    await settle();
    expect(finishers).toHaveLength(2);
    expect(time.waitingMs()).toEqual([1_000]);
    poller.stop();
  });

  it('lets the task stop itself (a countdown that reached zero)', async () => {
    const { time, opts } = setup();
    let left = 3;
    const poller = every(({ stop }) => {
      left -= 1;
      if (left === 0) stop();
    }, opts);
    await time.advance(10_000);
    expect(left).toBe(0);
    expect(poller.stopped).toBe(true);
    expect(time.waitingMs()).toEqual([]);
  });

  it('runs at once when asked to be immediate', () => {
    const { runs, opts } = setup();
    const poller = every(() => void runs.push(1), { ...opts, immediate: true });
    expect(runs).toHaveLength(1);
    poller.stop();
  });
});

describe('poll() in a component', () => {
  it('starts when the component mounts and stops when it is destroyed', async () => {
    const { time, tab, runs, opts } = setup();
    const component = mounted(() => poll(() => void runs.push(1), opts));
    await time.advance(2_000);
    expect(runs).toHaveLength(2);
    component.destroy();
    expect(component.value.stopped).toBe(true);
    expect(tab.listening()).toBe(0);
    await time.advance(10_000);
    expect(runs).toHaveLength(2);
  });

  it('now() reaches the running poller', async () => {
    const { runs, opts } = setup();
    const component = mounted(() => poll(() => void runs.push(1), opts));
    component.value.now();
    await settle();
    expect(runs).toHaveLength(1);
    component.destroy();
  });
});
