import canonicalizeJcs from 'canonicalize';
import { InvalidAppendError } from '../event-store/event-store.errors';

/**
 * RFC 8785 (JCS) canonical text of a JSON value. The exact output is what gets hashed and
 * stored, so anything JSON cannot represent faithfully (undefined, NaN, bigint, functions) is
 * refused instead of being silently dropped or rewritten.
 */
export function canonicalJson(value: unknown): string {
  assertPlainJson(value, '$');
  const text = canonicalizeJcs(value);
  if (text === undefined) throw new InvalidAppendError('Value has no JSON representation');
  return text;
}

function assertPlainJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidAppendError(`${path} is not a finite number`, { path });
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new InvalidAppendError(`${path} is an integer beyond 2^53; send it as a string`, { path });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertPlainJson(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) assertPlainJson(item, `${path}.${key}`);
    return;
  }
  throw new InvalidAppendError(`${path} is not plain JSON (${typeof value})`, { path });
}
