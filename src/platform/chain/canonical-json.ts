import canonicalizeJcs from 'canonicalize';
import { InvalidAppendError, UnstorableTextError } from '../event-store/event-store.errors';
import { findUnstorableCharacter } from '../text/storable-text';

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
 * Canonical text for event data and metadata, which is also held to the ledger's rules: an
 * integer beyond 2^53 has already lost precision in JavaScript, so amounts travel as strings;
 * and no key or string may hold text the ledger refuses (NUL, lone surrogates…; see
 * storable-text.ts), checked on the walk that is made anyway, before anything is written.
 */
export function canonicalEventJson(value: unknown): string {
  assertPlainJson(value, '$', true);
  return canonicalizeJcs(value) as string;
}

/** `forEvent`: also hold `value` to the event rules above. */
function assertPlainJson(value: unknown, path: string, forEvent: boolean): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (forEvent) assertStorable(value, path);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidAppendError(`${path} is not a finite number`, { path });
    if (forEvent && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new InvalidAppendError(`${path} is an integer beyond 2^53; send it as a string`, { path });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      if (!(index in value))
        throw new InvalidAppendError(`${path}[${index}] is a hole in the array`, { path: `${path}[${index}]` });
      assertPlainJson(value[index], `${path}[${index}]`, forEvent);
    }
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (forEvent) assertStorable(key, `${path} key ${JSON.stringify(key)}`);
      assertPlainJson(item, `${path}.${key}`, forEvent);
    }
    return;
  }
  throw new InvalidAppendError(`${path} is not plain JSON (${typeof value})`, { path });
}

function assertStorable(text: string, path: string): void {
  const found = findUnstorableCharacter(text);
  if (found) throw new UnstorableTextError(path, found);
}
