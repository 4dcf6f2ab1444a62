import type { Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { EVENT_TYPE, SAMPLE_DATA, SAMPLE_METADATA, streamFor } from './append-workloads';
import { runWriters, type LoadWindow } from './load-loop';

/**
 * (c) Emmett's PostgreSQL event store under the same load as ours. It runs in a child process
 * because it installs global pg type parsers (bigint columns become BigInt for every pg user in
 * the process), which would change what our store and the baseline measure.
 *
 * Protocol: the config arrives as JSON in argv[2]; the parent receives `window-start` and
 * `window-end` (to run its server probes over the same window) and then one `result` or `error`.
 * After `window-end` the worker waits for `probes-stopped` before closing its pool: the probes
 * read the CPU time of live backends, and a closed pool's backends take theirs with them.
 */
export interface EmmettWorkerConfig {
  url: string;
  writers: number;
  window: LoadWindow;
}

export type EmmettWorkerMessage =
  | { kind: 'window-start' }
  | { kind: 'window-end' }
  | { kind: 'result'; operations: number; seconds: number; clientCpuSeconds: number }
  | { kind: 'error'; message: string };

export type EmmettParentMessage = { kind: 'probes-stopped' };

type SampleEvent = Event<typeof EVENT_TYPE, typeof SAMPLE_DATA, typeof SAMPLE_METADATA>;

async function main(config: EmmettWorkerConfig): Promise<void> {
  // Emmett's default pool holds 10 and ignores connectionOptions.max: pass the same 32 as ours.
  const pool = new pg.Pool({ connectionString: config.url, max: config.writers });
  const store = getPostgreSQLEventStore(config.url, { connectionOptions: { pool } });
  try {
    await store.schema.migrate();
    let cpuAtStart = process.cpuUsage();
    let clientCpuSeconds = 0;
    const load = await runWriters(
      config.writers,
      config.window,
      (writerIndex) => {
        const streamName = streamFor(writerIndex);
        // 0n, not STREAM_DOES_NOT_EXIST: the latter switches Emmett's concurrency check off.
        let expected = 0n;
        return async () => {
          const event: SampleEvent = { type: EVENT_TYPE, data: SAMPLE_DATA, metadata: SAMPLE_METADATA };
          const result = await store.appendToStream<SampleEvent>(streamName, [event], {
            expectedStreamVersion: expected,
          });
          expected = result.nextExpectedStreamVersion;
        };
      },
      {
        onWindowStart: () => {
          cpuAtStart = process.cpuUsage();
          send({ kind: 'window-start' });
        },
        onWindowEnd: async () => {
          const used = process.cpuUsage(cpuAtStart);
          clientCpuSeconds = (used.user + used.system) / 1e6;
          const probesStopped = new Promise((resolve) => process.once('message', resolve));
          send({ kind: 'window-end' });
          await probesStopped;
        },
      },
    );
    send({ kind: 'result', operations: load.operations, seconds: load.seconds, clientCpuSeconds });
  } finally {
    await store.close();
    await pool.end();
  }
}

function send(message: EmmettWorkerMessage): void {
  process.send?.(message);
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]) as EmmettWorkerConfig)
    .catch((error: unknown) =>
      send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined unless the process was forked with an IPC channel
    .finally(() => process.disconnect?.());
}
