import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import type { BenchReport, Table, TargetCheck } from './benchmark';

/** The conditions a run was measured under, recorded next to its figures. */
export interface RunConditions {
  command: string;
  startedAt: Date;
  finishedAt: Date;
  loadAtStart: number[];
  loadAtEnd: number[];
  postgresVersion: string;
  postgresSettings: Array<{ name: string; setting: string }>;
}

export function currentLoad(): number[] {
  return loadavg();
}

/** `select version()` and the settings that decide commit cost, read from the run's own cluster. */
export async function describePostgres(
  adminUrl: string,
): Promise<Pick<RunConditions, 'postgresVersion' | 'postgresSettings'>> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const version = await client.query<{ version: string }>('select version()');
    const settings = await client.query<{ name: string; setting: string }>(
      `select name, setting || coalesce(unit, '') as setting from pg_settings
       where name in ('fsync', 'synchronous_commit', 'wal_sync_method', 'commit_delay', 'shared_buffers', 'max_connections')
       order by name`,
    );
    return { postgresVersion: version.rows[0].version, postgresSettings: settings.rows };
  } finally {
    await client.end();
  }
}

/** `seeAlso`: the results files of benchmarks that keep their own (`Benchmark.resultsFile`). */
export function renderResults(
  reports: BenchReport[],
  conditions: RunConditions,
  seeAlso: readonly string[] = [],
  sectionTargets: readonly TargetCheck[] = [],
): string {
  const cpuList = cpus();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`${conditions.command}\` on ${conditions.startedAt.toISOString()} (took ${Math.round((conditions.finishedAt.getTime() - conditions.startedAt.getTime()) / 1000)} s).`,
    'Every figure is a ratio against a baseline measured in the same run, on the same machine, against',
    'the same embedded PostgreSQL cluster (started in a temporary directory with default fsync settings).',
    ...seeAlso.map((file) => `Some benchmarks keep their own file: see [${file}](${file}).`),
    '',
    '## Machine',
    '',
    table({
      title: '',
      columns: ['What', 'Value'],
      rows: [
        ['CPU', `${cpuList.length} cores, ${cpuList[0]?.model ?? 'unknown model'}`],
        ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
        ['Node', process.version],
        ['PostgreSQL', conditions.postgresVersion],
        [
          'PostgreSQL settings',
          conditions.postgresSettings.map(({ name, setting }) => `${name}=${setting}`).join(', '),
        ],
        ['Load average (1/5/15 min) at start', load(conditions.loadAtStart)],
        ['Load average (1/5/15 min) at end', load(conditions.loadAtEnd)],
      ],
    }),
    '',
    'The machine is shared: a load average above the core count at the start means other work (tests,',
    'builds) competed for the CPU during the run, and every figure is lower for it — the ratios less so.',
    '',
    '## Targets (DESIGN §8, and issue #18 §4 where marked #18)',
    '',
    table({
      title: '',
      columns: ['Target', 'Measured', 'Goal', 'Met'],
      // The sections' targets of this run too, so one table holds every target the run measured.
      rows: [...reports.flatMap((report) => report.targets), ...sectionTargets].map((check) => [
        check.target,
        check.measured,
        check.goal,
        check.met ? 'yes' : '**no**',
      ]),
    }),
  ];
  for (const report of reports) lines.push('', `## ${report.title}`, ...reportBody(report));
  return `${lines.join('\n')}\n`;
}

function reportBody(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const section of report.tables) lines.push('', `### ${section.title}`, '', table(section));
  if (report.notes.length > 0) lines.push('', ...report.notes.map((note) => `- ${note}`));
  if (report.limits && report.limits.length > 0)
    lines.push(
      '',
      '### What limits it',
      '',
      ...report.limits.flatMap((paragraph, index) => (index === 0 ? [paragraph] : ['', paragraph])),
    );
  return lines;
}

/**
 * A benchmark's own section of a results file, between markers, with the command and conditions
 * of its run and its targets: it replaces that benchmark's earlier section, or is appended, and
 * leaves the rest of the file (other benchmarks' runs) as it is.
 */
export function withSection(existing: string, name: string, report: BenchReport, conditions: RunConditions): string {
  const start = `<!-- section ${name} -->`;
  const end = `<!-- /section ${name} -->`;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  const section = [
    start,
    `## ${report.title}`,
    '',
    `Written by \`${conditions.command}\` on ${conditions.startedAt.toISOString()} (took ${Math.round((conditions.finishedAt.getTime() - conditions.startedAt.getTime()) / 1000)} s), ${cpus().length} cores, Node ${process.version}, load average ${load(conditions.loadAtStart)} at start and ${load(conditions.loadAtEnd)} at end.`,
    '',
    table({
      title: '',
      columns: ['Target', 'Measured', 'Goal', 'Met'],
      rows: report.targets.map((check) => [check.target, check.measured, check.goal, check.met ? 'yes' : '**no**']),
    }),
    ...reportBody(report),
    end,
  ].join('\n');
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  if (from !== -1 && to > from) return `${existing.slice(0, from)}${section}${existing.slice(to + end.length)}`;
  return `${existing.trimEnd()}\n\n${section}\n`;
}

/**
 * The sections of `existing` (each between its markers) whose benchmark is not in `rerun`: a
 * rewrite of the file keeps them, so running some benchmarks never drops another's last figures.
 */
export function otherSections(existing: string, rerun: readonly string[]): string[] {
  const sections: string[] = [];
  for (const match of existing.matchAll(/<!-- section ([\w-]+) -->[\s\S]*?<!-- \/section \1 -->/g))
    if (!rerun.includes(match[1])) sections.push(match[0]);
  return sections;
}

function table(content: Table): string {
  const row = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [row(content.columns), row(content.columns.map(() => '---')), ...content.rows.map(row)].join('\n');
}
