import type { EventMetadata, EventToAppend } from '../src/platform/event-store/event-store.port';
import type { DomainEvent } from '../src/shared-kernel/decider';
import { derivedId } from '../src/shared-kernel/ids';
import { decideUser, type UserCommand } from '../src/identity/domain/user.decide';
import type { UserEvent } from '../src/identity/domain/user.events';
import { userDecider, type UserState } from '../src/identity/domain/user.state';
import type { MemberEvent } from '../src/progress/domain/member.events';
import { issuanceFor, reviewerCred } from '../src/wallet/domain/issuance-formula.contract';
import type { WalletEvent } from '../src/wallet/domain/wallet.events';
import type { TaskEvent } from '../src/ventures/domain/task.events';
import type { TaskAcceptedData } from '../src/ventures/domain/task-accepted.events';
import type { VentureEvent } from '../src/ventures/domain/venture.events';
import { taskXp } from '../src/progress/domain/progress.formulas';

/** Reputation every fixture member holds: above the default gate of 60 points. */
export const FIXTURE_REP_MICRO = 75_000_000n;

export function metadataAt(occurredAt: string, commandId: string, actorId: string | null = null): EventMetadata {
  return { occurredAt, actorId, commandId, correlationId: commandId, causationId: null };
}

/** Domain events → events to append, with ids derived from the command (as decideOnStream derives them). */
export function toAppend(streamId: string, events: readonly DomainEvent[], metadata: EventMetadata): EventToAppend[] {
  return events.map((event, index) => ({
    eventId: derivedId(metadata.commandId ?? 'bench', streamId, String(index)),
    type: event.type,
    data: event.data,
    metadata,
  }));
}

/** Runs the domain's own decider on commands one after another on a fresh user, as the handlers would. */
function decideAll(commands: readonly UserCommand[]): UserEvent[] {
  let state: UserState = userDecider.initialState;
  const events: UserEvent[] = [];
  for (const command of commands) {
    const produced = decideUser(command, state);
    state = produced.reduce(userDecider.evolve, state);
    events.push(...produced);
  }
  return events;
}

/** A compliance officer's user stream: registered, then granted `compliance`. */
export function officerEvents(officerId: string): UserEvent[] {
  return decideAll([
    { type: 'Register', userId: officerId },
    { type: 'GrantRole', userId: officerId, role: 'compliance', grantedBy: null },
  ]);
}

/**
 * What the KYC, device and settlement commands write for a member who passes every payout gate:
 * registered, KYC submitted and PASSED by the officer, one compliant device, reputation 75.
 */
export function eligibleMemberEvents(userId: string, officerId: string): { user: UserEvent[]; member: MemberEvent[] } {
  const user = decideAll([
    { type: 'Register', userId },
    { type: 'SubmitKyc', userId, submissionId: derivedId('bench-kyc', userId) },
    {
      type: 'DecideKyc',
      userId,
      status: 'PASSED',
      decidedBy: officerId,
      decisionId: derivedId('bench-kyc-decision', userId),
    },
    {
      type: 'ReportDevicePosture',
      posture: { deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true },
    },
  ]);
  const member: MemberEvent[] = [
    {
      type: 'ReputationSettled',
      data: {
        day: '2026-01-01',
        previousRepMicro: '0',
        repMicro: FIXTURE_REP_MICRO.toString(),
        xpGain: 0,
        gainMicro: FIXTURE_REP_MICRO.toString(),
      },
    },
  ];
  return { user, member };
}

export function ventureEvents(ventureId: string, ownerId: string, name: string): VentureEvent[] {
  return [{ type: 'VentureCreated', data: { ventureId, name, ownerId, founders: [] } }];
}

/**
 * One task's whole life in the portal (posted, claimed, submitted, reviewed, accepted) and what
 * the earning loop then writes: BUZ on the assignee's wallet, XP on the assignee's member stream.
 */
export function earnedTaskEvents(task: {
  taskId: string;
  ventureId: string;
  assigneeId: string;
  reviewerId: string;
  acceptedAt: string;
}): {
  task: TaskEvent[];
  wallet: WalletEvent[];
  member: MemberEvent[];
} {
  const { taskId, ventureId, assigneeId, reviewerId, acceptedAt } = task;
  const reviewerReps = [FIXTURE_REP_MICRO];
  const accepted: TaskAcceptedData = {
    taskId,
    ventureId,
    assigneeId,
    tier: 'A',
    quality: 4,
    reviewerIds: [reviewerId],
    helpfulReviewerIds: [],
    acceptedAt,
    source: 'portal',
  };
  const { buz, inputs } = issuanceFor('A', 4, reviewerReps);
  const day = acceptedAt.slice(0, 10);
  return {
    task: [
      {
        type: 'TaskPosted',
        data: {
          taskId,
          ventureId,
          title: `Benchmark task ${taskId.slice(0, 8)}`,
          tier: 'A',
          kind: 'feature',
          severity: null,
          description: null,
          acceptanceCriteria: null,
          dueDate: null,
          skills: [],
        },
      },
      { type: 'TaskClaimed', data: { assigneeId } },
      { type: 'TaskSubmitted', data: { note: 'done, see the linked change', links: [] } },
      { type: 'TaskReviewed', data: { reviewerId, quality: 4, verdict: 'APPROVE', comment: null } },
      { type: 'TaskAccepted', data: accepted },
    ],
    wallet: [
      {
        type: 'BuzIssued',
        data: { taskId, day, amountBuz: buz.toString(), requestedBuz: buz.toString(), capped: false, inputs },
      },
    ],
    member: [
      {
        type: 'XpAwarded',
        data: { source: 'task', ref: taskId, xp: taskXp('A', 4, reviewerCred(FIXTURE_REP_MICRO)), day },
      },
    ],
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight; rejects on the first failure. */
export async function forEachPooled<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(lanes);
}
