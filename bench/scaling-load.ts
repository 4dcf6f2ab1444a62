import autocannon from 'autocannon';
import { sampleProcess, type ProcessSample } from './api-server';
import type { LoadWindow } from './load-loop';
import { openServerProbes, type ServerProbeReport } from './server-probes';

/** A process whose CPU and memory a spread load samples. */
export interface SampledProcess {
  name: string;
  pid: number;
}

/** One workload spread over several API instances, measured together. */
export interface SpreadLoad {
  label: string;
  /** One base URL per API instance; the connections are split evenly between them. */
  baseUrls: string[];
  path: string;
  connections: number;
  requests: autocannon.Request[];
  headers?: Record<string, string>;
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}

export interface SpreadResult {
  label: string;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  perSecond: number;
  /** The worst instance's percentiles (autocannon's histograms are per run and cannot be merged). */
  latencyMs: { p50: number; p99: number };
  processes: Array<SampledProcess & { sample: ProcessSample }>;
  clientCpuSeconds: number;
  probes: ServerProbeReport;
}

/**
 * A warm-up (discarded), then one autocannon run per API instance at the same time, each with
 * its share of the connections, while /proc samples every process and the probes PostgreSQL.
 */
export async function measureSpread(
  load: SpreadLoad,
  window: LoadWindow,
  target: { processes: SampledProcess[]; ownerUrl: string },
): Promise<SpreadResult> {
  const share = Math.max(1, Math.round(load.connections / load.baseUrls.length));
  const runAll = (seconds: number) =>
    Promise.all(
      load.baseUrls.map((baseUrl) =>
        autocannon({
          url: `${baseUrl}${load.path}`,
          connections: share,
          duration: Math.max(1, Math.round(seconds)),
          headers: load.headers,
          requests: load.requests,
          timeout: 30,
        }),
      ),
    );
  await runAll(window.warmupMs / 1000);
  const probes = await openServerProbes(target.ownerUrl, new URL(target.ownerUrl).pathname.slice(1));
  try {
    await probes.start();
    const samplers = await Promise.all(target.processes.map((process) => sampleProcess(process.pid)));
    const cpuAtStart = process.cpuUsage();
    load.onWindowStart?.();
    const results = await runAll(window.durationMs / 1000);
    load.onWindowEnd?.();
    const used = process.cpuUsage(cpuAtStart);
    const samples = await Promise.all(samplers.map((sampler) => sampler.stop()));
    const probeReport = await probes.stop();
    const ok = results.reduce((sum, result) => sum + result['2xx'], 0);
    const seconds = Math.max(...results.map((result) => result.duration));
    return {
      label: load.label,
      ok,
      non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
      errors: results.reduce((sum, result) => sum + result.errors, 0),
      seconds,
      perSecond: ok / seconds,
      latencyMs: {
        p50: Math.max(...results.map((result) => result.latency.p50)),
        p99: Math.max(...results.map((result) => result.latency.p99)),
      },
      processes: target.processes.map((process, index) => ({ ...process, sample: samples[index] })),
      clientCpuSeconds: (used.user + used.system) / 1e6,
      probes: probeReport,
    };
  } finally {
    await probes.close();
  }
}
