import { expect } from 'vitest';

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
