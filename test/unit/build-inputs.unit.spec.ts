import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TARGETS, buildState, markBuilt } from '../../scripts/build-inputs.mjs';

const api = TARGETS.find((target) => target.name === 'api');
if (!api) throw new Error('build-inputs.mjs has no api target');

/** The launcher's "build only when the sources changed", on a checkout made up for the test. */
describe('build inputs', () => {
  let root: string;
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };
  const upToDate = async () => (await buildState(root, api)).upToDate;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'smartstart-build-inputs-'));
    await write('src/main.ts', 'export const a = 1;');
    await write('tsconfig.json', '{}');
    await write('package-lock.json', '{}');
    await write('bench/RESULTS.md', '# figures');
    await write('dist/src/main.js', 'built');
    await markBuilt(root, api, (await buildState(root, api)).hash);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is up to date after a build, even when files were touched without a change', async () => {
    expect(await upToDate()).toBe(true);
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'src/main.ts'), later, later);
    expect(await upToDate()).toBe(true);
  });

  it('ignores files the build does not read, such as the benchmark reports beside bench/*.ts', async () => {
    await write('bench/RESULTS.md', '# new figures');
    expect(await upToDate()).toBe(true);
  });

  it('builds again when a source changes, and not once the change is undone', async () => {
    await write('src/main.ts', 'export const a = 2;');
    expect(await upToDate()).toBe(false);
    await write('src/main.ts', 'export const a = 1;');
    expect(await upToDate()).toBe(true);
  });

  it('builds again when a source is added, the lock file changes, or the output is gone', async () => {
    await write('src/extra.ts', 'export {};');
    expect(await upToDate()).toBe(false);
    await rm(path.join(root, 'src/extra.ts'));
    await write('package-lock.json', '{"lockfileVersion": 3}');
    expect(await upToDate()).toBe(false);
    await write('package-lock.json', '{}');
    await rm(path.join(root, 'dist/src/main.js'));
    expect(await upToDate()).toBe(false);
  });
});
