export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Reads until `done` accepts the answer or time runs out, then returns the last answer either
 * way. Read models (users, KYC queue, devices) catch up with a write ~100 ms after it returns.
 */
export async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, options: PollOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 3_000);
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(options.intervalMs ?? 150);
    value = await read();
  }
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
