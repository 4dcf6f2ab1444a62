import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export { freePort } from '../../src/platform/database/embedded-postgres';

const MAIN = path.resolve('dist/src/main.js');

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Runs the compiled server (`npm run build:api` first) exactly as `npm start` does; `args` such as `--role worker`. */
export function spawnServer(env: Record<string, string>, args: readonly string[] = []): ServerProcess {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer | string) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer | string) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(server: ServerProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes(text)) {
    if (Date.now() > deadline || server.child.exitCode !== null)
      throw new Error(`server never printed "${text}":\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The owner URL of the embedded cluster a server started under `dataDir`. */
export async function embeddedOwnerUrl(dataDir: string): Promise<string> {
  const { password, port } = JSON.parse(await readFile(path.join(dataDir, 'postgres.json'), 'utf8')) as {
    password: string;
    port: number;
  };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/smartstart`;
}

/** The JSON log lines (pino's) of a server's output; other lines, and a last line still being written, are skipped. */
export function jsonLinesOf(output: string): unknown[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      return [];
    }
  });
}
