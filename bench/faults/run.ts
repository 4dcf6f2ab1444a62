import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { FOLLOWER_NAMES } from './checks';
import {
  dropConnections,
  drillPassed,
  killProjectionRunner,
  killUnderLoad,
  type DrillContext,
  type DrillOptions,
  type DrillResult,
} from './drills';
import { LedgerDb } from './ledger-db';
import { currentLoad, postgresVersion, printSummary, renderFaults } from './report';
import { createFixtures } from './setup';
import { ServerUnderTest, sleep } from './server';
import { freePort } from '../../src/platform/database/embedded-postgres';

const DRILLS = { a: killUnderLoad, b: killProjectionRunner, c: dropConnections } as const;

const USAGE = `Usage: npm run faults -- [--only a,b,c] [--workers 32] [--load-s 8] [--after-s 8] [--backlog 20000] [--eligible 10] [--quick] [--keep]
  a  kill -9 under load, restart, check
  b  kill the projection runners mid-batch (backlog appended while the server is down)
  c  pg_terminate_backend on every server connection under load; recover without a restart
  --quick  skip the CLI rebuild/verify and the audit bundle (a smoke run of the drills)
  --keep   keep the temporary DATA_DIR (and its server log)
Writes bench/FAULTS.md; exits 1 if any drill fails.`;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', default: 'a,b,c' },
      workers: { type: 'string', default: '32' },
      'load-s': { type: 'string', default: '8' },
      'after-s': { type: 'string', default: '8' },
      backlog: { type: 'string', default: '20000' },
      eligible: { type: 'string', default: '10' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (flag: string, value: string) => {
    const number = Number(value);
    if (!(number > 0)) throw new Error(`--${flag} must be a positive number, not "${value}"\n${USAGE}`);
    return number;
  };
  const only = values.only.split(',').map((id) => id.trim());
  const unknown = only.filter((id) => !(id in DRILLS));
  if (unknown.length) throw new Error(`Unknown drill(s): ${unknown.join(', ')}\n${USAGE}`);
  const drill: DrillOptions = {
    workers: Math.round(positive('workers', values.workers)),
    loadBeforeS: positive('load-s', values['load-s']),
    loadAfterS: positive('after-s', values['after-s']),
    backlogEvents: Math.round(positive('backlog', values.backlog)),
    skipCliChecks: values.quick,
  };
  return {
    only: only as (keyof typeof DRILLS)[],
    drill,
    eligible: Math.round(positive('eligible', values.eligible)),
    keep: values.keep,
  };
}

function commandLine(argv: string[]): string {
  const quoted = argv.map((arg) => (/^[\w.,=/:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`));
  if (process.env.npm_lifecycle_event === 'faults')
    return ['npm run faults', ...(quoted.length ? ['--', ...quoted] : [])].join(' ');
  return ['node', path.relative(process.cwd(), process.argv[1]), ...quoted].join(' ');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const { only, drill, eligible, keep } = options(argv);
  const startedAt = new Date();
  const loadAtStart = currentLoad();
  const log = (line: string) =>
    console.log(`[faults ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-faults-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
    // The load comes from one IP and signs up hundreds of accounts: lift the per-IP limits, and
    // use the cheapest bcrypt so sign-ups measure the ledger, not the password hash.
    RATE_LIMIT_MAX: '100000000',
    LOGIN_RATE_LIMIT_MAX: '100000000',
    ACCOUNT_RATE_LIMIT_MAX: '100000000',
    BCRYPT_COST: '4',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    // Defaults, stated: the sealer signs a checkpoint every 1,000 events or 10 s through every fault.
    CHECKPOINT_EVERY_EVENTS: '1000',
    CHECKPOINT_EVERY_MS: '10000',
    INTEGRITY_CHECK_ON_START: 'true',
  };
  const server = new ServerUnderTest(env, path.join(dataDir, 'server.log'));
  // Ctrl-C: leave nothing running (the server, its PostgreSQL) and nothing behind unless --keep.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up…`);
      void server
        .kill9()
        .then(() => startEmbeddedPostgres(dataDir, () => undefined))
        .then((postgres) => postgres.stop())
        .catch(() => undefined)
        .then(() => (keep ? undefined : rm(dataDir, { recursive: true, force: true })))
        .finally(() => process.exit(130));
    });
  }
  const results: DrillResult[] = [];
  let context: DrillContext | null = null;
  let version = 'unknown';
  try {
    log(`DATA_DIR ${dataDir}, port ${env.PORT}; starting the server…`);
    const startMs = await server.start();
    const db = await LedgerDb.connect(dataDir);
    version = await postgresVersion(db.ownerUrl);
    log(
      `server running (pid ${server.pid}) after ${(startMs / 1000).toFixed(1)} s on ${version.split(' on ')[0]}; creating the token, an officer and ${eligible} eligible members…`,
    );
    const fixtures = await createFixtures(server.baseUrl, env, db, eligible);
    await db.waitForCatchUp(FOLLOWER_NAMES, 60_000);
    context = {
      server,
      db,
      dataDir,
      env,
      fixtures,
      options: drill,
      loads: [],
      direct: { tasks: new Map(), events: 0 },
      log,
    };
    for (const id of only) {
      const run = DRILLS[id];
      log(`drill ${id}: ${run.name}`);
      try {
        if (!server.alive()) await server.start();
        const result = await run(context);
        results.push(result);
        log(
          `drill ${id}: ${drillPassed(result) ? 'PASS' : 'FAIL'} (${result.checks.filter((check) => check.passed).length}/${result.checks.length} checks)`,
        );
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        results.push({ id, title: run.name, checks: [], numbers: [], error: message });
        log(`drill ${id}: FAIL with an error: ${message.split('\n')[0]}`);
        for (const load of context.loads) await load.stop({ abandon: true }).catch(() => undefined);
      }
    }
  } catch (error) {
    log(`the drills could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    results.push({
      id: '-',
      title: 'set-up',
      checks: [],
      numbers: [],
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  } finally {
    await context?.db.close();
    await server.close();
    // A server killed last leaves its PostgreSQL running: stop it whoever started it.
    await startEmbeddedPostgres(dataDir, () => undefined)
      .then((postgres) => postgres.stop())
      .catch(() => undefined);
  }

  printSummary(results, log);
  const file = path.resolve(__dirname, '..', '..', '..', 'bench', 'FAULTS.md');
  await writeFile(
    file,
    renderFaults(results, {
      command: commandLine(argv),
      startedAt,
      finishedAt: new Date(),
      loadAtStart,
      loadAtEnd: currentLoad(),
      postgresVersion: version,
      serverEnv: env,
      drillOptions: {
        drills: only.join(','),
        'concurrent clients': drill.workers,
        'load before the fault (s)': drill.loadBeforeS,
        'load after (s)': drill.loadAfterS,
        'backlog events (drill b)': drill.backlogEvents,
        'eligible members': eligible,
        'CLI checks': !drill.skipCliChecks,
      },
    }),
  );
  log(`wrote ${path.relative(process.cwd(), file)}`);
  if (keep) log(`kept ${dataDir} (server log: ${path.join(dataDir, 'server.log')})`);
  else await rm(dataDir, { recursive: true, force: true });
  await sleep(0);
  return results.length > 0 && results.every(drillPassed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
