import { hasLoneSurrogate } from '../text/storable-text';

/**
 * The chain envelope, defined once (docs/AUDIT-BUNDLE.md §2): the UTF-8 of the RFC 8785 (JCS)
 * text of {data, eventId, metadata, revision, streamId, type}, where `data` and `metadata` are
 * the event's stored canonical texts, the three ids are JSON strings and `revision` a JSON
 * integer. No imports: the server, the verifiers and the portal's browser check share this file.
 */

/** What the chain hash covers. `dataText` and `metadataText` are already canonical JSON text. */
export interface ChainedEnvelope {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
}

/**
 * JCS's number form is exact only below 2^53: a larger revision has no RFC 8785 form that
 * round-trips, so it cannot be in an envelope (no stream comes near it).
 */
export const MAX_ENVELOPE_REVISION = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An RFC 8785 string: JSON.stringify writes strings exactly as JCS does (ECMAScript's
 * QuoteJSONString) for every well-formed string. A lone surrogate has no RFC 8785 form at all;
 * callers refuse one first (`unrepresentableField`).
 */
export function jcsString(text: string): string {
  return JSON.stringify(text);
}

/**
 * The envelope text: its members in JCS order (UTF-16 code-unit order of the keys, for these six
 * ASCII names plain alphabetical order); `data` and `metadata` spliced in as the canonical texts
 * they already are, the ids as RFC 8785 strings, `revision` as decimal digits. This is exactly
 * JCS of the parsed object. The PostgreSQL function `chain_envelope` (migration
 * 20261207000200) writes the same bytes; test/integration/chain-envelope-sql.int.spec.ts holds
 * the two together over the chain vectors and docs/audit-vectors/envelopes.json.
 */
export function canonicalEnvelope(envelope: ChainedEnvelope): string {
  return (
    `{"data":${envelope.dataText},"eventId":${jcsString(envelope.eventId)},"metadata":${envelope.metadataText},` +
    `"revision":${envelope.revision.toString()},"streamId":${jcsString(envelope.streamId)},"type":${jcsString(envelope.type)}}`
  );
}

/** Any surrogate at all, paired or not: a cheap first look, since almost no text holds one. */
const ANY_SURROGATE = /[\ud800-\udfff]/;
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * The first member whose value RFC 8785 cannot represent, or null: a string holding a lone
 * surrogate (UTF-8 cannot encode it, so what would be hashed is not what is stored), a JSON text
 * holding an escaped lone surrogate (I-JSON forbids it; an escaped valid pair is allowed), or a
 * revision outside 0 … 2^53 − 1. A verifier reports such an event, never hashes a substitute.
 */
export function unrepresentableField(envelope: ChainedEnvelope): keyof ChainedEnvelope | null {
  for (const field of ['streamId', 'eventId', 'type', 'dataText', 'metadataText'] as const) {
    if (ANY_SURROGATE.test(envelope[field]) && hasLoneSurrogate(envelope[field])) return field;
  }
  for (const field of ['dataText', 'metadataText'] as const) {
    if (ESCAPED_SURROGATE.test(envelope[field]) && hasEscapedLoneSurrogate(envelope[field])) return field;
  }
  if (envelope.revision < 0n || envelope.revision > MAX_ENVELOPE_REVISION) return 'revision';
  return null;
}

/** Decodes the text's strings (it is JSON, or it fails the canonical check anyway) and looks again. */
function hasEscapedLoneSurrogate(jsonText: string): boolean {
  try {
    return containsLoneSurrogate(JSON.parse(jsonText));
  } catch {
    return false;
  }
}

function containsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return hasLoneSurrogate(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(containsLoneSurrogate);
  return Object.entries(value).some(([key, item]) => hasLoneSurrogate(key) || containsLoneSurrogate(item));
}
