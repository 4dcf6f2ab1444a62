import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { retry } from '../platform/retry/retry';

export class AlreadyRunningError extends Error {}

export interface InstanceLock {
  release(): Promise<void>;
}

/**
 * One server per data directory: a pid file created exclusively. A file left by a process that
 * is gone (kill -9, power loss) is stale and taken over.
 */
export async function acquireInstanceLock(dataDir: string, port: number): Promise<InstanceLock> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'server.pid');
  const take = async (): Promise<InstanceLock> => {
    try {
      const handle = await open(file, 'wx', 0o644);
      await handle.writeFile(JSON.stringify({ pid: process.pid, port }));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if (!isTaken(error)) throw error;
      const holder = await readHolder(file);
      if (holder && isAlive(holder.pid)) {
        throw new AlreadyRunningError(
          `SmartStart is already running (pid ${holder.pid}, port ${holder.port}) with its data in ${path.resolve(dataDir)}.\n` +
            `Stop it first (Ctrl-C in its terminal, or kill ${holder.pid}), or give this one another DATA_DIR and PORT.`,
        );
      }
      // Stale: removed, and taken on the second try (unless another starter took it in between).
      await rm(file, { force: true });
      throw error;
    }
  };
  return retry(take, { attempts: 2, retryIf: isTaken });
}

const isTaken = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EEXIST';

async function readHolder(file: string): Promise<{ pid: number; port: number } | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { pid: number; port: number };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
