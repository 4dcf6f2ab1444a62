/**
 * Polls `probe` until it answers a value (anything but `undefined` or `false`) and returns that
 * value. For what the app reaches on its own loop (a projection catching up, the sealer signing a
 * checkpoint, a process stopping). No timing is asserted: the timeout is generous, so a slow
 * machine makes a test slow, never failed; it only turns "never" into a failure that names what
 * was awaited.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
