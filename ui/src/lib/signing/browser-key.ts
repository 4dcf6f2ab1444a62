import { bytesToHex } from '$lib/merkle';

/** A signing key made in this browser: the private half can sign here and can never be read out. */
export interface BrowserKey {
  keyId: string;
  publicKeyHex: string;
  privateKey: CryptoKey;
}

const DATABASE = 'smartstart-signing-keys';
const STORE = 'keys';

function settled<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('IndexedDB failed'));
  });
}

async function openStore(mode: IDBTransactionMode): Promise<{ store: IDBObjectStore; done: () => void }> {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  const database = await settled(opening);
  return { store: database.transaction(STORE, mode).objectStore(STORE), done: () => database.close() };
}

/**
 * The key this browser keeps for `signerId` (a member's user id, or `share:<shareId>` for a client
 * signing through a link), or null. IndexedDB stores the CryptoKey object itself
 * (structured clone), so a non-extractable key stays non-extractable; localStorage could only
 * hold its bytes, which is why the key is never there.
 */
export async function storedKey(signerId: string): Promise<BrowserKey | null> {
  const { store, done } = await openStore('readonly');
  try {
    return ((await settled(store.get(signerId))) as BrowserKey | undefined) ?? null;
  } finally {
    done();
  }
}

/** A fresh P-256 pair: the private key not extractable, kept in IndexedDB for this signer. */
export async function createKey(signerId: string): Promise<BrowserKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  // A public key is always exportable; 'raw' is the uncompressed SEC1 point the server registers.
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const keyId = bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', publicKey)));
  const key: BrowserKey = { keyId, publicKeyHex: bytesToHex(publicKey), privateKey: pair.privateKey };
  const { store, done } = await openStore('readwrite');
  try {
    await settled(store.put(key, signerId));
  } finally {
    done();
  }
  return key;
}
