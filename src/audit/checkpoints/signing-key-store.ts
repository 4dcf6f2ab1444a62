import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type AppConfig } from '../../platform/config/app-config';
import { generateSecretKeyHex, isValidSecretKey, signingKeyFromSecret, type SigningKey } from './signing-key';

export const SIGNING_KEY_FILE = 'signing-key.json';

interface SigningKeyFile {
  algorithm: 'ECDSA-P256-SHA256';
  privateKey: string;
  publicKey: string;
  keyId: string;
  createdAt: string;
}

export interface LoadSigningKeyOptions {
  /** The server creates a key on first start; the export CLI only reads one. */
  generate: boolean;
  warn(message: string): void;
}

/**
 * SIGNING_KEY when set; otherwise `${DATA_DIR}/signing-key.json`, created (mode 600) on first
 * start. A generated key is fine for one machine; a cluster must share one SIGNING_KEY, or each
 * leader would sign with a key the others' checkpoints do not verify under.
 */
export async function loadSigningKey(
  config: Pick<AppConfig, 'SIGNING_KEY' | 'DATA_DIR'>,
  options: LoadSigningKeyOptions,
): Promise<SigningKey> {
  if (config.SIGNING_KEY) {
    if (!isValidSecretKey(config.SIGNING_KEY))
      throw new ConfigError('Invalid configuration:\n  SIGNING_KEY: not a valid P-256 private key');
    return signingKeyFromSecret(config.SIGNING_KEY.toLowerCase());
  }
  const file = path.resolve(config.DATA_DIR, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    if (!options.generate)
      throw new ConfigError(
        `No signing key: set SIGNING_KEY, or point DATA_DIR at the server's data (${file} does not exist).`,
      );
    if (await createKeyFile(file)) {
      options.warn(
        `Generated a new checkpoint signing key in ${file}. Back it up, and set SIGNING_KEY on every instance of a cluster.`,
      );
    }
  }
  const stored = JSON.parse(await readFile(file, 'utf8')) as SigningKeyFile;
  if (!isValidSecretKey(stored.privateKey)) throw new ConfigError(`${file} does not hold a valid P-256 private key`);
  return signingKeyFromSecret(stored.privateKey);
}

/**
 * Writes the whole file under a temporary name, then links it into place: link() fails if the
 * name exists, so two processes starting at once agree on one key and nobody reads half a file.
 * Returns false when another process won the race.
 */
async function createKeyFile(file: string): Promise<boolean> {
  const privateKey = generateSecretKeyHex();
  const key = signingKeyFromSecret(privateKey);
  const content: SigningKeyFile = {
    algorithm: 'ECDSA-P256-SHA256',
    privateKey,
    publicKey: key.publicKey,
    keyId: key.keyId,
    createdAt: new Date().toISOString(),
  };
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}
