import { cpus } from 'node:os';
import type { BenchContext, BenchReport, TargetCheck } from './benchmark';
import { MB, type Payout } from './issuance-report';
import { lagMs, type LagReport } from './projection-lag';
import type { SpreadResult } from './scaling-load';

export interface Topology {
  name: string;
  apiCount: number;
  baseline: SpreadResult;
  issuance: SpreadResult;
  lag: LagReport;
  payout: Payout & { acceptedInPhase: number };
}

/** CPU µs per 2xx answer of the workload, for one process or a sum. */
const perAnswer = (cpuSeconds: number, result: SpreadResult) => (cpuSeconds * 1e6) / Math.max(1, result.ok);
const apiCpuSeconds = (result: SpreadResult) =>
  result.processes.filter((process) => process.name.startsWith('API')).reduce((sum, p) => sum + p.sample.cpuSeconds, 0);
const cpuOf = (result: SpreadResult, name: string) =>
  result.processes.find((process) => process.name === name)?.sample.cpuSeconds ?? 0;
/** What one no-op GET costs the API instances: the unit the CPU figures are given in. */
const getCostUs = (topology: Topology) => perAnswer(apiCpuSeconds(topology.baseline), topology.baseline);

/** µs per issuance of each part, from the closed-loop window. */
export function issuanceCosts(topology: Topology) {
  const { issuance } = topology;
  return {
    apiUs: perAnswer(apiCpuSeconds(issuance), issuance),
    workerUs: perAnswer(cpuOf(issuance, 'worker'), issuance),
    postgresUs: perAnswer(issuance.probes.postgresCpuSeconds, issuance),
    clientUs: perAnswer(issuance.clientCpuSeconds, issuance),
  };
}

const apiRssPeakMb = (topologies: Topology[]) =>
  Math.max(
    ...topologies.flatMap((topology) =>
      [topology.baseline, topology.issuance].flatMap((result) =>
        result.processes.filter((p) => p.name.startsWith('API')).map((p) => p.sample.rssPeakBytes / MB),
      ),
    ),
  );

export function scalingReport(context: BenchContext, topologies: Topology[]): BenchReport {
  const ratio = (topology: Topology) => topology.issuance.perSecond / Math.max(1, topology.baseline.perSecond);
  const targets: TargetCheck[] = topologies.flatMap((topology) => [
    {
      target: `Issuance / no-op GET, ${topology.name} (#18)`,
      measured: `${ratio(topology).toFixed(2)}× (${topology.issuance.perSecond.toFixed(0)}/s vs ${topology.baseline.perSecond.toFixed(0)}/s)`,
      goal: '≥ 0.4×',
      met: ratio(topology) >= 0.4,
    },
    {
      target: `Projection lag p99 at saturation, ${topology.name} (#18)`,
      measured: lagMs(topology.lag, 'p99Ms'),
      goal: '≤ 500 ms',
      met: topology.lag.sampled > 0 && topology.lag.seen === topology.lag.sampled && topology.lag.p99Ms <= 500,
    },
  ]);
  const rssMb = apiRssPeakMb(topologies);
  targets.push({
    target: 'Peak RSS of an API instance, ROLE=api (#18)',
    measured: `${rssMb.toFixed(0)} MB`,
    goal: '≤ 250 MB',
    met: rssMb <= 250,
  });
  return {
    title: 'Scaling: API instances and a worker (#18)',
    tables: [
      throughputTable(topologies, ratio),
      cpuTable(topologies),
      estimateTable(topologies[topologies.length - 1]),
    ],
    targets,
    notes: notes(context, topologies),
    limits: limits(topologies, targets),
  };
}

function throughputTable(topologies: Topology[], ratio: (topology: Topology) => number) {
  return {
    title: 'Issuance and projection lag (baseline: GET /api/v1/auth/me spread over the same API instances, same run)',
    columns: [
      'Topology',
      'no-op GET 2xx/s',
      'issuance 2xx/s',
      '× no-op GET',
      'issuance p50 / p99 ms (worst instance)',
      'lag p50 / p99',
      'every acceptance paid after the load stopped',
      'non-2xx / errors',
    ],
    rows: topologies.map((topology) => [
      topology.name,
      topology.baseline.perSecond.toFixed(0),
      topology.issuance.perSecond.toFixed(0),
      `${ratio(topology).toFixed(2)}×`,
      `${topology.issuance.latencyMs.p50} / ${topology.issuance.latencyMs.p99}`,
      `${lagMs(topology.lag, 'p50Ms')} / ${lagMs(topology.lag, 'p99Ms')} (${topology.lag.seen} of ${topology.lag.sampled} seen)`,
      `${(topology.payout.drainMs / 1000).toFixed(1)} s`,
      `${topology.issuance.non2xx + topology.baseline.non2xx} / ${topology.issuance.errors + topology.baseline.errors}`,
    ]),
  };
}

