import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privilegeProblems } from '../../src/platform/database/app-role';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { someEvents, uniqueStream } from '../support/events';
import { closeIfStarted, endIfStarted } from '../support/teardown';

/**
 * The attacks that switched WORM off from the app's session (issue #11), each tried from the
 * app's own pool. Every one must be refused by PostgreSQL itself, not by our code.
 */
describe("the app's database login cannot undo WORM (real PostgreSQL)", () => {
  let database: TestDatabase;
  let owner: pg.Client;
  let ownerRole: string;

  beforeAll(async () => {
    database = await createTestDatabase('app_role');
    await new PostgresEventStore(database.pool).append(uniqueStream(), someEvents(3), {
      expectedRevision: 'no_stream',
    });
    owner = new pg.Client(database.ownerUrl);
    await owner.connect();
    await owner.query(`insert into merkle_leaves (leaf_index, event_id, stream_id, revision, event_hash, leaf_hash)
      select 0, event_id, stream_id, revision, hash, hash from events order by global_position limit 1`);
    ownerRole = (
      await owner.query<{ owner: string }>(
        `select pg_get_userbyid(relowner) as owner from pg_class where oid = 'events'::regclass`,
      )
    ).rows[0].owner;
  });
  afterAll(async () => {
    await endIfStarted(owner);
    await closeIfStarted(database);
  });

  /** Runs `sql` on one of the app pool's own sessions, in a transaction that is rolled back whatever happens. */
  async function asApp(sql: string): Promise<unknown> {
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      return await client.query(sql);
    } finally {
      await client.query('rollback').catch(() => undefined);
      client.release();
    }
  }

  it('logs in as smartstart_app itself: no SET ROLE, no superuser, owns nothing', async () => {
    const { rows } = await database.pool
      .query(`select session_user, current_user, (select rolsuper from pg_roles where rolname = session_user) as super,
      (select count(*)::int from pg_class where relowner = (select oid from pg_roles where rolname = session_user)) as owned`);
    expect(rows[0]).toEqual({ session_user: 'smartstart_app', current_user: 'smartstart_app', super: false, owned: 0 });
  });

  it.each(['postgres', 'owner'])('refuses SET ROLE to %s', async (target) => {
    const role = target === 'owner' ? ownerRole : target;
    await expect(asApp(`set role ${pg.escapeIdentifier(role)}`)).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses SET session_replication_role, which would silence the triggers', async () => {
    await expect(asApp('set session_replication_role = replica')).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses COPY … TO PROGRAM', async () => {
    await expect(asApp(`copy (select 1) to program 'id'`)).rejects.toMatchObject({ code: '42501' });
  });

  const changes = [
    'update {t} set revision = revision',
    'delete from {t}',
    'truncate {t}',
    'alter table {t} disable trigger all',
  ];
  it.each(['events', 'merkle_leaves'].flatMap((table) => changes.map((sql) => sql.replace('{t}', table))))(
    'refuses "%s"',
    async (sql) => {
      await expect(asApp(sql)).rejects.toMatchObject({ code: '42501' });
    },
  );

  it('refuses to touch the migrations bookkeeping', async () => {
    await expect(asApp('delete from knex_migrations')).rejects.toMatchObject({ code: '42501' });
  });

  it('leaves every event and leaf in place', async () => {
    const { rows } = await owner.query(
      'select (select count(*)::int from events) as events, (select count(*)::int from merkle_leaves) as leaves',
    );
    expect(rows[0]).toEqual({ events: 3, leaves: 1 });
  });

  it('passes the start-up privilege check; the owner fails it and is told why', async () => {
    expect(await privilegeProblems(database.url)).toEqual([]);
    const ownerProblems = await privilegeProblems(database.ownerUrl);
    expect(ownerProblems).toEqual(
      expect.arrayContaining([
        'it is a superuser',
        expect.stringMatching(/owns the event log/),
        expect.stringMatching(/UPDATE, DELETE or TRUNCATE/),
      ]),
    );
  });
});
