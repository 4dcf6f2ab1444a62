import { unrepresentableField } from '../../../src/platform/chain/event-envelope.js';
import type { ProvenEvent } from './api/audit-types.js';

const HASH_HEX = /^[0-9a-f]{64}$/;
const REVISION = /^(0|[1-9][0-9]{0,15})$/;

/**
 * Why the browser cannot hash this event as the server did, or null when it can: the fields it
 * hashes are checked before hashing, as a verifier of docs/AUDIT-BUNDLE.md must check them
 * (hashes of 32 bytes, a revision below 2^53, nothing RFC 8785 cannot represent, and data and
 * metadata in their own RFC 8785 form), so a malformed event fails here instead of being hashed
 * into something that only looks like a result.
 */
export function eventFieldProblem(event: ProvenEvent): string | null {
  for (const field of ['streamId', 'eventId', 'type'] as const) {
    if (typeof event[field] !== 'string' || event[field].length === 0) return `${field} is not a non-empty string`;
  }
  if (!HASH_HEX.test(event.prevHash)) return 'prevHash is not 64 lowercase hex digits';
  if (!HASH_HEX.test(event.hash)) return 'hash is not 64 lowercase hex digits';
  if (!REVISION.test(event.revision) || BigInt(event.revision) > BigInt(Number.MAX_SAFE_INTEGER))
    return 'revision is not an integer from 0 to 2^53 − 1';
  const unrepresentable = unrepresentableField({ ...event, revision: BigInt(event.revision) });
  if (unrepresentable) return `${unrepresentable} holds text RFC 8785 cannot represent (a lone surrogate)`;
  for (const field of ['dataText', 'metadataText'] as const) {
    if (!isOwnCanonicalForm(event[field])) return `${field} is not in RFC 8785 canonical form`;
  }
  return null;
}

/** Whether JSON text equals the RFC 8785 form of its own value. */
function isOwnCanonicalForm(text: string): boolean {
  try {
    return jcs(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

/**
 * RFC 8785 for a parsed JSON value: numbers and strings as JSON.stringify writes them, object
 * keys sorted by UTF-16 code units (JavaScript's default sort). Written out rather than through
 * JSON.stringify of a sorted object, whose integer-like keys JavaScript would put first.
 */
function jcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${jcs(record[key])}`)
    .join(',')}}`;
}
