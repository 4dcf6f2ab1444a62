import { listSigningKeys, registerSigningKey } from '$lib/api/signatures';
import { createKey, storedKey, type BrowserKey } from './browser-key';

export interface KeyReadiness {
  key: BrowserKey;
  /** True when this call made and registered the key. */
  created: boolean;
}

/**
 * The member's key in this browser, registered and not revoked. On first use (or when the key
 * kept here was revoked, or never reached the server) a new pair is made and its public half
 * registered. Keys made in other browsers stay registered: each browser signs with its own.
 */
export async function ensureSigningKey(userId: string): Promise<KeyReadiness> {
  const [kept, registered] = await Promise.all([storedKey(userId), listSigningKeys()]);
  const active = kept && registered.some((key) => key.keyId === kept.keyId && key.revokedAt === null);
  if (kept && active) return { key: kept, created: false };
  const key = await createKey(userId);
  await registerSigningKey(key.publicKeyHex);
  return { key, created: true };
}

/** A new key pair in this browser that replaces `oldKeyId`: the server registers it and revokes the old one in one step. */
export async function rotateSigningKey(userId: string, oldKeyId: string): Promise<BrowserKey> {
  const key = await createKey(userId);
  await registerSigningKey(key.publicKeyHex, oldKeyId);
  return key;
}
