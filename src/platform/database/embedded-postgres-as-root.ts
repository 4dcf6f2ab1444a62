import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` OS
 * user. That user must reach both the binaries and the cluster: when the checkout or DATA_DIR
 * sits below a directory closed to others (root's home is mode 700, so is what `mktemp -d`
 * makes), they go below CLUSTERS_ROOT instead, which it can always reach.
 */
export const CLUSTERS_ROOT = '/var/lib/smartstart';
const OS_USER = 'postgres';

export interface OsUser {
  uid: number;
  gid: number;
}

/** The `postgres` OS user when we are root (created if missing); null otherwise. */
export async function postgresOsUser(): Promise<OsUser | null> {
  if (userInfo().uid !== 0) return null;
  const lookup = async () => {
    const { stdout } = await run('id', ['-u', OS_USER]);
    const { stdout: gid } = await run('id', ['-g', OS_USER]);
    return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', OS_USER]);
    return lookup();
  }
}

/** Whether `user` may `test -x` the path: search (or execute) permission on it and every directory above it. */
async function canReach(target: string, user: OsUser): Promise<boolean> {
  try {
    await run('test', ['-x', path.resolve(target)], user);
    return true;
  } catch {
    return false;
  }
}

/**
 * The package's `native` directory (bin, lib, share), or a copy of it below CLUSTERS_ROOT when
 * `user` cannot execute the package's own binaries. PostgreSQL finds its lib and share relative
 * to its binary, so the copy works as the original. Copied once per package version, through a
 * staging directory renamed into place, so two servers starting at once never see half a copy.
 */
export async function reachableNativeDir(
  nativeDir: string,
  user: OsUser | null,
  log: (line: string) => void,
): Promise<string> {
  if (!user || (await canReach(path.join(nativeDir, 'bin', 'postgres'), user))) return nativeDir;
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(CLUSTERS_ROOT, `postgres-${version}`);
  if (existsSync(path.join(copy, 'bin', 'postgres'))) return copy;
  log(`the ${OS_USER} OS user cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${copy}`);
  await mkdir(CLUSTERS_ROOT, { recursive: true, mode: 0o755 });
  const staging = `${copy}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  try {
    await rename(staging, copy);
  } catch (error) {
    // Another start put its copy in place first; use that one.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(path.join(copy, 'bin', 'postgres'))) throw error;
  }
  return copy;
}

/**
 * Where a new installation keeps its cluster: DATA_DIR/pg, or, when `user` cannot reach DATA_DIR,
 * a directory of its own below CLUSTERS_ROOT, named at random so that a DATA_DIR deleted and made
 * again never meets its old cluster. The caller records the choice in DATA_DIR/postgres.json.
 */
export async function newClusterDir(
  dataDir: string,
  user: OsUser | null,
  log: (line: string) => void,
): Promise<string> {
  const inDataDir = path.resolve(dataDir, 'pg');
  if (!user || (await canReach(dataDir, user))) return inDataDir;
  const home = path.join(CLUSTERS_ROOT, randomBytes(8).toString('hex'));
  log(
    `the ${OS_USER} OS user cannot reach ${path.resolve(dataDir)} (a directory above it is closed to others), so its cluster lives in ${home}/pg`,
  );
  await mkdir(CLUSTERS_ROOT, { recursive: true, mode: 0o755 });
  await mkdir(home, { mode: 0o700 });
  await chown(home, user.uid, user.gid);
  return path.join(home, 'pg');
}
