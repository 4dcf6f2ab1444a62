import { Command } from '@nestjs/cqrs';
import type { TaskAcceptedData, TaskTier } from '../domain/task-accepted.events';
import type { BugSeverity, ReviewVerdict, TaskKind, TaskStatus } from '../domain/task.events';
import type { FounderAllocation } from '../domain/venture.events';
import type { SubmissionDraft } from '../domain/task.decide';
import type { CommandContext } from '../../identity/identity.contract';

/** Commands on `venture-<id>` and `task-<id>`. Ids are derived from the command id, so a retry creates nothing new. */

export class CreateVenture extends Command<{ ventureId: string }> {
  constructor(
    readonly name: string,
    readonly founders: FounderAllocation[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

export interface TaskDraft {
  title: string;
  tier: TaskTier;
  kind: TaskKind;
  severity: BugSeverity | null;
  description: string | null;
  acceptanceCriteria: string | null;
  dueDate: string | null;
  /** Skill catalog slugs, at most 5, each once. */
  skills: string[];
}

export class PostTask extends Command<{ taskId: string }> {
  constructor(
    readonly ventureId: string,
    readonly draft: TaskDraft,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The status the command left the task in. */
export interface TaskStep {
  taskId: string;
  status: TaskStatus;
}

export class ClaimTask extends Command<TaskStep> {
  constructor(
    readonly taskId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class SubmitTask extends Command<TaskStep> {
  constructor(
    readonly taskId: string,
    readonly submission: SubmissionDraft,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ReviewTask extends Command<TaskStep> {
  constructor(
    readonly taskId: string,
    readonly review: { quality: number; verdict: ReviewVerdict; comment: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AcceptTask extends Command<TaskAcceptedData> {
  constructor(
    readonly taskId: string,
    readonly helpfulReviewerIds: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}
