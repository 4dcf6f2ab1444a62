import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AlreadyRunningError, acquireInstanceLock, type InstanceLock } from './bootstrap/instance-lock';
import { bootstrapDatabase, type DatabaseBootstrap } from './bootstrap/database-bootstrap';
import { localSecret } from './bootstrap/local-secret';
import { Readiness } from './health/readiness';
import { readyBanner } from './bootstrap/ready-banner';
import { seedDemoOnFirstStart } from './seed/demo-seed';
import { demoAccountsFile } from './seed/demo-passwords';
import {
  ConfigError,
  loadConfig,
  roleFromArguments,
  runsBackgroundWork,
  type AppConfig,
} from './platform/config/app-config';
import { connectDatabase, type Database } from './platform/database/database';

const say = (line: string) => console.log(`[smartstart] ${line}`);

/** Everything start-up created, torn down in reverse order on SIGINT/SIGTERM or a failed start. */
interface Running {
  lock?: InstanceLock;
  database?: DatabaseBootstrap;
  pool?: Database;
  app?: NestExpressApplication;
}

async function main(): Promise<void> {
  const running: Running = {};
  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say(`${reason}: stopping…`);
    await shutdown(running);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  try {
    const config = await withLocalSecrets(loadConfig({ ...process.env, ...roleFromArguments(process.argv.slice(2)) }));
    say(`role: ${config.ROLE} (${ROLE_DUTIES[config.ROLE]})`);
    running.lock = await acquireInstanceLock(config.DATA_DIR, config.PORT);
    running.database = await bootstrapDatabase(config, say);
    say(`database ready (${running.database.migrationsApplied.length} migrations applied now)`);
    running.pool = connectDatabase(running.database.appUrl, {
      poolSize: config.DB_POOL_SIZE,
      applicationName: 'smartstart-api',
    });
    running.app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ config, database: running.pool }),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest types its options as a class but reads them as a plain object (its own docs pass a literal)
      { bufferLogs: true, bodyParser: false },
    );
    configureApp(running.app, config);
    await listen(running.app, config);
    if (config.DEMO_SEED) await seedDemo(running.app, config);
    running.app.get(Readiness).markReady();
    const demoFile = demoAccountsFile(config.DATA_DIR);
    for (const line of readyBanner({
      port: config.PORT,
      demoFile: config.DEMO_SEED && existsSync(demoFile) ? demoFile : null,
      role: config.ROLE,
    }))
      say(line);
  } catch (error) {
    console.error(`[smartstart] ${startupMessage(error)}`);
    await stop('start-up failed', 1);
  }
}

const ROLE_DUTIES: Record<AppConfig['ROLE'], string> = {
  api: 'HTTP and live updates; projections, reactors, sealer and jobs are left to a worker',
  worker: 'projections, reactors, sealer and jobs; HTTP serves only /api/health',
  all: 'HTTP, live updates, projections, reactors, sealer and jobs',
};

/**
 * The worker seeds (or `all`), never an API instance: one writer for N API instances, and the
 * passwords file lands in one known DATA_DIR, that of the process that also runs the reactors
 * the demo's accepted tasks are paid through.
 */
async function seedDemo(app: NestExpressApplication, config: AppConfig): Promise<void> {
  if (runsBackgroundWork(config)) await seedDemoOnFirstStart(app, config.DATA_DIR, say);
  else say('demo seed: left to the worker (ROLE=worker or all seeds a new store)');
}

async function withLocalSecrets(config: AppConfig): Promise<AppConfig> {
  return {
    ...config,
    AUTH_TOKEN_SECRET: config.AUTH_TOKEN_SECRET ?? (await localSecret(config.DATA_DIR, 'auth-token-secret', say)),
    ISSUER_KEY: config.ISSUER_KEY ?? (await localSecret(config.DATA_DIR, 'issuer-key', say)),
    CHECKPOINT_NOTE_KEY: config.CHECKPOINT_NOTE_KEY ?? (await localSecret(config.DATA_DIR, 'checkpoint-note-key', say)),
  };
}

async function listen(app: NestExpressApplication, config: AppConfig): Promise<void> {
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(
        `Port ${config.PORT} is already in use. Stop whatever holds it or set PORT to another port.`,
      );
    }
    throw error;
  }
}

function startupMessage(error: unknown): string {
  if (error instanceof ConfigError || error instanceof AlreadyRunningError) return error.message;
  return `Could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

async function shutdown(running: Running): Promise<void> {
  const { app, pool, lock } = running;
  const embedded = running.database?.embedded;
  const steps: [string, (() => Promise<unknown>) | undefined][] = [
    ['server, projections and jobs', app && (() => app.close())],
    ['database pools', pool && (() => pool.close())],
    ['embedded PostgreSQL', embedded ? () => embedded.stop() : undefined],
    ['instance lock', lock && (() => lock.release())],
  ];
  for (const [name, step] of steps) {
    if (!step) continue;
    try {
      await step();
    } catch (error) {
      console.error(`[smartstart] stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  say('stopped');
}

void main();
