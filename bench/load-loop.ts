/** How long to run: warm-up (connections opened, plans cached, first rows written) then the measured window. */
export interface LoadWindow {
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  /** Operations that completed inside the measured window. */
  operations: number;
  seconds: number;
  perSecond: number;
}

export interface LoadHooks {
  /** Called when the measured window opens and closes, so probes cover exactly that window. */
  onWindowStart?: () => void | Promise<void>;
  onWindowEnd?: () => void | Promise<void>;
}

/** Lets an operation tell whether what it is doing now falls inside the measured window. */
export interface WindowClock {
  measuring(): boolean;
}

/**
 * Runs `writers` closed loops, each awaiting one operation at a time, and counts the operations
 * completed inside the window. An operation in flight when the window closes is awaited (so a
 * writer never abandons half-done work) but not counted.
 */
export async function runWriters(
  writers: number,
  window: LoadWindow,
  makeOperation: (writerIndex: number, clock: WindowClock) => () => Promise<void>,
  hooks: LoadHooks = {},
): Promise<LoadResult> {
  let state: 'warmup' | 'measuring' | 'stopped' = 'warmup';
  const clock: WindowClock = { measuring: () => state === 'measuring' };
  let operations = 0;
  let startedAt = 0;
  let endedAt = 0;
  // Set by the window's catch below; the `as` keeps TypeScript from taking it for null forever.
  let hookFailure = null as Error | null;

  const windowDone = (async () => {
    await sleep(window.warmupMs);
    await hooks.onWindowStart?.();
    startedAt = performance.now();
    // A writer that failed during warm-up has already stopped the run.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a writer's failure sets it while this sleeps
    if (state === 'warmup') state = 'measuring';
    await sleep(window.durationMs);
    state = 'stopped';
    endedAt = performance.now();
    // Runs even after a failure, so probes started by onWindowStart are always stopped.
    await hooks.onWindowEnd?.();
  })().catch((error: unknown) => {
    hookFailure = error instanceof Error ? error : new Error('a window hook failed', { cause: error });
    state = 'stopped';
  });

  const loops = Array.from({ length: writers }, async (_, index) => {
    const operation = makeOperation(index, clock);
    while (state !== 'stopped') {
      await operation();
      if (state === 'measuring') operations += 1;
    }
  });
  // If a writer fails, stop the others (and wait out the window's timers) before reporting, so
  // nothing outlives the benchmark.
  try {
    await Promise.all(loops);
  } catch (error) {
    state = 'stopped';
    await Promise.allSettled(loops);
    throw error;
  } finally {
    await windowDone;
  }
  if (hookFailure) throw hookFailure;
  const seconds = (endedAt - startedAt) / 1000;
  return { operations, seconds, perSecond: operations / seconds };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
