import pg from 'pg';

/** Advisory-lock namespaces (the first key of the two-int form), one per kind of leader. */
export const LeaderNamespace = {
  projection: 71_001,
  job: 71_002,
  sealer: 71_003,
  /** Not a leader: each process that runs projections and reactors holds one, so they can count each other (FairShare). */
  runnerProcess: 71_004,
} as const;

export interface LeaderLease {
  /** Rejects... never; resolves when the lock's connection is gone and leadership is lost. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/**
 * One leader cluster-wide: a session advisory lock held on a dedicated connection. If that
 * connection dies, PostgreSQL frees the lock and another instance takes over; writers still
 * fence themselves (projection checkpoints are compare-and-set), so a stale leader can't
 * double-apply.
 */
export async function tryAcquireLeadership(
  connectionString: string,
  namespace: number,
  name: string,
): Promise<LeaderLease | null> {
  const client = new pg.Client({ connectionString, application_name: `leader:${name}` });
  let markLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  client.on('error', () => markLost());
  client.on('end', () => markLost());
  await client.connect();
  try {
    const { rows } = await client.query<{ acquired: boolean }>(
      'select pg_try_advisory_lock($1, hashtext($2)) as acquired',
      [namespace, name],
    );
    if (!rows[0].acquired) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    lost,
    release: async () => {
      await client.end().catch(() => undefined);
    },
  };
}
