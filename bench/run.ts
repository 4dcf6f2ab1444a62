import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDatabase, migrateDatabase } from '../src/platform/database/database';
import { appRoleUrl, createAppLogin } from '../src/platform/database/app-role';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { appendBenchmark } from './append.bench';
import { issuanceBenchmark } from './issuance.bench';
import { liveBenchmark } from './live.bench';
import { offlineVerifyBenchmark } from './offline-verify.bench';
import { proofsBenchmark } from './proofs.bench';
import { scalingBenchmark } from './scaling.bench';
import { verificationBenchmark } from './verification.bench';
import type { BenchContext, BenchOptions, Benchmark, BenchReport } from './benchmark';
import { currentLoad, describePostgres, otherSections, renderResults, withSection } from './results-file';

/** Every benchmark `npm run bench` knows, in the order a full run executes them. */
const BENCHMARKS: Benchmark[] = [
  appendBenchmark,
  issuanceBenchmark,
  scalingBenchmark,
  verificationBenchmark,
  liveBenchmark,
  offlineVerifyBenchmark,
  proofsBenchmark,
];

const USAGE = `Usage: npm run bench -- [--only name[,name…]] [--writers 32] [--connections 32] [--events 200000 | --full] [--tabs 100] [--warmup-s 2] [--duration-s 10] [--diagnose]
Benchmarks: ${BENCHMARKS.map((benchmark) => `${benchmark.name} (${benchmark.description})`).join('; ')}
Writes bench/RESULTS.md (live: bench/LIVE-RESULTS.md).`;

function parseOptions(argv: string[]): { selected: Benchmark[]; options: BenchOptions } {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      writers: { type: 'string', default: '32' },
      connections: { type: 'string', default: '32' },
      events: { type: 'string' },
      tabs: { type: 'string', default: '100' },
      full: { type: 'boolean', default: false },
      'warmup-s': { type: 'string', default: '2' },
      'duration-s': { type: 'string', default: '10' },
      diagnose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const names = values.only
    ? values.only.split(',').map((name) => name.trim())
    : BENCHMARKS.map((benchmark) => benchmark.name);
  const unknown = names.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}\n${USAGE}`);
  const positive = (flag: string, value: string) => {
    const number = Number(value);
    if (!(number > 0)) throw new Error(`--${flag} must be a positive number, not "${value}"`);
    return number;
  };
  return {
    selected: BENCHMARKS.filter((benchmark) => names.includes(benchmark.name)),
    options: {
      writers: Math.round(positive('writers', values.writers)),
      connections: Math.round(positive('connections', values.connections)),
      // The verification target speaks of 1M events; the default keeps a full run short.
      events: Math.round(positive('events', values.events ?? (values.full ? '1000000' : '200000'))),
      tabs: Math.round(positive('tabs', values.tabs)),
      window: {
        warmupMs: positive('warmup-s', values['warmup-s']) * 1000,
        durationMs: positive('duration-s', values['duration-s']) * 1000,
      },
      diagnose: values.diagnose,
    },
  };
}

/** The command as typed, so RESULTS.md says how to reproduce it. */
function commandLine(argv: string[]): string {
  const quoted = argv.map((arg) => (/^[\w.,=/:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`));
  if (process.env.npm_lifecycle_event === 'bench')
    return ['npm run bench', ...(quoted.length > 0 ? ['--', ...quoted] : [])].join(' ');
  return ['node', path.relative(process.cwd(), process.argv[1]), ...quoted].join(' ');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { selected, options } = parseOptions(argv);
  const startedAt = new Date();
  const loadAtStart = currentLoad();
  const log = (line: string) => console.log(`[bench] ${line}`);
  // A cluster of our own, so nothing else's data, settings or connections skew the figures.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-bench-'));
  const server = await startEmbeddedPostgres(dataDir, log);
  const appPassword = await createAppLogin(server.adminUrl);
  const cleanUp = async () => {
    await server.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));
  try {
    const context: BenchContext = {
      options,
      log,
      freshDatabase: async (name) => {
        const url = await ensureDatabase(server.adminUrl, name);
        await migrateDatabase(url);
        return url;
      },
      appUrl: (ownerUrl) => appRoleUrl(ownerUrl, appPassword),
    };
    const reportsByFile = new Map<string, BenchReport[]>();
    const sections: Array<[string, BenchReport]> = [];
    for (const benchmark of selected) {
      log(`running ${benchmark.name}`);
      const report = await benchmark.run(context);
      if (benchmark.section) sections.push([benchmark.name, report]);
      else
        reportsByFile.set(benchmark.resultsFile ?? 'RESULTS.md', [
          ...(reportsByFile.get(benchmark.resultsFile ?? 'RESULTS.md') ?? []),
          report,
        ]);
    }
    const postgres = await describePostgres(server.adminUrl);
    const conditions = {
      command: commandLine(argv),
      startedAt,
      finishedAt: new Date(),
      loadAtStart,
      loadAtEnd: currentLoad(),
      ...postgres,
    };
    for (const [file, reports] of reportsByFile) {
      const resultsFile = path.resolve(__dirname, '..', '..', 'bench', file);
      const seeAlso =
        file === 'RESULTS.md'
          ? BENCHMARKS.flatMap((benchmark) => (benchmark.resultsFile ? [benchmark.resultsFile] : []))
          : [];
      const kept =
        file === 'RESULTS.md'
          ? otherSections(
              await readFile(resultsFile, 'utf8').catch(() => ''),
              sections.map(([name]) => name),
            )
          : [];
      const sectionTargets = file === 'RESULTS.md' ? sections.flatMap(([, report]) => report.targets) : [];
      const rendered = renderResults(reports, conditions, seeAlso, sectionTargets);
      await writeFile(resultsFile, kept.length > 0 ? `${rendered}\n${kept.join('\n\n')}\n` : rendered);
      for (const report of reports)
        for (const check of report.targets)
          log(`${check.met ? 'met ' : 'MISS'} ${check.target}: ${check.measured} (goal ${check.goal})`);
      log(`wrote ${path.relative(process.cwd(), resultsFile)}`);
    }
    // After any rewrite of RESULTS.md, so a full run keeps these sections too.
    for (const [name, report] of sections) {
      const resultsFile = path.resolve(__dirname, '..', '..', 'bench', 'RESULTS.md');
      await writeFile(resultsFile, withSection(await readFile(resultsFile, 'utf8'), name, report, conditions));
      for (const check of report.targets)
        log(`${check.met ? 'met ' : 'MISS'} ${check.target}: ${check.measured} (goal ${check.goal})`);
      log(`wrote the ${name} section of ${path.relative(process.cwd(), resultsFile)}`);
    }
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
