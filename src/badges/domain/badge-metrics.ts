import type { KycStatus } from '../../identity/domain/roles.contract';
import type { Metrics } from './badge-rules';

/** The events metrics are folded from, in feed order. */
export const METRIC_EVENT_TYPES = [
  'UserRegistered',
  'KycStatusChanged',
  'DevicePostureReported',
  'PolicyViolationRecorded',
  'TaskPosted',
  'TaskSubmitted',
  'TaskReviewed',
  'TaskAccepted',
  'WindowScheduled',
  'ConversionSettled',
  'EndorsementGiven',
] as const;

export interface MetricEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

interface MemberFacts {
  registeredAt: string;
  kycStatus: KycStatus;
  devices: Map<string, boolean>;
  /** Since when every reported device has been compliant; null while one is not (or none reported). */
  compliantSince: string | null;
  policyViolations: number;
  tasksAccepted: number;
  qualitySum: number;
  criticalBugReports: number;
  helpfulReviews: number;
  reviewsJudged: number;
  reviewsAgreeing: number;
  conversionsSettled: number;
  endorsementsReceived: number;
}

interface TaskFacts {
  criticalBug: boolean;
  round: number;
  reviews: { reviewerId: string; verdict: string; round: number }[];
}

/** Everything the fold keeps between events; `metricsAt` turns it into each member's metrics. */
export interface MetricsFold {
  members: Map<string, MemberFacts>;
  tasks: Map<string, TaskFacts>;
  firstWindowOfVenture: Map<string, string>;
}

export const emptyMetricsFold = (): MetricsFold => ({
  members: new Map(),
  tasks: new Map(),
  firstWindowOfVenture: new Map(),
});

const idOf = (streamId: string) => streamId.slice(streamId.indexOf('-') + 1);
const DAY_MS = 86_400_000;

/** Pure (mutates only `fold`): one event's effect on the metrics. Events of people never registered are ignored. */
export function foldMetricEvent(fold: MetricsFold, event: MetricEvent): void {
  const member = (userId: unknown) => fold.members.get(String(userId));
  const owner = member(idOf(event.streamId));
  const task = () => fold.tasks.get(idOf(event.streamId)) ?? { criticalBug: false, round: 0, reviews: [] };
  const data = event.data;
  switch (event.type) {
    case 'UserRegistered':
      fold.members.set(idOf(event.streamId), newMember(event.occurredAt));
      return;
    case 'KycStatusChanged':
      if (owner) owner.kycStatus = data.status as KycStatus;
      return;
    case 'DevicePostureReported':
      return reportDevice(owner, String(data.deviceId), data.compliant === true, event.occurredAt);
    case 'PolicyViolationRecorded':
      if (owner) owner.policyViolations += 1;
      return;
    case 'TaskPosted':
      fold.tasks.set(idOf(event.streamId), {
        ...task(),
        criticalBug: data.kind === 'bug' && data.severity === 'critical',
      });
      return;
    case 'TaskSubmitted':
      fold.tasks.set(idOf(event.streamId), { ...task(), round: task().round + 1 });
      return;
    case 'TaskReviewed': {
      const current = task();
      fold.tasks.set(idOf(event.streamId), {
        ...current,
        reviews: [
          ...current.reviews,
          { reviewerId: String(data.reviewerId), verdict: String(data.verdict), round: current.round },
        ],
      });
      return;
    }
    case 'TaskAccepted':
      return acceptTask(fold, task(), data);
    case 'WindowScheduled':
      if (!fold.firstWindowOfVenture.has(String(data.ventureId)))
        fold.firstWindowOfVenture.set(String(data.ventureId), String(data.windowId));
      return;
    case 'ConversionSettled': {
      const converter = member(data.userId);
      if (converter && fold.firstWindowOfVenture.get(String(data.ventureId)) === data.windowId)
        converter.conversionsSettled += 1;
      return;
    }
    case 'EndorsementGiven': {
      const endorsee = member(data.endorseeId);
      if (endorsee) endorsee.endorsementsReceived += 1;
      return;
    }
  }
}

function newMember(registeredAt: string): MemberFacts {
  return {
    registeredAt,
    kycStatus: 'NOT_SUBMITTED',
    devices: new Map(),
    compliantSince: null,
    policyViolations: 0,
    tasksAccepted: 0,
    qualitySum: 0,
    criticalBugReports: 0,
    helpfulReviews: 0,
    reviewsJudged: 0,
    reviewsAgreeing: 0,
    conversionsSettled: 0,
    endorsementsReceived: 0,
  };
}

function reportDevice(member: MemberFacts | undefined, deviceId: string, compliant: boolean, at: string): void {
  if (!member) return;
  member.devices.set(deviceId, compliant);
  const allCompliant = [...member.devices.values()].every(Boolean);
  if (!allCompliant) member.compliantSince = null;
  else if (member.compliantSince === null) member.compliantSince = at;
}

/**
 * An acceptance counts for its assignee (tasks, quality, critical bugs) and its reviewers: a
 * review agreed with the outcome when it approved the accepted submission, or asked for changes
 * on a submission that was then reworked.
 */
function acceptTask(fold: MetricsFold, task: TaskFacts, data: Record<string, unknown>): void {
  const assignee = fold.members.get(String(data.assigneeId));
  if (assignee) {
    assignee.tasksAccepted += 1;
    assignee.qualitySum += Number(data.quality);
    if (task.criticalBug) assignee.criticalBugReports += 1;
  }
  for (const reviewerId of (data.helpfulReviewerIds as string[] | undefined) ?? []) {
    const reviewer = fold.members.get(reviewerId);
    if (reviewer) reviewer.helpfulReviews += 1;
  }
  for (const review of task.reviews) {
    const reviewer = fold.members.get(review.reviewerId);
    if (!reviewer) continue;
    reviewer.reviewsJudged += 1;
    const agreed = review.round === task.round ? review.verdict === 'APPROVE' : review.verdict === 'REQUEST_CHANGES';
    if (agreed) reviewer.reviewsAgreeing += 1;
  }
}

/** Each registered member's metrics at `now`. */
export function metricsAt(fold: MetricsFold, now: Date): Map<string, Metrics> {
  const daysSince = (at: string) => Math.floor((now.getTime() - Date.parse(at)) / DAY_MS);
  return new Map(
    [...fold.members].map(([userId, facts]) => {
      const metrics: Metrics = {
        tasksAccepted: facts.tasksAccepted,
        daysSinceJoin: daysSince(facts.registeredAt),
        criticalBugReports: facts.criticalBugReports,
        helpfulReviews: facts.helpfulReviews,
        kycStatus: facts.kycStatus,
        policyViolations: facts.policyViolations,
        conversionsSettled: facts.conversionsSettled,
        endorsementsReceived: facts.endorsementsReceived,
      };
      if (facts.reviewsJudged > 0)
        metrics.reviewAgreementPct = Math.floor((100 * facts.reviewsAgreeing) / facts.reviewsJudged);
      if (facts.compliantSince !== null) metrics.deviceCompliantDays = daysSince(facts.compliantSince);
      if (facts.tasksAccepted > 0)
        metrics.avgQuality = Math.round((100 * facts.qualitySum) / facts.tasksAccepted) / 100;
      return [userId, metrics];
    }),
  );
}
