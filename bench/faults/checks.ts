import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConversionReactor } from '../../src/conversion/conversion.reactor';
import { TaskAcceptedReactor } from '../../src/earning/task-accepted.reactor';
import { ALL_PROJECTIONS } from '../../src/registry/projections.registry';
import type { LedgerDb } from './ledger-db';
import type { Acknowledged } from './load';
import { runCli } from './server';

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

/** Projections and process managers the server runs, each with the event types it handles. */
export const FOLLOWERS: { name: string; canHandle: readonly string[] | 'all' }[] = [
  ...ALL_PROJECTIONS.map(({ name, canHandle }) => ({ name, canHandle })),
  // The process managers follow the feed with a checkpoint like projections (their
  // dependencies are not touched by reading a name and the event types).
  ...[new TaskAcceptedReactor(null as never, null as never), new ConversionReactor(null as never, null as never)].map(
    ({ name, canHandle }) => ({ name, canHandle }),
  ),
];

export const FOLLOWER_NAMES = FOLLOWERS.map((follower) => follower.name);

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));

/** Acknowledged writes that were appended straight to the store (the backlog drill), not over HTTP. */
export interface DirectWrites {
  tasks: Map<string, { assigneeId: string }>;
  events: number;
}

/**
 * Every command that got a 2xx has its events: each acknowledged task acceptance its
 * TaskAccepted (with the assignee that was sent), each sign-up its UserRegistered, each
 * device report its DevicePostureReported.
 */
export async function acknowledgedWritesChecks(
  db: LedgerDb,
  acknowledged: Acknowledged[],
  direct: DirectWrites,
): Promise<Check[]> {
  const tasks = new Map<string, string>();
  for (const load of acknowledged) for (const [taskId, { body }] of load.tasks) tasks.set(taskId, body.assigneeId);
  for (const [taskId, { assigneeId }] of direct.tasks) tasks.set(taskId, assigneeId);
  let found = 0;
  const wrongAssignee: string[] = [];
  for (const part of chunks([...tasks.keys()], 5000)) {
    const { rows } = await db.owner.query<{ stream_id: string; assignee: string }>(
      `select stream_id, data::jsonb->>'assigneeId' as assignee from events where type = 'TaskAccepted' and stream_id = any($1::text[])`,
      [part.map((taskId) => `task-${taskId}`)],
    );
    for (const row of rows) {
      const taskId = row.stream_id.slice('task-'.length);
      found += 1;
      if (tasks.get(taskId) !== row.assignee) wrongAssignee.push(taskId);
    }
  }
  const registrations = acknowledged.flatMap((load) => load.registrations);
  let registered = 0;
  for (const part of chunks(registrations, 5000)) {
    const { rows } = await db.owner.query<{ n: number }>(
      `select count(distinct stream_id)::int as n from events where type = 'UserRegistered' and stream_id = any($1::text[])`,
      [part.map((registration) => `user-${registration.userId}`)],
    );
    registered += rows[0].n;
  }
  const postures = acknowledged.flatMap((load) => load.postures);
  const { rows: reported } = await db.owner.query<{ stream_id: string; device: string }>(
    `select stream_id, data::jsonb->>'deviceId' as device from events where type = 'DevicePostureReported'`,
  );
  const reportedKeys = new Set(reported.map((row) => `${row.stream_id}/${row.device}`));
  const postured = postures.filter((posture) => reportedKeys.has(`user-${posture.userId}/${posture.deviceId}`)).length;
  return [
    {
      name: 'every acknowledged task acceptance has its TaskAccepted',
      passed: found === tasks.size && wrongAssignee.length === 0,
      detail: `${found.toLocaleString('en-US')} / ${tasks.size.toLocaleString('en-US')} (${direct.tasks.size.toLocaleString('en-US')} of them appended directly)${wrongAssignee.length ? `; wrong assignee: ${wrongAssignee.slice(0, 5).join(', ')}` : ''}`,
    },
    {
      name: 'every acknowledged sign-up has its UserRegistered',
      passed: registered === registrations.length,
      detail: `${registered} / ${registrations.length}`,
    },
    {
      name: 'every acknowledged device report has its DevicePostureReported',
      passed: postured === postures.length,
      detail: `${postured} / ${postures.length}`,
    },
  ];
}

