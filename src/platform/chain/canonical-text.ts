import { canonicalJson } from './canonical-json';
import { provesCanonical } from './canonical-scanner';

export { provesCanonical };

/**
 * Whether `text` is the RFC 8785 (JCS) form of itself — exactly `canonicalJson(JSON.parse(text))
 * === text`, false for anything that is not JSON — for the verifier, which asks this of every
 * stored event's data and metadata. Three tiers, each falling through only when it cannot tell:
 *
 * 1. a single pass over the characters that proves the usual text canonical without building
 *    any object (see `provesCanonical`);
 * 2. JSON.parse, then the native JSON.stringify must give the text back and every object's keys
 *    must already be in UTF-16 order (JCS writes numbers and strings as JSON.stringify does and
 *    differs from it only in the key order);
 * 3. the full canonicalisation, compared with the text.
 *
 * Tiers 1 and 2 only ever answer true when the definition does; everything else is decided by 3.
 */
export function isCanonicalText(text: string): boolean {
  if (provesCanonical(text)) return true;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (JSON.stringify(value) === text && keysInCodeUnitOrder(value)) return true;
  try {
    return canonicalJson(value) === text;
  } catch {
    return false;
  }
}

function keysInCodeUnitOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!keysInCodeUnitOrder(item)) return false;
    return true;
  }
  let previous: string | null = null;
  for (const key of Object.keys(value)) {
    // String `<` compares UTF-16 code units, the order JCS (and Array.prototype.sort) uses.
    if (previous !== null && !(previous < key)) return false;
    previous = key;
    if (!keysInCodeUnitOrder((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
