import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A secret kept in DATA_DIR, generated on first use. Fine for one machine; several instances
 * must share one, so production sets it in the environment instead.
 */
export async function localSecret(
  dataDir: string,
  name: string,
  log: (line: string) => void,
  purpose?: string,
): Promise<string> {
  const file = path.join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600, flag: 'wx' });
  log(
    purpose
      ? `generated ${file} (mode 600): ${purpose}`
      : `WARNING: generated ${file}; set the matching environment variable when running more than one instance`,
  );
  return secret;
}
