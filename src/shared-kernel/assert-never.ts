/** The default branch of an exhaustive switch: the compiler proves it unreachable, and at run time it is loud. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