function cpuTable(topologies: Topology[]) {
  return {
    title: 'CPU per issuance of each process (× what one no-op GET costs the API instances, same topology, same run)',
    columns: ['Topology', 'Process', 'CPU µs per issuance', '× no-op GET', 'busy during issuance', 'RSS peak MB'],
    rows: topologies.flatMap((topology) => {
      const unit = getCostUs(topology);
      const { issuance } = topology;
      const row = (name: string, cpuSeconds: number, rssBytes: number | null) => [
        topology.name,
        name,
        perAnswer(cpuSeconds, issuance).toFixed(0),
        `${(perAnswer(cpuSeconds, issuance) / unit).toFixed(2)}×`,
        `${((100 * cpuSeconds) / issuance.seconds).toFixed(0)}% of a core`,
        rssBytes === null ? '—' : (rssBytes / MB).toFixed(0),
      ];
      return [
        ...issuance.processes.map((process) =>
          row(process.name, process.sample.cpuSeconds, process.sample.rssPeakBytes),
        ),
        row('PostgreSQL (all its processes)', issuance.probes.postgresCpuSeconds, null),
        row('load generator (autocannon, lag poller)', issuance.clientCpuSeconds, null),
      ];
    }),
  };
}

/** Cores for the API instances, and for the PostgreSQL primary, in the estimate. */
const ESTIMATE_CORES = [2, 4, 8, 16, 32];

/**
 * What N cores of API instances and a P-core PostgreSQL primary would sustain at this run's CPU
 * per issuance, each part a ceiling of its own: the API instances N × 10⁶ / API µs; the worker,
 * one Node process, one core at most: 10⁶ / worker µs; PostgreSQL P × 10⁶ / PostgreSQL µs. The
 * least of the three is the estimate (perfect scaling, no I/O limit: an upper bound).
 */
export function estimateTable(topology: Topology) {
  const { apiUs, workerUs, postgresUs } = issuanceCosts(topology);
  const workerCeiling = 1e6 / workerUs;
  return {
    title: `Estimate from the ${topology.name} costs: issuances/s that N cores of API instances, one worker and a P-core PostgreSQL primary sustain (the least of three ceilings)`,
    columns: [
      'N = P cores',
      `API instances: N × 10⁶ / ${apiUs.toFixed(0)} µs`,
      `worker: 10⁶ / ${workerUs.toFixed(0)} µs`,
      `PostgreSQL: P × 10⁶ / ${postgresUs.toFixed(0)} µs`,
      'sustained (the least)',
    ],
    rows: ESTIMATE_CORES.map((cores) => {
      const api = (cores * 1e6) / apiUs;
      const postgres = (cores * 1e6) / postgresUs;
      return [
        String(cores),
        api.toFixed(0),
        workerCeiling.toFixed(0),
        postgres.toFixed(0),
        Math.min(api, workerCeiling, postgres).toFixed(0),
      ];
    }),
  };
}

function notes(context: BenchContext, topologies: Topology[]): string[] {
  const { connections, window } = context.options;
  return [
    `Processes: \`node dist/src/main.js\` with ROLE=worker (one) and ROLE=api (first one, then a second joins the same database), each with its own PORT and DATA_DIR, on the run's embedded PostgreSQL; environment as the issuance bench's (limits and the daily cap lifted, LOG_LEVEL=warn).`,
    `Load: autocannon in the bench process, ${connections} connections split evenly over the API instances (one autocannon run per instance, at the same time), ${window.warmupMs / 1000} s warm-up (discarded) then ${window.durationMs / 1000} s measured, closed loop; the same 1000 eligible assignees and unique task acceptances as the issuance bench. Latency percentiles are the worse instance's.`,
    'CPU: user + system time of each process from /proc/<pid>/stat over the measured window, of every PostgreSQL process likewise, of the bench process from process.cpuUsage(); "× no-op GET" divides by the API instances\' CPU per answer of the GET baseline of the same topology.',
    `Projection lag as in the issuance bench: every task of 1 in 10 assignees, 2xx answer → its wallet_ledgers row; ${topologies.map((topology) => `${topology.name}: ${topology.payout.acceptedInPhase} acceptances in the phase, all paid`).join('; ')}.`,
    `This machine: ${cpus().length} cores for everything (the API instances, the worker, PostgreSQL and the load generator): a second API instance adds no core, so here it shows the cost of one more process, not the gain of one more machine. The README's "Scaling" section turns the CPU per issuance into an estimate for N cores.`,
  ];
}

function limits(topologies: Topology[], targets: TargetCheck[]): string[] {
  if (targets.every((check) => check.met)) return [];
  return topologies.map((topology) => {
    const costs = issuanceCosts(topology);
    const total = costs.apiUs + costs.workerUs + costs.postgresUs + costs.clientUs;
    return `**${topology.name}: CPU.** The machine was ${(100 * topology.issuance.probes.machineBusyShare).toFixed(0)}% busy. One issuance cost ${costs.apiUs.toFixed(0)} µs in the API instances, ${costs.workerUs.toFixed(0)} µs in the worker (the reactor's appends and the projections' batches), ${costs.postgresUs.toFixed(0)} µs in PostgreSQL and ${costs.clientUs.toFixed(0)} µs in the load generator: ${total.toFixed(0)} µs, so ${cpus().length} cores hold at most ${((cpus().length * 1e6) / total).toFixed(0)} per second, against a no-op GET that costs the API ${getCostUs(topology).toFixed(0)} µs. The lag follows: the worker's share of the cores decides how fast the feed is paid.`;
  });
}
