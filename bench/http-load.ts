import autocannon from 'autocannon';
import type { LoadWindow } from './load-loop';
import { sampleProcess, type ProcessSample } from './api-server';
import { openServerProbes, type ServerProbeReport } from './server-probes';

/** One HTTP workload's figures over its measured window. */
export interface HttpLoadResult {
  label: string;
  connections: number;
  /** 2xx answers per second over the measured window. */
  perSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  seconds: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** The API process (RSS from /proc/<pid>/status, CPU from /proc/<pid>/stat). */
  api: ProcessSample;
  /** The load generator's own CPU (this process: autocannon, plus any lag poller). */
  clientCpuSeconds: number;
  probes: ServerProbeReport;
  /** The measured window on the monotonic clock, in µs (the clock V8's CPU profiles use). */
  window: MonotonicWindow;
}

export interface MonotonicWindow {
  startUs: number;
  endUs: number;
}

export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface HttpLoad {
  label: string;
  url: string;
  connections: number;
  requests: autocannon.Request[];
  headers?: Record<string, string>;
  /** Paced instead of closed-loop: this many requests per second across all connections. */
  overallRate?: number;
  /** Called when the measured window opens and closes (after warm-up). */
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}

/**
 * A warm-up run (connections opened, JIT warm, pools filled; its figures are discarded), then the
 * measured run of autocannon with `connections` closed-loop connections, while sampling the API
 * process and PostgreSQL.
 */
export async function measureHttp(
  load: HttpLoad,
  window: LoadWindow,
  target: { apiPid: number; ownerUrl: string },
): Promise<HttpLoadResult> {
  const options = (seconds: number): autocannon.Options => ({
    url: load.url,
    connections: load.connections,
    duration: seconds,
    headers: load.headers,
    requests: load.requests,
    timeout: 30,
    ...(load.overallRate ? { overallRate: load.overallRate } : {}),
  });
  await autocannon(options(Math.max(1, Math.round(window.warmupMs / 1000))));

  const probes = await openServerProbes(target.ownerUrl, new URL(target.ownerUrl).pathname.slice(1));
  try {
    await probes.start();
    const api = await sampleProcess(target.apiPid);
    const cpuAtStart = process.cpuUsage();
    load.onWindowStart?.();
    const startUs = monotonicMicros();
    const result = await autocannon(options(Math.max(1, Math.round(window.durationMs / 1000))));
    const endUs = monotonicMicros();
    load.onWindowEnd?.();
    const used = process.cpuUsage(cpuAtStart);
    const apiSample = await api.stop();
    const probeReport = await probes.stop();
    const statusCounts = Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    );
    return {
      label: load.label,
      connections: load.connections,
      perSecond: result['2xx'] / result.duration,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statusCounts,
      seconds: result.duration,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      api: apiSample,
      clientCpuSeconds: (used.user + used.system) / 1e6,
      probes: probeReport,
      window: { startUs, endUs },
    };
  } finally {
    await probes.close();
  }
}
