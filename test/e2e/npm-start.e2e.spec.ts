import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedOwnerUrl, freePort, waitForOutput, type ServerProcess } from '../support/server-process';

const RUNNING = 'SmartStart Ledger is running';

/** `npm start` exactly as a person, systemd, Docker or CI runs it: through npm, signalled through npm's pid. */
function npmStart(env: Record<string, string>): ServerProcess {
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: path.resolve('.'),
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer | string) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer | string) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Whether the cluster DATA_DIR/postgres.json names has a running postmaster (its pid file is removed on shutdown). */
async function postmasterPidFileExists(dataDir: string): Promise<boolean> {
  const { clusterDir } = JSON.parse(await readFile(path.join(dataDir, 'postgres.json'), 'utf8')) as {
    clusterDir: string;
  };
  return existsSync(path.join(clusterDir, 'postmaster.pid'));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-npm-start-'));
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DEMO_SEED: 'false',
      CHECKPOINT_EVERY_MS: '3600000',
      CHECKPOINT_EVERY_EVENTS: '1000000',
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops the server and its embedded PostgreSQL, and exits 0, on SIGTERM to the npm process', async () => {
    const npm = npmStart(env);
    await waitForOutput(npm, RUNNING, 300_000);
    const { pid: serverPid } = JSON.parse(await readFile(path.join(dataDir, 'server.pid'), 'utf8')) as { pid: number };
    const ownerUrl = await embeddedOwnerUrl(dataDir);
    expect((await fetch(`http://127.0.0.1:${env.PORT}/api/health`)).status).toBe(200);
    expect(await postmasterPidFileExists(dataDir)).toBe(true);

    npm.child.kill('SIGTERM');
    expect(await npm.exited).toBe(0);
    expect(npm.output()).toContain('[smartstart] stopped');
    expect(isAlive(serverPid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${env.PORT}/api/health`)).rejects.toThrow();
    expect(await postmasterPidFileExists(dataDir)).toBe(false);
    await expect(new pg.Client(ownerUrl).connect()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('does not build again when no source changed, and stops on SIGINT too', async () => {
    const npm = npmStart(env);
    await waitForOutput(npm, RUNNING, 300_000);
    expect(npm.output()).toContain('[smartstart] build is up to date');
    expect(npm.output()).not.toContain('building');
    npm.child.kill('SIGINT');
    expect(await npm.exited).toBe(0);
    expect(await postmasterPidFileExists(dataDir)).toBe(false);
  });
});
