import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../platform/config/app-config';
import { DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts';

/** Demo account email → its password. */
export type DemoPasswords = ReadonlyMap<string, string>;

/** Where an installation's demo passwords are kept: one line per account, `email password roles`. */
export function demoAccountsFile(dataDir: string): string {
  return path.resolve(dataDir, 'demo-accounts.txt');
}

/** Every demo account has the member role; the others are granted by the seed. */
export function rolesOf(account: DemoAccount): string {
  return ['member', ...account.roles].join(',');
}

/**
 * The installation's demo passwords: read back from the file, or made up now and written there
 * (mode 600) before any account exists, so a seed that was interrupted resumes with the same ones.
 * Random per installation: a password printed in the source would hand admin to whoever signs in
 * first.
 */
export async function loadOrCreateDemoPasswords(file: string): Promise<DemoPasswords> {
  try {
    return parseDemoAccounts(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const passwords = new Map(DEMO_ACCOUNTS.map((account) => [account.email, randomBytes(15).toString('base64url')]));
  await mkdir(path.dirname(file), { recursive: true });
  const lines = DEMO_ACCOUNTS.map(
    (account) => `${account.email} ${passwords.get(account.email)} ${rolesOf(account)}\n`,
  );
  await writeFile(file, lines.join(''), { mode: 0o600, flag: 'wx' });
  // The mode given to writeFile passes through the umask; make sure no one else can read it.
  await chmod(file, 0o600);
  return passwords;
}

export function parseDemoAccounts(text: string, file: string): DemoPasswords {
  const passwords = new Map<string, string>();
  for (const line of text.split('\n').filter((candidate) => candidate.trim() !== '')) {
    const [email, password] = line.trim().split(/\s+/);
    if (email && password) passwords.set(email, password);
  }
  const missing = DEMO_ACCOUNTS.filter((account) => !passwords.has(account.email));
  if (missing.length > 0)
    throw new ConfigError(
      `${file} has no line for ${missing.map((account) => account.email).join(', ')}; delete the file and DATA_DIR to seed the demo afresh`,
    );
  return passwords;
}
