import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of every id SmartStart derives; changing it would change every derived event id. */
const SMARTSTART_NAMESPACE = '5b0f7c4e-2d1a-4b8e-9f3c-7a6d5e4c3b2a';

/** A fresh random id (v4), for things that have no cause to derive from. */
export function newId(): string {
  return randomUUID();
}

/**
 * A deterministic id from its cause: the same cause always yields the same id, which is what
 * makes a retried or re-delivered write a no-op in the event store.
 */
export function derivedId(...cause: string[]): string {
  return uuidv5(cause.join('\u001f'), SMARTSTART_NAMESPACE);
}
