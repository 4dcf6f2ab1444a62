import canonicalizeJcs from 'canonicalize';
import { InvalidAppendError } from '../event-store/event-store.errors';

/**
 * RFC 8785 (JCS) canonical text of a JSON value. Anything JSON cannot represent faithfully
 * (undefined, NaN, bigint, class instances, array holes) is refused instead of being silently
 * dropped or rewritten.
 */
export function canonicalJson(value: unknown): string {
  assertPlainJson(value, '$', false);
  return canonicalizeJcs(value) as string;
}

/**
 * Canonical text for event data and metadata, which is also held to the ledger's number rule:
 * an integer beyond 2^53 has already lost precision in JavaScript, so amounts travel as strings.
 */
export function canonicalEventJson(value: unknown): string {
  assertPlainJson(value, '$', true);
  return canonicalizeJcs(value) as string;
}

function assertPlainJson(value: unknown, path: string, refuseUnsafeIntegers: boolean): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidAppendError(`${path} is not a finite number`, { path });
    if (refuseUnsafeIntegers && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new InvalidAppendError(`${path} is an integer beyond 2^53; send it as a string`, { path });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      if (!(index in value)) throw new InvalidAppendError(`${path}[${index}] is a hole in the array`, { path: `${path}[${index}]` });
      assertPlainJson(value[index], `${path}[${index}]`, refuseUnsafeIntegers);
    }
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) assertPlainJson(item, `${path}.${key}`, refuseUnsafeIntegers);
    return;
  }
  throw new InvalidAppendError(`${path} is not plain JSON (${typeof value})`, { path });
}
