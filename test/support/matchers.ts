import { expect } from 'vitest';

/**
 * Small checks for what a test reads, in place of `!` and untyped matchers: a missing value fails
 * the test where it is read, with a message that says what was missing, instead of a TypeError
 * (or a silent `undefined`) further down.
 */

/** `value` itself, or a loud failure that names `what` was expected when it is null or undefined. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, found ${String(value)}`);
  return value;
}

// vitest types its asymmetric matchers as `any`, which the lint refuses as a property value inside
// an object literal. These are the same matchers, typed `unknown`: an expected value to compare with.

/** expect.any(String). */
export const anyString: unknown = expect.any(String);

/** expect.any(Number). */
export const anyNumber: unknown = expect.any(Number);

/** expect.any(Object). */
export const anyObject: unknown = expect.any(Object);

/** expect.arrayContaining(items). */
export const arrayContaining = (items: unknown[]): unknown => expect.arrayContaining(items);

/** expect.objectContaining(shape). */
export const objectContaining = (shape: Record<string, unknown>): unknown => expect.objectContaining(shape);

/** expect.stringMatching(pattern). */
export const stringMatching = (pattern: string | RegExp): unknown => expect.stringMatching(pattern);

/** expect.stringContaining(part). */
export const stringContaining = (part: string): unknown => expect.stringContaining(part);
