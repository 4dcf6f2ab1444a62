import { linkSigningKeys, registerLinkSigningKey, revokeLinkSigningKey } from '$lib/api/share-link';
import { listSigningKeys, registerSigningKey, revokeSigningKey, type SigningKey } from '$lib/api/signatures';
import { createKey, storedKey, type BrowserKey } from './browser-key';

export interface KeyReadiness {
  key: BrowserKey;
  /** True when this call made and registered the key. */
  created: boolean;
}

/**
 * Where a signer's public keys are registered: a member's own routes, or a client's share link.
 * `signerId` is also what this browser keeps the private key under in IndexedDB, so a member has
 * one key here and each share a client signs through has its own.
 */
export interface KeyRegistry {
  signerId: string;
  list(): Promise<SigningKey[]>;
  register(publicKeyHex: string): Promise<unknown>;
  revoke(keyId: string): Promise<unknown>;
  /** A new key in this browser that replaces `oldKeyId`, registered and the old one revoked in one step. */
  replace?: (oldKeyId: string) => Promise<unknown>;
}

/** The signed-in member's keys: `/api/v1/signing-keys`. */
export const memberKeys = (userId: string): KeyRegistry => ({
  signerId: userId,
  list: () => listSigningKeys(),
  register: (publicKeyHex) => registerSigningKey(publicKeyHex),
  revoke: (keyId) => revokeSigningKey(keyId),
  replace: (oldKeyId) => rotateSigningKey(userId, oldKeyId),
});

/** The keys of a client signing through a share link (`signerId` is `share:<shareId>`); the token is their credential. */
export const linkKeys = (token: string, signerId: string): KeyRegistry => ({
  signerId,
  list: () => linkSigningKeys(token),
  register: (publicKeyHex) => registerLinkSigningKey(token, publicKeyHex),
  revoke: (keyId) => revokeLinkSigningKey(token, keyId),
});

/**
 * The signer's key in this browser, registered and not revoked. On first use (or when the key
 * kept here was revoked, or never reached the server) a new pair is made and its public half
 * registered. Keys made in other browsers stay registered: each browser signs with its own.
 */
export async function ensureSigningKey(registry: KeyRegistry): Promise<KeyReadiness> {
  const [kept, registered] = await Promise.all([storedKey(registry.signerId), registry.list()]);
  const active = kept && registered.some((key) => key.keyId === kept.keyId && key.revokedAt === null);
  if (kept && active) return { key: kept, created: false };
  const key = await createKey(registry.signerId);
  await registry.register(key.publicKeyHex);
  return { key, created: true };
}

/** A new key pair in this browser that replaces `oldKeyId`: the server registers it and revokes the old one in one step. */
export async function rotateSigningKey(userId: string, oldKeyId: string): Promise<BrowserKey> {
  const key = await createKey(userId);
  await registerSigningKey(key.publicKeyHex, oldKeyId);
  return key;
}
