import type { StoredSubmission, TaskRow as StoredTaskRow } from '../../../projections/ventures/ventures.contract';
import { payoutPreview } from '../../wallet/domain/issuance-formula.contract';
import type { TaskTier } from '../domain/task-accepted.events';

/** How the task routes show a `tasks` row; BUZ as decimal strings. */

type TaskRow = Omit<StoredTaskRow, 'last_revision'>;

export function toTask(row: Omit<TaskRow, 'reviews' | 'submissions'>) {
  return {
    taskId: row.task_id,
    ventureId: row.venture_id,
    title: row.title,
    tier: row.tier,
    kind: row.kind,
    severity: row.severity,
    description: row.description,
    acceptanceCriteria: row.acceptance_criteria,
    dueDate: row.due_date,
    skills: row.skills,
    payout: payoutOf(row.tier),
    status: row.status,
    assigneeId: row.assignee_id,
    round: row.round,
    postedAt: row.posted_at,
    acceptedAt: row.accepted_at,
  };
}

function payoutOf(tier: TaskTier) {
  const { tierBaseBuz, byQuality } = payoutPreview(tier);
  return {
    tierBaseBuz: tierBaseBuz.toString(),
    minBuz: byQuality[0].minBuz.toString(),
    maxBuz: byQuality[byQuality.length - 1].maxBuz.toString(),
    byQuality: byQuality.map(({ quality, minBuz, maxBuz }) => ({
      quality,
      minBuz: minBuz.toString(),
      maxBuz: maxBuz.toString(),
    })),
  };
}

/**
 * Who sees the hand-in: the assignee, the venture's owner (who accepts it), whoever reviewed the
 * task in any round, and — while it waits for review — any member, since any member but the
 * owner and the assignee may review it then and needs the work to rate it.
 */
export function submissionsFor(
  row: Pick<TaskRow, 'assignee_id' | 'status' | 'reviews' | 'submissions'>,
  ownerId: string,
  viewerId: string,
) {
  const maySee =
    row.status === 'SUBMITTED' ||
    viewerId === ownerId ||
    viewerId === row.assignee_id ||
    row.reviews.some((review) => review.reviewerId === viewerId);
  return maySee ? row.submissions.map(toSubmission) : null;
}

function toSubmission({ round, note, links, submittedAt }: StoredSubmission) {
  return { round, note, links, submittedAt };
}
