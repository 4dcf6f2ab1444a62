import type { ScenarioResult } from './append-scenario';
import type { Table } from './benchmark';

/** The throughput table (ratios against the baseline of the same run) and the evidence behind it. */
export function appendTables(
  raw: ScenarioResult,
  ours: ScenarioResult,
  emmett: ScenarioResult | Error,
  hot: ScenarioResult,
  diagnostics: ScenarioResult[],
): Table[] {
  const measured = [raw, ours, ...(emmett instanceof Error ? [] : [emmett]), hot, ...diagnostics];
  const throughputRow = (result: ScenarioResult) => [
    result.label,
    result.perSecond.toFixed(0),
    `${(result.perSecond / raw.perSecond).toFixed(2)}×`,
  ];
  const throughput: Table = {
    title: 'Appends per second (baseline: raw INSERT in the same run)',
    columns: ['Workload', 'appends/s', '× raw INSERT'],
    rows: [
      throughputRow(raw),
      throughputRow(ours),
      emmett instanceof Error ? ['Emmett 0.42.0', 'not measured', '—'] : throughputRow(emmett),
      throughputRow(hot),
      ...diagnostics.map(throughputRow),
    ],
  };
  const evidence: Table = {
    title: 'Where the time goes, per successful append, over the measured window',
    columns: [
      'Workload',
      'PostgreSQL CPU µs',
      'client CPU µs',
      'machine CPU busy',
      'appends per WAL fsync',
      'WAL bytes',
      'connections opened',
      'client backends were (sampled every 50 ms)',
    ],
    rows: measured.map((result) => {
      const per = (value: number) => value / Math.max(1, result.operations);
      const { probes } = result;
      return [
        result.label,
        (per(probes.postgresCpuSeconds) * 1e6).toFixed(0),
        (per(result.clientCpuSeconds) * 1e6).toFixed(0),
        `${(probes.machineBusyShare * 100).toFixed(0)}%`,
        probes.walFsyncs > 0 ? (result.operations / probes.walFsyncs).toFixed(1) : 'n/a',
        per(probes.walBytes).toFixed(0),
        String(probes.sessionsOpened),
        probes.waits
          .slice(0, 4)
          .map((wait) => `${wait.label} ${(wait.share * 100).toFixed(0)}%`)
          .join(', '),
      ];
    }),
  };
  return [throughput, evidence];
}
