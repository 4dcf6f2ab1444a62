// What each build reads and what it writes, and whether its output is older than its sources.
// Content hashes, not mtimes: a checkout, a `git stash` or a copy changes mtimes without
// changing what tsc or vite would produce, and an edit undone is no change.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED = new Set(['node_modules']);

/**
 * Each build: the npm script that makes it, the paths it reads (with `only`, just the files of
 * those kinds below them: tsc reads the .ts files of bench/, not the reports written beside
 * them), a file it writes, and where its stamp goes.
 */
export const TARGETS = [
  {
    name: 'api',
    label: 'the API',
    script: 'build:api',
    inputs: ['src', 'migrations', 'projections', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    only: /\.(ts|json)$/,
    output: 'dist/src/main.js',
    stamp: 'dist/.build-inputs',
  },
  {
    name: 'ui',
    label: 'the portal',
    script: 'build:ui',
    inputs: [
      'ui/src',
      'ui/static',
      'ui/package.json',
      'ui/svelte.config.js',
      'ui/vite.config.ts',
      'ui/tsconfig.json',
      'ui/tsconfig.api.json',
      'package-lock.json',
    ],
    output: 'ui/build/index.html',
    // Inside the output: vite empties ui/build first, so a half-finished build leaves no stamp.
    stamp: 'ui/build/.build-inputs',
  },
];

/** SHA-256 over the relative path and the bytes of every file below `inputs` (missing paths count as absent). */
export async function fingerprint(root, inputs, only = /./) {
  const files = (await Promise.all(inputs.map((input) => filesBelow(root, input))))
    .flat()
    .filter((file) => only.test(file))
    .sort();
  const hash = createHash('sha256');
  for (const file of new Set(files)) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function filesBelow(root, relative) {
  const absolute = path.join(root, relative);
  let entries;
  try {
    entries = await readdir(absolute, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOTDIR') return [relative];
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries
      .filter((entry) => !SKIPPED.has(entry.name))
      .map((entry) => filesBelow(root, path.join(relative, entry.name))),
  );
  return nested.flat();
}

/** The target's current input hash, and whether its output is missing or was built from other inputs. */
export async function buildState(root, target) {
  const hash = await fingerprint(root, target.inputs, target.only);
  if (!existsSync(path.join(root, target.output))) return { hash, upToDate: false };
  const stamped = await readFile(path.join(root, target.stamp), 'utf8').catch(() => '');
  return { hash, upToDate: stamped.trim() === hash };
}

/** Records the inputs a finished build was made from (hashed before it started, so an edit during the build still counts). */
export async function markBuilt(root, target, hash) {
  await writeFile(path.join(root, target.stamp), `${hash}\n`);
}
