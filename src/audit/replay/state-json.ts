import type { JsonValue } from '../../shared-kernel/json';

/**
 * A replayed state as JSON: bigints (BUZ, basis points, reputation) become decimal strings, as
 * everywhere in the API, so no reader ever sees them as floats. States are plain data (records,
 * arrays, strings, numbers, booleans, null); anything else is a bug in a domain state.
 */
export function stateJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(stateJson);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, stateJson(item)]),
    );
  }
  throw new TypeError(`A replayed state holds a ${typeof value}, which has no JSON form`);
}
