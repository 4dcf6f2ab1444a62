import { randomUUID } from 'node:crypto';
import type { ExpectedRevision } from '../src/platform/event-store/event-store.port';
import type { PostgresEventStore } from '../src/platform/event-store/postgres/postgres-event-store';
import { userStream } from '../src/identity/domain/user.events';
import { memberStream } from '../src/progress/domain/member.events';
import { ventureStream } from '../src/ventures/domain/venture.events';
import { taskStream } from '../src/ventures/domain/task-accepted.events';
import { walletStream } from '../src/wallet/domain/wallet.events';
import {
  earnedTaskEvents,
  eligibleMemberEvents,
  forEachPooled,
  metadataAt,
  officerEvents,
  toAppend,
  ventureEvents,
} from './ledger-fixtures';
import type { DomainEvent } from '../src/shared-kernel/decider';

/** Events per earned task: five on the task's stream, one BuzIssued, one XpAwarded. */
const EVENTS_PER_TASK = 7;
/** About this many tasks per member, so wallet and member streams hold ~100 events each. */
const TASKS_PER_MEMBER = 100;
const VENTURES = 20;
/** Tasks written per round: each member's wallet and member events of a round go in one append. */
const ROUND_TASKS = 5000;
const FIRST_DAY = Date.UTC(2026, 0, 1);

export interface Dataset {
  events: number;
  streams: number;
  members: number;
  tasks: number;
  seconds: number;
}

/**
 * About `target` events shaped like the earning loop's history, written through
 * PostgresEventStore.append (hash-chained, concurrency-checked), `lanes` appends in flight:
 * members (registered, KYC passed, a device, reputation), ventures, and tasks that were posted,
 * claimed, submitted, reviewed and accepted, each paid in BUZ and XP. Every event is one the
 * read models handle.
 */
export async function buildDataset(
  store: PostgresEventStore,
  target: number,
  lanes: number,
  log: (line: string) => void,
): Promise<Dataset> {
  const started = performance.now();
  const members = Math.max(10, Math.round(target / (EVENTS_PER_TASK * TASKS_PER_MEMBER)));
  const fixedEvents = 3 + members * 6 + VENTURES;
  const tasks = Math.max(0, Math.floor((target - fixedEvents) / EVENTS_PER_TASK));
  const at = '2026-01-01T08:00:00.000Z';
  let written = 0;
  const append = async (
    streamId: string,
    events: readonly DomainEvent[],
    expectedRevision: ExpectedRevision,
    commandId: string,
  ) => {
    const result = await store.append(streamId, toAppend(streamId, events, metadataAt(at, commandId)), {
      expectedRevision,
    });
    written += events.length;
    return result.nextExpectedRevision;
  };

  const officerId = randomUUID();
  await append(userStream(officerId), officerEvents(officerId), 'no_stream', `officer-${officerId}`);
  const memberIds = Array.from({ length: members }, () => randomUUID());
  const revisions = new Map<string, bigint>();
  await forEachPooled(memberIds, lanes, async (userId) => {
    const { user, member } = eligibleMemberEvents(userId, officerId);
    await append(userStream(userId), user, 'no_stream', `user-${userId}`);
    revisions.set(memberStream(userId), await append(memberStream(userId), member, 'no_stream', `rep-${userId}`));
  });
  const ventureIds = Array.from({ length: VENTURES }, () => randomUUID());
  await forEachPooled(ventureIds, lanes, async (ventureId, index) => {
    await append(
      ventureStream(ventureId),
      ventureEvents(ventureId, memberIds[index % members], `Venture ${index + 1}`),
      'no_stream',
      `venture-${ventureId}`,
    );
  });

  let lastReport = performance.now();
  for (let first = 0; first < tasks; first += ROUND_TASKS) {
    const round = Array.from({ length: Math.min(ROUND_TASKS, tasks - first) }, (_, offset) => first + offset);
    const wallets = new Map<string, DomainEvent[]>();
    const progress = new Map<string, DomainEvent[]>();
    await forEachPooled(round, lanes, async (k) => {
      const assigneeId = memberIds[k % members];
      const taskId = randomUUID();
      const day = new Date(FIRST_DAY + Math.floor(k / members) * 86_400_000).toISOString().slice(0, 10);
      const earned = earnedTaskEvents({
        taskId,
        ventureId: ventureIds[k % VENTURES],
        assigneeId,
        reviewerId: memberIds[(k + 1) % members],
        acceptedAt: `${day}T09:15:00.000Z`,
      });
      await append(taskStream(taskId), earned.task, 'no_stream', `task-${taskId}`);
      wallets.set(assigneeId, [...(wallets.get(assigneeId) ?? []), ...earned.wallet]);
      progress.set(assigneeId, [...(progress.get(assigneeId) ?? []), ...earned.member]);
    });
    await forEachPooled(memberIds, lanes, async (userId) => {
      const walletEvents = wallets.get(userId) ?? [];
      if (walletEvents.length > 0) {
        const stream = walletStream(userId);
        const expected = revisions.get(stream);
        revisions.set(stream, await append(stream, walletEvents, expected ?? 'no_stream', `pay-${userId}-${first}`));
      }
      const memberEvents = progress.get(userId) ?? [];
      if (memberEvents.length > 0) {
        const stream = memberStream(userId);
        revisions.set(
          stream,
          await append(stream, memberEvents, revisions.get(stream) as bigint, `xp-${userId}-${first}`),
        );
      }
    });
    if (performance.now() - lastReport > 5000) {
      log(`verification: ${written.toLocaleString('en-US')} events written`);
      lastReport = performance.now();
    }
  }
  return {
    events: written,
    streams: 1 + members * 3 + VENTURES + tasks,
    members,
    tasks,
    seconds: (performance.now() - started) / 1000,
  };
}
