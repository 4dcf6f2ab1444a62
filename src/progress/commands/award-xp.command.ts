import { Command } from '@nestjs/cqrs';
import type { TaskAcceptedData } from '../../ventures/domain/task-accepted';

/** XP for an accepted task: the assignee's task XP and each helpful reviewer's review XP. */
export class AwardTaskXp extends Command<{ awarded: { userId: string; xp: number }[] }> {
  constructor(
    readonly accepted: TaskAcceptedData,
    readonly causationId: string | null,
  ) {
    super();
  }
}
