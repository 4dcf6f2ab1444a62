import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { z } from 'zod';
import { COSIGNATURE_V1, formatVerifierKey } from '../audit/witness/signed-note';

/** The witness's own key: its name (the signature lines' key name) and Ed25519 seed. */
export interface WitnessKey {
  name: string;
  seed: Uint8Array;
  /** The C2SP vkey to put into the log's WITNESS_KEYS. */
  vkey: string;
}

const keyFileSchema = z.object({ name: z.string().min(1), privateKey: z.string().regex(/^[0-9a-f]{64}$/) });

/** What the witness remembers about the log: the last checkpoint it cosigned, and the log's pinned key. */
export const witnessStateSchema = z.object({
  logKey: z.string(),
  origin: z.string(),
  treeSize: z.number().int().nonnegative(),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The signature line sent for it, sent again until the log serves it. */
  cosignature: z.string(),
});
export type WitnessState = z.infer<typeof witnessStateSchema>;

function keyOf(name: string, seed: Uint8Array): WitnessKey {
  return { name, seed, vkey: formatVerifierKey({ name, type: COSIGNATURE_V1, publicKey: ed25519.getPublicKey(seed) }) };
}

/**
 * Reads the key file, or creates it (mode 600) when it is missing. Written under a temporary
 * name and linked into place, so two witnesses started at once never share half a file.
 */
export async function loadOrCreateWitnessKey(
  file: string,
  name: string | undefined,
  say: (line: string) => void,
): Promise<WitnessKey> {
  if (!existsSync(file)) {
    const created = keyOf(name ?? `smartstart-witness/${hostname()}`, ed25519.utils.randomSecretKey());
    const content = {
      name: created.name,
      privateKey: Buffer.from(created.seed).toString('hex'),
      vkey: created.vkey,
      createdAt: new Date().toISOString(),
    };
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(temporary, file);
      say(`created witness key ${file}; give the log WITNESS_KEYS=${created.vkey}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temporary);
    }
  }
  const stored = keyFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  if (name && name !== stored.name) throw new Error(`${file} holds the key of witness "${stored.name}", not "${name}"`);
  return keyOf(stored.name, new Uint8Array(Buffer.from(stored.privateKey, 'hex')));
}

export async function readState(file: string): Promise<WitnessState | null> {
  if (!existsSync(file)) return null;
  return witnessStateSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/** Replaced by rename, so a crash leaves the old state or the new one, never half of either. */
export async function writeState(file: string, state: WitnessState): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}
