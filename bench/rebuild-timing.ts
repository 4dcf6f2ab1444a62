import type { RebuildReport } from '../src/platform/projections/projection-rebuild';
import type { ServerProbeReport, ServerProbes } from './server-probes';

/** One rebuild run (one projection, or all of them over one feed pass), with its evidence. */
export interface TimedRebuild {
  reports: RebuildReport[];
  /** Replay + diff, wall clock. */
  seconds: number;
  /** Up to the last page replayed (the diff is the rest). */
  replaySeconds: number;
  clientCpuSeconds: number;
  probes: ServerProbeReport;
}

/** Runs `rebuild` with this process's CPU and PostgreSQL's measured around it. */
export async function timedRebuild(
  probes: ServerProbes,
  rebuild: (onProgress: () => void) => Promise<RebuildReport[]>,
): Promise<TimedRebuild> {
  await probes.start();
  const cpuAtStart = process.cpuUsage();
  const begun = performance.now();
  let lastProgress = begun;
  const reports = await rebuild(() => (lastProgress = performance.now()));
  const seconds = (performance.now() - begun) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    reports,
    seconds,
    replaySeconds: (lastProgress - begun) / 1000,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
    probes: await probes.stop(),
  };
}

/** The evidence columns of one run: wall, both CPUs, transactions, machine load, what the backends waited for. */
export function evidenceCells(run: TimedRebuild): string[] {
  return [
    run.seconds.toFixed(1),
    run.clientCpuSeconds.toFixed(1),
    run.probes.postgresCpuSeconds.toFixed(1),
    String(run.probes.commits),
    `${(run.probes.machineBusyShare * 100).toFixed(0)}%`,
    run.probes.waits
      .slice(0, 3)
      .map((wait) => `${wait.label} ${(wait.share * 100).toFixed(0)}%`)
      .join(', '),
  ];
}

export function allEqual(runs: readonly TimedRebuild[]): string {
  return runs.every((run) => run.reports.every((report) => report.equal)) ? 'yes' : '**no**';
}

/** "What limits it" for a missed rebuild target, from the run's own figures. */
export function rebuildLimit(
  onePass: TimedRebuild,
  separate: readonly TimedRebuild[],
  feedReadSeconds: number,
  events: number,
): string {
  const perMillion = (onePass.seconds * 1_000_000) / events;
  const costliest = [...separate]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 3)
    .map(
      (run) =>
        `${run.reports[0].projection} ${run.seconds.toFixed(1)} s (CPU here ${run.clientCpuSeconds.toFixed(1)} s, PostgreSQL ${run.probes.postgresCpuSeconds.toFixed(1)} s)`,
    );
  return (
    `**Rebuild: the work per event, on both sides of the connection.** One feed pass rebuilt every read model in ${onePass.seconds.toFixed(1)} s (≈ ${perMillion.toFixed(0)} s per 1M events); ` +
    `reading and parsing the feed alone takes ${feedReadSeconds.toFixed(1)} s of it. Over the pass this process used ${onePass.clientCpuSeconds.toFixed(1)} s of CPU and PostgreSQL ${onePass.probes.postgresCpuSeconds.toFixed(1)} s, with ${(onePass.probes.machineBusyShare * 100).toFixed(0)}% of the machine busy (two cores, shared). ` +
    `Each projection applies a page with two to four set-based statements (load the touched rows, fold the events in memory, one upsert per table) instead of one or more per event, so what is left is work per event: parsing and folding here, decoding the JSON rows and maintaining the indexes there. ` +
    `Rebuilt on their own (each reading only its own event types), the costliest were ${costliest.join(', ')}. Next steps: loading the fresh copies with COPY instead of upserts (they start empty), and decoding only the fields a projection reads instead of every event's data and metadata.`
  );
}
