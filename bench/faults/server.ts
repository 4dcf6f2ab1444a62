import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { appRoleUrl } from '../../src/platform/database/app-role';

const run = promisify(execFile);
const DIST = path.resolve(__dirname, '..', '..', 'src');
const RUNNING = 'SmartStart Ledger is running';

/**
 * The compiled server (dist/src/main.js) as a child process, exactly as `npm start` runs it, on
 * one DATA_DIR and port for all its lives: started, killed with SIGKILL, stopped with SIGTERM,
 * started again. Its output goes to a log file next to the data, prefixed by its life number.
 */
export class ServerUnderTest {
  private child: ChildProcess | null = null;
  private output = '';
  private lives = 0;
  private readonly log: WriteStream;

  constructor(
    readonly env: Record<string, string>,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts a new life and resolves once it serves requests; returns the start-up time in ms. */
  async start(timeoutMs = 180_000): Promise<number> {
    const started = performance.now();
    this.spawn();
    await this.untilRunning(timeoutMs);
    return performance.now() - started;
  }

  /** Starts a new life without waiting for it. */
  spawn(): void {
    if (this.alive()) throw new Error('the server is already running');
    this.lives += 1;
    const life = this.lives;
    this.output = '';
    const child = spawn(process.execPath, [path.join(DIST, 'main.js')], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const record = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output += text;
      this.log.write(text.replace(/^(?=.)/gm, `[life ${life}] `));
    };
    child.stdout.on('data', record);
    child.stderr.on('data', record);
  }

  /** Resolves once the current life prints that it is running; throws if it exits first. */
  async untilRunning(timeoutMs = 180_000): Promise<void> {
    const life = this.lives;
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(RUNNING)) {
      if (!this.alive())
        throw new Error(`the server exited during start-up (life ${life}):\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(`the server did not start within ${timeoutMs} ms (life ${life}):\n${this.output.slice(-3000)}`);
      await sleep(20);
    }
  }

  /** What this life printed so far. */
  printed(): string {
    return this.output;
  }

  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Graceful stop (SIGTERM): HTTP server, projections, pools, then the embedded PostgreSQL. */
  async stop(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child || !this.alive()) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  async close(): Promise<void> {
    if (this.alive()) await this.stop();
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}

/** The owner URL of the `smartstart` database on the embedded cluster under `dataDir` (its port changes when it restarts). */
export async function ownerUrlOf(dataDir: string): Promise<string> {
  const { password, port } = JSON.parse(await readFile(path.join(dataDir, 'postgres.json'), 'utf8')) as {
    password: string;
    port: number;
  };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/smartstart`;
}

/** The app role's login to the same database, with the password the server generated into `dataDir`. */
export async function appUrlOf(dataDir: string): Promise<string> {
  return appRoleUrl(
    await ownerUrlOf(dataDir),
    (await readFile(path.join(dataDir, 'app-database-password'), 'utf8')).trim(),
  );
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `node dist/src/cli.js …` (or audit-cli.js) with the server's environment, as an operator would run it. */
export async function runCli(
  env: Record<string, string>,
  args: string[],
  script: 'cli.js' | 'audit-cli.js' = 'cli.js',
): Promise<CliResult> {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(DIST, script), ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr, ms: performance.now() - started };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
      ms: performance.now() - started,
    };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
