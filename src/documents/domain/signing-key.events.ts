import { assertNever } from '../../shared-kernel/assert-never';
import { DomainError } from '../../shared-kernel/domain-error';
import type { Decider } from '../../shared-kernel/decider';

/** A signer's keys: `signingkeys-<signerId>`. Keys are public; the private half never leaves the browser. */
export const signingKeysStream = (signerId: string) => `signingkeys-${signerId}`;

export type SigningKeyRegisteredData = { keyId: string; publicKeyHex: string; registeredAt: string };
export type SigningKeyRevokedData = { keyId: string; reason: 'ROTATED' | 'REVOKED'; revokedAt: string };

export type SigningKeyEvent =
  | { type: 'SigningKeyRegistered'; data: SigningKeyRegisteredData }
  | { type: 'SigningKeyRevoked'; data: SigningKeyRevokedData };

export type SigningKey = SigningKeyRegisteredData & { revokedAt: string | null };

export interface SigningKeysState {
  keys: Record<string, SigningKey>;
}

export const initialSigningKeysState: SigningKeysState = { keys: {} };

export function evolveSigningKeys(state: SigningKeysState, event: SigningKeyEvent): SigningKeysState {
  switch (event.type) {
    case 'SigningKeyRegistered':
      return { keys: { ...state.keys, [event.data.keyId]: { ...event.data, revokedAt: null } } };
    case 'SigningKeyRevoked': {
      const key = Object.hasOwn(state.keys, event.data.keyId) ? state.keys[event.data.keyId] : undefined;
      return key ? { keys: { ...state.keys, [key.keyId]: { ...key, revokedAt: event.data.revokedAt } } } : state;
    }
    default:
      return assertNever(event);
  }
}

export const signingKeysDecider: Decider<SigningKeysState, SigningKeyEvent> = {
  initialState: initialSigningKeysState,
  evolve: evolveSigningKeys,
};

/**
 * Registers a key; with `replacesKeyId`, a rotation: the new key and the old one's revocation in
 * one append. Registering the same active key again is a no-op; a revoked key stays revoked.
 */
export function registerSigningKey(
  state: SigningKeysState,
  key: SigningKeyRegisteredData,
  replacesKeyId: string | null,
): SigningKeyEvent[] {
  const existing = Object.hasOwn(state.keys, key.keyId) ? state.keys[key.keyId] : undefined;
  if (existing?.revokedAt)
    throw new DomainError('SIGNING_KEY_REVOKED', 'This key was revoked; create a new key pair', { keyId: key.keyId });
  const rotation = replacesKeyId === null ? [] : revokeSigningKey(state, replacesKeyId, 'ROTATED', key.registeredAt);
  if (existing) return rotation;
  return [{ type: 'SigningKeyRegistered', data: key }, ...rotation];
}

/** Revocation stops new signatures with the key; signatures made before it stay valid. */
export function revokeSigningKey(
  state: SigningKeysState,
  keyId: string,
  reason: SigningKeyRevokedData['reason'],
  now: string,
): SigningKeyEvent[] {
  const key = requireSigningKey(state, keyId);
  if (key.revokedAt) return [];
  return [{ type: 'SigningKeyRevoked', data: { keyId, reason, revokedAt: now } }];
}

export function requireSigningKey(state: SigningKeysState, keyId: string): SigningKey {
  const key = Object.hasOwn(state.keys, keyId) ? state.keys[keyId] : undefined;
  if (!key) throw new DomainError('SIGNING_KEY_NOT_FOUND', `You have no signing key ${keyId}`, { keyId });
  return key;
}

/** The key a new signature may use: registered by this signer and not revoked. */
export function requireActiveSigningKey(state: SigningKeysState, keyId: string): SigningKey {
  const key = requireSigningKey(state, keyId);
  if (key.revokedAt)
    throw new DomainError('SIGNING_KEY_REVOKED', 'This key is revoked; sign with your current key', {
      keyId,
      revokedAt: key.revokedAt,
    });
  return key;
}
