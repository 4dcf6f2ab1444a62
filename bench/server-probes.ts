import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';

/** What PostgreSQL and the machine did during one measured window: the evidence for what limits a rate. */
export interface ServerProbeReport {
  /** CPU time of every PostgreSQL process (backends, WAL writer, checkpointer…). */
  postgresCpuSeconds: number;
  /** Share of all cores busy, machine-wide: includes us, PostgreSQL and anyone else. */
  machineBusyShare: number;
  commits: number;
  /** Connections opened to the database: a pool that keeps its connections opens none. */
  sessionsOpened: number;
  walFsyncs: number;
  walBytes: number;
  /** Share of sampled client backends in each state, largest first. */
  waits: Array<{ label: string; share: number }>;
}

export interface ServerProbes {
  start(): Promise<void>;
  stop(): Promise<ServerProbeReport>;
  close(): Promise<void>;
}

const SAMPLE_INTERVAL_MS = 50;
// Linux reports /proc CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel.
const TICKS_PER_SECOND = 100;

interface Counters {
  postgresTicks: Map<number, number>;
  machine: { busy: number; total: number };
  commits: number;
  sessions: number;
  walFsyncs: number;
  walBytes: number;
}

/**
 * Probes through a connection of its own to `databaseName`. The cluster's statistics views are
 * flushed by each backend about once a second, so the commit and WAL counts are approximate at
 * the edges of a window (about ±1 s of a 10 s window).
 */
export async function openServerProbes(ownerUrl: string, databaseName: string): Promise<ServerProbes> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'bench-probes' });
  await client.connect();
  // Our own backend's parent is the postmaster: every PostgreSQL process is one of its children.
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const postmasterPid = (await readStat(rows[0].pid))?.ppid ?? 0;

  const waitCounts = new Map<string, number>();
  let sampling: Promise<void> | null = null;
  let running = false;
  let before: Counters | null = null;

  const counters = async (): Promise<Counters> => {
    const stats = await client.query<{ commits: string; sessions: string; fsyncs: string; wal_bytes: string }>(
      `select (select xact_commit from pg_stat_database where datname = $1) as commits,
              (select sessions from pg_stat_database where datname = $1) as sessions,
              (select coalesce(sum(fsyncs), 0) from pg_stat_io where object = 'wal') as fsyncs,
              (select wal_bytes from pg_stat_wal) as wal_bytes`,
      [databaseName],
    );
    const row = stats.rows[0];
    return {
      postgresTicks: await childTicks(postmasterPid),
      machine: await machineTicks(),
      commits: Number(row.commits),
      sessions: Number(row.sessions),
      walFsyncs: Number(row.fsyncs),
      walBytes: Number(row.wal_bytes),
    };
  };

  const sampleLoop = async () => {
    while (running) {
      const sample = await client.query<{ state: string; wait_type: string | null; wait: string | null; n: number }>(
        `select state, wait_event_type as wait_type, wait_event as wait, count(*)::int as n from pg_stat_activity
         where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid() group by 1, 2, 3`,
        [databaseName],
      );
      for (const row of sample.rows) {
        const label = waitLabel(row.state, row.wait_type, row.wait);
        waitCounts.set(label, (waitCounts.get(label) ?? 0) + row.n);
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
    }
  };

  return {
    start: async () => {
      before = await counters();
      running = true;
      sampling = sampleLoop();
    },
    stop: async () => {
      running = false;
      await sampling;
      const after = await counters();
      if (!before) throw new Error('probes stopped before they started');
      let postgresTicks = 0;
      for (const [pid, ticks] of after.postgresTicks) postgresTicks += ticks - (before.postgresTicks.get(pid) ?? 0);
      const samples = [...waitCounts.values()].reduce((sum, n) => sum + n, 0);
      return {
        postgresCpuSeconds: postgresTicks / TICKS_PER_SECOND,
        machineBusyShare: (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total),
        commits: after.commits - before.commits,
        sessionsOpened: after.sessions - before.sessions,
        walFsyncs: after.walFsyncs - before.walFsyncs,
        walBytes: after.walBytes - before.walBytes,
        waits: [...waitCounts].map(([label, n]) => ({ label, share: n / samples })).sort((a, b) => b.share - a.share),
      };
    },
    close: async () => {
      // A run that failed mid-window leaves the sampler going: stop it before closing its connection.
      running = false;
      await sampling?.catch(() => undefined);
      await client.end();
    },
  };
}

function waitLabel(state: string, waitType: string | null, wait: string | null): string {
  if (state === 'active') return waitType ? `${waitType}:${wait}` : 'on CPU';
  // An idle backend is waiting for its client: the round trip, or the client's own CPU.
  return `${state} (client's turn)`;
}

async function readStat(pid: number): Promise<{ ppid: number; ticks: number } | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; the fields after its last ')' do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // the process exited while we looked
  }
}

async function childTicks(postmasterPid: number): Promise<Map<number, number>> {
  const ticks = new Map<number, number>();
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  for (const pid of pids) {
    const stat = await readStat(pid);
    if (stat && (pid === postmasterPid || stat.ppid === postmasterPid)) ticks.set(pid, stat.ticks);
  }
  return ticks;
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const values = line.split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  // Fields: user nice system idle iowait irq softirq steal; idle and iowait are not busy.
  return { busy: total - values[3] - values[4], total };
}
