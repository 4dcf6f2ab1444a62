// `npm start`, `npm run cli`, `npm run audit` and the build step of `npm test`: build only what
// changed since the last build, then run the program in this same process.
//
//   node scripts/launch.mjs start            build API and portal if changed, run the server
//   node scripts/launch.mjs cli|audit|witness ARGS   build the API if changed, run the CLI with ARGS
//   node scripts/launch.mjs build [--always] build what changed (everything with --always)
//
// The program runs in this process rather than a child, so a signal sent to it reaches the
// server itself. package.json starts this script with `exec`: npm then runs it directly instead
// of under `sh -c`, whose shell dies of SIGTERM without passing it on, and npm forwards SIGTERM
// and SIGINT to it and exits with its code.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARGETS, buildState, markBuilt } from './build-inputs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROGRAMS = {
  start: { builds: ['api', 'ui'], main: 'dist/src/main.js' },
  cli: { builds: ['api'], main: 'dist/src/cli.js' },
  audit: { builds: ['api'], main: 'dist/src/audit-cli.js' },
  witness: { builds: ['api'], main: 'dist/src/witness-cli.js' },
  build: { builds: ['api', 'ui'], main: null },
};

// Build messages go to stderr: the CLIs' stdout is often read by scripts (`token create`).
const say = (line) => process.stderr.write(`[smartstart] ${line}\n`);

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const program = PROGRAMS[command];
  if (!program) {
    say(`unknown command "${command}"; expected one of ${Object.keys(PROGRAMS).join(', ')}`);
    return 2;
  }
  const always = command === 'build' && args.includes('--always');
  // Only `build` shows the compilers' output as it comes; a program's start keeps it for a failure,
  // so what the program prints last (the portal's address, where the demo sign-ins are) stays on screen.
  const built = await buildIfChanged(
    TARGETS.filter((target) => program.builds.includes(target.name)),
    always,
    command !== 'build',
  );
  if (built !== 0 || !program.main) return built;
  const main = path.join(ROOT, program.main);
  // What the program sees is what `node dist/src/….js ARGS` would give it.
  process.argv = [process.argv[0], main, ...args];
  createRequire(import.meta.url)(main);
  return null;
}

/** 0 when every target is built and stamped; otherwise the failing build's exit code. */
async function buildIfChanged(targets, always, quiet) {
  const states = await Promise.all(targets.map(async (target) => ({ target, ...(await buildState(ROOT, target)) })));
  const stale = states.filter((state) => always || !state.upToDate);
  if (stale.length === 0) {
    say('build is up to date');
    return 0;
  }
  for (const { target, hash, upToDate } of stale) {
    say(`building ${target.label}${always || upToDate ? '' : ' (its sources changed since the last build)'}…`);
    const { code, output } = await runScript(target.script, quiet);
    if (code !== 0) {
      if (quiet) process.stderr.write(output);
      say(`building ${target.label} failed (exit code ${code})`);
      return code;
    }
    await markBuilt(ROOT, target, hash);
  }
  return 0;
}

/**
 * `npm run --silent <script>`, its output on our stderr, or (quiet) kept and handed back for a
 * failure to show; a SIGINT or SIGTERM meanwhile stops it too.
 */
function runScript(script, quiet) {
  const npm = process.env.npm_execpath;
  const [file, args] = npm
    ? [process.execPath, [npm, 'run', '--silent', script]]
    : ['npm', ['run', '--silent', script]];
  const child = spawn(file, args, {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', process.stderr, 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      say(`could not run npm: ${error.message}`);
      resolve({ code: 1, output });
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve({ code: signal ? 128 + constants.signals[signal] : (code ?? 1), output });
    });
  });
}

main().then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
