import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyRunningError, acquireInstanceLock } from '../../../src/bootstrap/instance-lock';

describe('one server per data directory', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'instance-lock-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const pidFile = () => path.join(dataDir, 'server.pid');

  it('takes over a pid file left by a process that is gone', async () => {
    const gonePid = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(pidFile(), JSON.stringify({ pid: gonePid, port: 1 }));
    const lock = await acquireInstanceLock(dataDir, 4321);
    expect(JSON.parse(await readFile(pidFile(), 'utf8'))).toEqual({ pid: process.pid, port: 4321 });
    await lock.release();
  });

  it('refuses while the holder is alive, and leaves its file alone', async () => {
    const holder = JSON.stringify({ pid: process.pid, port: 1 });
    await writeFile(pidFile(), holder);
    await expect(acquireInstanceLock(dataDir, 4321)).rejects.toBeInstanceOf(AlreadyRunningError);
    expect(await readFile(pidFile(), 'utf8')).toBe(holder);
  });
});
