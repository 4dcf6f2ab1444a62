import pg from 'pg';
import { connectDatabase, type Database } from '../../src/platform/database/database';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { appUrlOf, ownerUrlOf, sleep } from './server';

/** Our own connections are named so that the connection drill never terminates them. */
export const DRIVER_APPLICATION_NAME = 'faults-driver';

/** Every connection the server opens: its pools ('smartstart-api') and its leader locks ('leader:<name>'). */
export const SERVER_CONNECTIONS = `datname = current_database() and pid <> pg_backend_pid()
  and (application_name like 'smartstart%' or application_name like 'leader:%')
  and application_name <> 'smartstart-cli'`;

export interface ProjectionLag {
  projection: string;
  position: string | null;
  eventsApplied: number;
  eventsBehind: number;
}

export interface OpenTransaction {
  applicationName: string;
  state: string;
  query: string;
}

/**
 * The drill's own view of the ledger: a superuser connection (to read anything and terminate
 * the server's sessions) and an event store on the application role (to append backlogs the
 * way the server would). Reconnect after the embedded PostgreSQL restarts: its port changes.
 */
export class LedgerDb {
  private constructor(
    readonly ownerUrl: string,
    readonly owner: pg.Pool,
    readonly app: Database,
    readonly store: PostgresEventStore,
  ) {}

  static async connect(dataDir: string): Promise<LedgerDb> {
    const ownerUrl = await ownerUrlOf(dataDir);
    const owner = new pg.Pool({ connectionString: ownerUrl, application_name: DRIVER_APPLICATION_NAME, max: 4 });
    owner.on('error', () => undefined);
    const app = connectDatabase(await appUrlOf(dataDir), { poolSize: 16, applicationName: DRIVER_APPLICATION_NAME });
    return new LedgerDb(ownerUrl, owner, app, new PostgresEventStore(app.pool));
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.owner.end(), this.app.close()]);
  }

  async eventCount(): Promise<number> {
    const { rows } = await this.owner.query<{ n: number }>('select count(*)::int as n from events');
    return rows[0].n;
  }

  /** Checkpoint, events applied and events still behind (all stored events after the checkpoint) of every projection and process manager. */
  async lag(): Promise<ProjectionLag[]> {
    const { rows } = await this.owner.query<{
      projection: string;
      position: string | null;
      events_applied: string;
      behind: number;
    }>(
      `select c.projection, c.position, c.events_applied,
              (select count(*)::int from events e
                where c.position is null
                   or (e.tx_id, e.global_position) > (split_part(c.position, ':', 1)::xid8, split_part(c.position, ':', 2)::bigint)) as behind
       from projection_checkpoints c order by c.projection`,
    );
    return rows.map((row) => ({
      projection: row.projection,
      position: row.position,
      eventsApplied: Number(row.events_applied),
      eventsBehind: row.behind,
    }));
  }

  /** Resolves once every projection in `names` has applied every stored event; returns how long that took. */
  async waitForCatchUp(
    names: readonly string[],
    timeoutMs: number,
    onProgress?: (behind: number) => void,
  ): Promise<number> {
    const started = performance.now();
    let lastReport = 0;
    for (;;) {
      const lag = await this.lag();
      // Every follower with a checkpoint (also any this drill does not know by name), and the named ones must have one.
      const behind =
        lag.reduce((sum, row) => sum + row.eventsBehind, 0) +
        (names.every((name) => lag.some((row) => row.projection === name)) ? 0 : Number.POSITIVE_INFINITY);
      if (behind === 0) return performance.now() - started;
      if (performance.now() - started > timeoutMs) {
        throw new Error(
          `projections did not catch up within ${timeoutMs} ms: ${lag.map((row) => `${row.projection} ${row.eventsBehind} behind`).join(', ')}; missing: ${names.filter((name) => !lag.some((row) => row.projection === name)).join(', ') || 'none'}`,
        );
      }
      if (onProgress && performance.now() - lastReport > 2000) {
        onProgress(behind);
        lastReport = performance.now();
      }
      await sleep(100);
    }
  }

  /** The server's connections that are inside a transaction right now. */
  async openServerTransactions(): Promise<OpenTransaction[]> {
    const { rows } = await this.owner.query<{ application_name: string; state: string; query: string }>(
      `select application_name, state, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query from pg_stat_activity
       where ${SERVER_CONNECTIONS} and xact_start is not null and state in ('active', 'idle in transaction')`,
    );
    return rows.map((row) => ({ applicationName: row.application_name, state: row.state, query: row.query }));
  }

  /** pg_terminate_backend on every connection of the server (pools and leader locks); returns them by application name. */
  async terminateServerConnections(): Promise<Record<string, number>> {
    const { rows } = await this.owner.query<{ application_name: string; terminated: boolean }>(
      `select application_name, pg_terminate_backend(pid) as terminated from pg_stat_activity where ${SERVER_CONNECTIONS}`,
    );
    const byName: Record<string, number> = {};
    for (const row of rows.filter((candidate) => candidate.terminated)) {
      const key = row.application_name.startsWith('leader:') ? 'leader:*' : row.application_name;
      byName[key] = (byName[key] ?? 0) + 1;
    }
    return byName;
  }

  async serverConnections(): Promise<number> {
    const { rows } = await this.owner.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where ${SERVER_CONNECTIONS}`,
    );
    return rows[0].n;
  }
}
