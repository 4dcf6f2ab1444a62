// `npm run check`: the static checks of `npm test`, run side by side: tsc over the API, tests,
// bench and configs; svelte-check over the portal; ESLint over everything; Prettier. Each is a
// separate process (tsc and ESLint each build their own TypeScript program, and neither uses a
// second core), so on a multi-core machine the wall time is about that of the slowest, ESLint.
// Every check runs to its end, its output is printed as one block, and the exit code is 1 if any
// failed (a check's warnings are printed too).
//
// ESLint keeps a cache (node_modules/.cache/eslint) outside CI. The cache is keyed on each file's
// content, so a change in one file that breaks a typed rule in another file can be missed until
// that file changes or the cache is removed; CI (CI=true, as .ci/run has it) never uses it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const onCi = process.env.CI === 'true' || process.env.CI === '1';
const eslintCache = onCi
  ? []
  : ['--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/'];

const CHECKS = [
  { name: 'typecheck', command: BIN('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'], cwd: ROOT },
  {
    name: 'svelte-check',
    command: BIN('svelte-check'),
    args: ['--tsconfig', './tsconfig.json', '--fail-on-warnings'],
    cwd: path.join(ROOT, 'ui'),
  },
  { name: 'eslint', command: BIN('eslint'), args: [...eslintCache, '.'], cwd: ROOT },
  { name: 'prettier', command: BIN('prettier'), args: ['--check', '.'], cwd: ROOT },
];

function run({ name, command, args, cwd }) {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, ok: false, output: `${output}${error.message}\n`, seconds: 0 }));
    child.on('close', (code) =>
      resolve({ name, ok: code === 0, output, seconds: (performance.now() - startedAt) / 1000 }),
    );
  });
}

// The portal's generated tsconfig (ui/.svelte-kit) must exist before svelte-check, and before
// ESLint reads ui/tsconfig.json for the portal's typed rules.
const sync = await run({
  name: 'svelte-kit sync',
  command: BIN('svelte-kit'),
  args: ['sync'],
  cwd: path.join(ROOT, 'ui'),
});
const results = sync.ok ? await Promise.all(CHECKS.map(run)) : [sync];
for (const { name, ok, output, seconds } of results) {
  process.stdout.write(`\n── ${name}: ${ok ? 'passed' : 'FAILED'} (${seconds.toFixed(1)} s)\n${output}`);
}
process.exitCode = results.every((result) => result.ok) ? 0 : 1;
