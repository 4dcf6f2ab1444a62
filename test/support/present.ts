/**
 * `value` when it is there, else a failure that names what was missing: the loud replacement for
 * `value!` in a test, which would fail later with "cannot read properties of undefined".
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, found ${String(value)}`);
  return value;
}