/**
 * The process manager, once caught up, paid every TaskAccepted in the store exactly once: one
 * BuzIssued or one BuzIssuanceWithheld per failed gate in the assignee's wallet, never both, never
 * twice, and one task XpAwarded on the assignee's member stream.
 */
export async function processManagerChecks(db: LedgerDb): Promise<Check[]> {
  const { rows: accepted } = await db.owner.query<{ task_id: string; assignee: string }>(
    `select data::jsonb->>'taskId' as task_id, data::jsonb->>'assigneeId' as assignee from events where type = 'TaskAccepted'`,
  );
  const { rows: outcomes } = await db.owner.query<{
    stream_id: string;
    type: string;
    task_id: string;
    reason: string | null;
  }>(
    `select stream_id, type, data::jsonb->>'taskId' as task_id, data::jsonb->>'reason' as reason from events where type in ('BuzIssued', 'BuzIssuanceWithheld')`,
  );
  const { rows: xp } = await db.owner.query<{ stream_id: string; ref: string }>(
    `select stream_id, data::jsonb->>'ref' as ref from events where type = 'XpAwarded' and data::jsonb->>'source' = 'task'`,
  );
  const byTask = new Map<string, { stream_id: string; type: string; reason: string | null }[]>();
  for (const outcome of outcomes) byTask.set(outcome.task_id, [...(byTask.get(outcome.task_id) ?? []), outcome]);
  const xpByTask = new Map<string, string[]>();
  for (const award of xp) xpByTask.set(award.ref, [...(xpByTask.get(award.ref) ?? []), award.stream_id]);

  const missing: string[] = [];
  const duplicated: string[] = [];
  const xpProblems: string[] = [];
  const tally: Record<string, number> = {};
  for (const task of accepted) {
    const own = byTask.get(task.task_id) ?? [];
    const issued = own.filter((outcome) => outcome.type === 'BuzIssued');
    const reasons = own
      .filter((outcome) => outcome.type === 'BuzIssuanceWithheld')
      .map((outcome) => outcome.reason ?? '?');
    if (own.length === 0) missing.push(task.task_id);
    else if (
      own.some((outcome) => outcome.stream_id !== `wallet-${task.assignee}`) ||
      issued.length > 1 ||
      (issued.length === 1 && reasons.length > 0) ||
      new Set(reasons).size !== reasons.length
    ) {
      duplicated.push(task.task_id);
    }
    if (issued.length === 1) tally['issued'] = (tally['issued'] ?? 0) + 1;
    for (const reason of reasons) tally[`withheld ${reason}`] = (tally[`withheld ${reason}`] ?? 0) + 1;
    const awards = xpByTask.get(task.task_id) ?? [];
    if (awards.length !== 1 || awards[0] !== `member-${task.assignee}`)
      xpProblems.push(`${task.task_id} (${awards.length} awards)`);
  }
  const outcomeSummary = Object.entries(tally)
    .sort()
    .map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`)
    .join(', ');
  return [
    {
      name: 'every TaskAccepted paid exactly once (BuzIssued or withheld)',
      passed: missing.length === 0 && duplicated.length === 0,
      detail: `${accepted.length.toLocaleString('en-US')} accepted: ${outcomeSummary}; missing ${missing.length}, paid twice or mixed ${duplicated.length}${[...missing, ...duplicated].length ? ` (${[...missing, ...duplicated].slice(0, 5).join(', ')})` : ''}`,
    },
    {
      name: 'every TaskAccepted awarded its XP exactly once',
      passed: xpProblems.length === 0,
      detail: `${(accepted.length - xpProblems.length).toLocaleString('en-US')} / ${accepted.length.toLocaleString('en-US')}${xpProblems.length ? ` (wrong: ${xpProblems.slice(0, 5).join(', ')})` : ''}`,
    },
  ];
}

/**
 * Exactly-once application, from the checkpoints alone: each follower's `events_applied` (summed
 * by the batches that committed) equals the number of events it handles up to its checkpoint. A
 * batch applied twice, or a checkpoint that moved without its rows, breaks the equality.
 */
export async function checkpointAccountingChecks(db: LedgerDb): Promise<Check[]> {
  const off: string[] = [];
  const lines: string[] = [];
  for (const follower of FOLLOWERS) {
    const { rows } = await db.owner.query<{ applied: string; handled: string; position: string | null }>(
      `select c.events_applied as applied, c.position,
              (select count(*) from events e
                where c.position is not null
                  and (e.tx_id, e.global_position) <= (split_part(c.position, ':', 1)::xid8, split_part(c.position, ':', 2)::bigint)
                  and ($2::text[] is null or e.type = any($2::text[]))) as handled
       from projection_checkpoints c where c.projection = $1`,
      [follower.name, follower.canHandle === 'all' ? null : follower.canHandle],
    );
    const row = rows.at(0);
    if (!row) {
      off.push(`${follower.name}: no checkpoint`);
      continue;
    }
    lines.push(`${follower.name} ${Number(row.applied).toLocaleString('en-US')}`);
    if (row.applied !== row.handled)
      off.push(`${follower.name}: applied ${row.applied}, handled up to its checkpoint ${row.handled}`);
  }
  return [
    {
      name: 'each checkpoint counts every handled event exactly once',
      passed: off.length === 0,
      detail: off.length ? off.join('; ') : `${FOLLOWERS.length} followers (${lines.join(', ')})`,
    },
  ];
}

/** `cli verify` (every hash chain) and `cli projections rebuild <name>` for every projection. */
export async function cliChecks(env: Record<string, string>, log: (line: string) => void): Promise<Check[]> {
  const verify = await runCli(env, ['verify']);
  let verified: string;
  try {
    const report = JSON.parse(verify.stdout) as { status: string; eventsChecked: number; streamsChecked?: number };
    verified = `${report.status}: ${report.eventsChecked.toLocaleString('en-US')} events${report.streamsChecked ? ` in ${report.streamsChecked.toLocaleString('en-US')} streams` : ''}`;
  } catch {
    verified = verify.stderr.trim().split('\n').slice(-3).join(' ');
  }
  log(`  cli verify → exit ${verify.code} (${verified}, ${(verify.ms / 1000).toFixed(1)} s)`);
  const checks: Check[] = [
    {
      name: '`cli verify`: every chain verifies',
      passed: verify.code === 0,
      detail: `exit ${verify.code}; ${verified}`,
    },
  ];

  const rebuilt: string[] = [];
  const differing: string[] = [];
  for (const projection of ALL_PROJECTIONS) {
    const rebuild = await runCli(env, ['projections', 'rebuild', projection.name]);
    let replayed = '?';
    try {
      replayed = (JSON.parse(rebuild.stdout) as { eventsReplayed: number }).eventsReplayed.toLocaleString('en-US');
    } catch {
      // the exit code says enough; stderr goes into the detail below
    }
    log(
      `  cli projections rebuild ${projection.name} → exit ${rebuild.code} (${replayed} events replayed, ${(rebuild.ms / 1000).toFixed(1)} s)`,
    );
    if (rebuild.code === 0) rebuilt.push(projection.name);
    else
      differing.push(
        `${projection.name} (exit ${rebuild.code}: ${rebuild.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)})`,
      );
  }
  checks.push({
    name: '`cli projections rebuild`: every projection equals a fresh rebuild',
    passed: differing.length === 0,
    detail: differing.length
      ? `differ: ${differing.join('; ')}`
      : `${rebuilt.length} / ${ALL_PROJECTIONS.length} equal (${rebuilt.join(', ')})`,
  });
  return checks;
}

/** The auditor's path end to end: export the bundle, verify it offline (chains, Merkle leaves, signed checkpoints). */
export async function auditBundleCheck(env: Record<string, string>, log: (line: string) => void): Promise<Check> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smartstart-faults-bundle-'));
  const out = path.join(dir, 'bundle');
  try {
    const exported = await runCli(env, ['export', '--out', out], 'audit-cli.js');
    if (exported.code !== 0)
      return {
        name: 'audit bundle: exported and verified offline',
        passed: false,
        detail: `export exit ${exported.code}: ${exported.stderr.trim().slice(-300)}`,
      };
    const verified = await runCli(env, ['verify', out], 'audit-cli.js');
    const verdict = verified.stderr.trim().split('\n').slice(-1)[0] ?? '';
    log(`  audit export + verify → exit ${verified.code} (${verdict.slice(0, 120)})`);
    return {
      name: 'audit bundle: exported and verified offline',
      passed: verified.code === 0,
      detail: `exit ${verified.code}; ${verdict.slice(0, 200)}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
