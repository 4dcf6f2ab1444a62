import { bundleEventSchema, type BundleEvent } from './bundle-format';

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX32 = /^[0-9a-f]{64}$/;
const EVENT_KEYS = 13;

/**
 * One line of events.jsonl, parsed and checked against bundleEventSchema. The schema is the
 * definition; this is its fast twin for the verifier's hot loop (a zod parse per event cost more
 * than hashing it), and the schema still words the message when a line fails.
 * Returns the event, or the reason the line is not one.
 */
export function parseEventLine(line: string): BundleEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
  if (isBundleEvent(value)) return value;
  const parsed = bundleEventSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `${issue.path.join('.') || '(value)'} ${issue.message}`;
}

function isBundleEvent(value: unknown): value is BundleEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const event = value as Record<string, unknown>;
  let keys = 0;
  for (const key in event) if (Object.hasOwn(event, key)) keys += 1;
  return (
    keys === EVENT_KEYS &&
    isDecimal(event.txId) &&
    isDecimal(event.globalPosition) &&
    isNonEmpty(event.streamId) &&
    isDecimal(event.revision) &&
    isNonEmpty(event.eventId) &&
    isNonEmpty(event.type) &&
    typeof event.dataText === 'string' &&
    typeof event.metadataText === 'string' &&
    isHex32(event.prevHash) &&
    isHex32(event.hash) &&
    typeof event.recordedAt === 'string' &&
    (event.leafIndex === null || (Number.isSafeInteger(event.leafIndex) && (event.leafIndex as number) >= 0)) &&
    (event.leafHash === null || isHex32(event.leafHash))
  );
}

const isDecimal = (value: unknown): value is string => typeof value === 'string' && DECIMAL.test(value);
const isHex32 = (value: unknown): value is string => typeof value === 'string' && HEX32.test(value);
const isNonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
