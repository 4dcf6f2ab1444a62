import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from '../../../migrations';

/**
 * The connections the app uses, all logged in as one role. The server logs in as the app role
 * (app-role.ts), whose privileges on the event log are SELECT and INSERT only; migrations and the
 * CLI use the owner's URL.
 */
export interface Database {
  /** The URL every connection logs in with; leader locks open their own sessions from it. */
  readonly url: string;
  /** Raw pool for the event store's hot paths (prepared statements, no query builder). */
  readonly pool: pg.Pool;
  /** knex for read models and migrations-free queries. */
  readonly knex: Knex;
  close(this: void): Promise<void>;
}

export interface DatabaseOptions {
  poolSize: number;
  applicationName: string;
}

export function connectDatabase(url: string, options: DatabaseOptions): Database {
  // A login, not `SET ROLE`: a session that logged in as the owner could SET ROLE back to it.
  const connection = { connectionString: url, application_name: options.applicationName };
  const pool = new pg.Pool({ ...connection, max: options.poolSize });
  // An idle client whose server went away must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor a checked-out one. pg emits 'error' on a client whose connection dies while none of its
  // queries is running, and pg.Pool listens only while the client is idle in the pool, so one
  // pg_terminate_backend on the app's connections took the whole process down with an unhandled
  // 'error' (`npm run faults`, drill c). The client is already marked not queryable: its holder's
  // next query fails, and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const knex = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: Math.max(2, Math.floor(options.poolSize / 2)) },
  });
  return {
    url,
    pool,
    knex,
    close: async () => {
      await Promise.all([pool.end(), knex.destroy()]);
    },
  };
}

/** Runs pending migrations as the owner. Returns the names it applied. */
export async function migrateDatabase(ownerUrl: string): Promise<string[]> {
  const knex = knexFactory({ client: 'pg', connection: ownerUrl, pool: { min: 0, max: 1 } });
  try {
    const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
    return applied;
  } finally {
    await knex.destroy();
  }
}

/** Creates `name` on the server behind `adminUrl` unless it exists; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(name)} encoding 'UTF8'`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
