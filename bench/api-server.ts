export { freePort } from '../src/platform/database/embedded-postgres';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** dist/bench/api-server.js → dist/src/main.js: the compiled server `npm start` runs. */
const MAIN = path.resolve(__dirname, '..', 'src', 'main.js');
const RUNNING = 'SmartStart Ledger is running';

export interface ApiServer {
  readonly pid: number;
  readonly baseUrl: string;
  /** Everything it printed (LOG_LEVEL=warn keeps this short). */
  output(): string;
  /** SIGTERM, as an operator stops it; resolves with the exit code once it has shut down. */
  stop(): Promise<number | null>;
}

/**
 * The compiled server as a child process, started with `node dist/src/main.js` exactly as
 * `npm start` does after its build; resolves once it says it is running.
 */
export async function startApiServer(
  env: Record<string, string>,
  options: { execArgv?: string[]; timeoutMs?: number; onLine?: (line: string) => void } = {},
): Promise<ApiServer> {
  const child = spawn(process.execPath, [...(options.execArgv ?? []), MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let partial = '';
  const record = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (options.onLine) {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    }
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (!output.includes(RUNNING)) {
    if (!alive()) throw new Error(`the API server exited during start-up:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API server did not start in time:\n${output.slice(-3000)}`);
    }
    await sleep(20);
  }
  return {
    pid: child.pid as number,
    baseUrl: `http://127.0.0.1:${env.PORT}`,
    output: () => output,
    stop: () => stopChild(child, alive, exited),
  };
}

async function stopChild(
  child: ChildProcess,
  alive: () => boolean,
  exited: Promise<number | null>,
): Promise<number | null> {
  if (!alive()) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Resident memory and CPU time of one process, sampled from /proc over a window. */
export interface ProcessSample {
  rssPeakBytes: number;
  rssMedianBytes: number;
  rssEndBytes: number;
  /** User + system CPU seconds the process used over the window. */
  cpuSeconds: number;
  samples: number;
}

export interface ProcessSampler {
  stop(): Promise<ProcessSample>;
}

// Linux reports /proc CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel.
const TICKS_PER_SECOND = 100;

/** Reads VmRSS from /proc/<pid>/status every `intervalMs` until stopped. */
export async function sampleProcess(pid: number, intervalMs = 100): Promise<ProcessSampler> {
  const rss: number[] = [];
  const ticksAtStart = await cpuTicks(pid);
  let running = true;
  const loop = (async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() sets it while the loop sleeps
    while (running) {
      const bytes = await rssBytes(pid);
      if (bytes !== null) rss.push(bytes);
      await sleep(intervalMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const ticksAtEnd = await cpuTicks(pid);
      const sorted = [...rss].sort((a, b) => a - b);
      return {
        rssPeakBytes: sorted[sorted.length - 1] ?? 0,
        rssMedianBytes: sorted[Math.floor(sorted.length / 2)] ?? 0,
        rssEndBytes: rss[rss.length - 1] ?? 0,
        cpuSeconds: (ticksAtEnd - ticksAtStart) / TICKS_PER_SECOND,
        samples: rss.length,
      };
    },
  };
}

async function rssBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null; // the process exited
  }
}

async function cpuTicks(pid: number): Promise<number> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
