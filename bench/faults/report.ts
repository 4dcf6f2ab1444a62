import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { drillPassed, type DrillResult } from './drills';

export interface RunFacts {
  command: string;
  startedAt: Date;
  finishedAt: Date;
  loadAtStart: number[];
  loadAtEnd: number[];
  postgresVersion: string;
  serverEnv: Record<string, string>;
  drillOptions: Record<string, string | number | boolean>;
}

export async function postgresVersion(ownerUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'faults-driver' });
  await client.connect();
  try {
    return (await client.query<{ version: string }>('select version()')).rows[0].version;
  } finally {
    await client.end();
  }
}

export function currentLoad(): number[] {
  return loadavg();
}

const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (columns: string[], rows: string[][]) =>
  [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');

/** One line per drill, for the terminal and the top of FAULTS.md. */
export function summaryRows(results: DrillResult[]): string[][] {
  return results.map((result) => {
    const failed = result.checks.filter((check) => !check.passed);
    return [
      result.id,
      result.title,
      drillPassed(result) ? 'PASS' : 'FAIL',
      result.error
        ? `error: ${result.error.split('\n')[0]}`
        : `${result.checks.length - failed.length}/${result.checks.length} checks${failed.length ? `; failed: ${failed.map((check) => check.name).join('; ')}` : ''}`,
    ];
  });
}

export function printSummary(results: DrillResult[], log: (line: string) => void): void {
  const rows = [['drill', 'what', 'result', 'checks'], ...summaryRows(results)];
  const widths = rows[0].map((_, column) => Math.min(70, Math.max(...rows.map((row) => row[column].length))));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        cell.length > widths[column] ? `${cell.slice(0, widths[column] - 1)}…` : cell.padEnd(widths[column]),
      )
      .join('  ');
  log('');
  log(line(rows[0]));
  log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) log(line(row));
  for (const result of results) {
    for (const check of result.checks.filter((candidate) => !candidate.passed))
      log(`  ${result.id} FAIL ${check.name}: ${check.detail}`);
  }
}

export function renderFaults(results: DrillResult[], facts: RunFacts): string {
  const cpuList = cpus();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  const passed = results.length > 0 && results.every(drillPassed);
  const lines = [
    '# Fault drills',
    '',
    `Written by \`${facts.command}\` on ${facts.startedAt.toISOString()} (took ${Math.round((facts.finishedAt.getTime() - facts.startedAt.getTime()) / 1000)} s). Overall: **${passed ? 'PASS' : 'FAIL'}**.`,
    '',
    'The compiled server (`dist/src/main.js`) runs as a child process on a fresh temporary `DATA_DIR` with its',
    'embedded PostgreSQL, exactly as `npm start` runs it. A closed-loop load of concurrent clients sends task',
    'acceptances (`POST /api/v1/events/task/accepted` with a system token from `cli token create`, unique task ids,',
    '200 registered assignees without KYC plus members who pass every issuance gate), sign-ups and device posture reports, and',
    'records every request that got a 2xx. Then the faults, and after each one the same checks: every',
    'acknowledged command has its events; the earning process manager paid every `TaskAccepted` exactly once;',
    "every follower's checkpoint counts each handled event exactly once; `cli verify` and",
    '`cli projections rebuild <name>` for every projection exit 0; the audit bundle exports and verifies offline.',
    'Checks of a later drill cover the writes acknowledged in the earlier ones too.',
    '',
    '## Summary',
    '',
    table(['Drill', 'What', 'Result', 'Checks'], summaryRows(results)),
    '',
    '## Machine',
    '',
    table(
      ['What', 'Value'],
      [
        ['CPU', `${cpuList.length} cores, ${cpuList[0]?.model ?? 'unknown model'}`],
        ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
        ['Node', process.version],
        ['PostgreSQL', facts.postgresVersion],
        ['Load average (1/5/15 min) at start / end', `${load(facts.loadAtStart)} — ${load(facts.loadAtEnd)}`],
      ],
    ),
    '',
    '## Settings',
    '',
    table(
      ['Server environment', 'Value'],
      Object.entries(facts.serverEnv)
        .filter(([name]) => name !== 'DATA_DIR')
        .map(([name, value]) => [`\`${name}\``, `\`${value}\``]),
    ),
    '',
    'Checkpoints are left at their defaults on purpose (a signed checkpoint every 1,000 events or 10 s), so the',
    'sealer runs through every fault and the offline audit verification checks its checkpoints. Everything not',
    'listed is at its default (e.g. `DB_POOL_SIZE` 20, `PROJECTION_BATCH_SIZE` 500, `LEADER_RETRY_MS` 2000).',
    '',
    table(
      ['Drill option', 'Value'],
      Object.entries(facts.drillOptions).map(([name, value]) => [name, String(value)]),
    ),
  ];
  for (const result of results) {
    lines.push('', `## ${result.id}. ${result.title} — ${drillPassed(result) ? 'PASS' : 'FAIL'}`, '');
    if (result.error) lines.push('```', result.error.slice(0, 3000), '```', '');
    if (result.numbers.length) lines.push(table(['Measured', 'Value'], result.numbers), '');
    if (result.checks.length)
      lines.push(
        table(
          ['Check', 'Result', 'Detail'],
          result.checks.map((check) => [check.name, check.passed ? 'PASS' : '**FAIL**', check.detail]),
        ),
      );
  }
  lines.push('', '## What the drills found', '', ...FINDINGS.map((finding) => `- ${finding}`));
  return `${lines.join('\n')}\n`;
}

/** Bugs the drills and the endpoint fuzzer found, and what was changed; kept with the generator so every run restates them. */
const FINDINGS: string[] = [
  "**Dropping the database connections killed the server** (drill c). `pg` emits `error` on a client whose backend goes away while none of its queries is running, and `pg.Pool` listens for it only while the client sits idle in the pool; a client checked out by the app had no listener, so the first `pg_terminate_backend` ended the process with `Unhandled 'error' event` (57P01), with or without an online verification running. `connectDatabase` (src/platform/database/database.ts) now gives every pooled client a permanent no-op `error` listener: the client is already marked not queryable, its holder's next query fails, and the pool discards it on release. With the fix the same process serves on, re-takes every leader lock within seconds (a runner first finishes the batch it was applying, then retries after `LEADER_RETRY_MS`) and keeps signing checkpoints.",
  "**Body-parser refusals were 500s** (found by `test/e2e/fuzz-endpoints.e2e.spec.ts`). A body over 1 MB (413) or an unsupported charset or `Content-Encoding` (415) came back as 500 `INTERNAL`, because Nest maps only the parser's `SyntaxError`. `ErrorFilter` now answers any `http-errors` error marked `expose` with its own 4xx status, in the usual `{ error, message, details }` shape.",
  '**A malformed integration token was a 500** (fuzzer). `Authorization: Bearer sst_<36 of [0-9a-f-]>_<secret>` that is not a UUID reached the `uuid` column, and PostgreSQL refused the cast. The token pattern now requires a UUID, so the request gets an ordinary 401.',
  '**`Authorization: Bearer <token> <anything>` authenticated as `<token>`** (fuzzer: a garbage header signed the caller out). The header must now be exactly `Bearer <token>`.',
  'In-flight requests whose connection is terminated answer 500 (retried by the load, and then acknowledged); no acknowledged write was lost in any drill.',
];
