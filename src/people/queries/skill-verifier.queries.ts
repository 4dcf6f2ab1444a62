import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Principal } from '../../identity/identity.contract';
import { KNEX } from '../../platform/platform.tokens';
import type { TaskRow, VentureRow } from '../../../projections/ventures/ventures.contract';
import type { skillVerifierResponseSchema } from '../http/people.schemas';

/**
 * Whether the caller may verify this member's skills, and on what basis, so the portal shows the
 * Verify button only to them. The same rule as the verification itself (person.decide.ts): the
 * owner of a venture that accepted a task of the member names that task; an admin with a verified
 * session needs none; nobody verifies their own. Tasks carry no skill, so the owner vouches for
 * any skill the member lists. The command re-checks all of it on the log.
 */
@Injectable()
export class SkillVerifierQueries {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async forViewer(memberId: string, viewer: Principal): Promise<z.infer<typeof skillVerifierResponseSchema>> {
    const none = { userId: memberId, mayVerify: false, basis: null, taskId: null } as const;
    if (viewer.userId === null || viewer.userId === memberId) return none;
    const task: Pick<TaskRow, 'task_id'> | undefined = await this.knex('tasks')
      .join('ventures', 'ventures.venture_id', 'tasks.venture_id')
      .where('tasks.assignee_id', memberId)
      .andWhere('tasks.status', 'ACCEPTED' satisfies TaskRow['status'])
      .andWhere('ventures.owner_id', viewer.userId satisfies VentureRow['owner_id'])
      .orderBy([
        { column: 'tasks.accepted_at', order: 'desc' },
        { column: 'tasks.task_id', order: 'asc' },
      ])
      .first('tasks.task_id');
    if (task) return { userId: memberId, mayVerify: true, basis: 'VENTURE_OWNER', taskId: task.task_id };
    if (viewer.roles.includes('admin') && viewer.mfaVerified)
      return { userId: memberId, mayVerify: true, basis: 'ADMIN', taskId: null };
    return none;
  }
}
