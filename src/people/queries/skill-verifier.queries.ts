import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Principal } from '../../identity/identity.contract';
import { KNEX } from '../../platform/platform.tokens';
import type { TaskRow, VentureRow } from '../../../projections/ventures/ventures.contract';
import type { skillVerifierResponseSchema } from '../http/people.schemas';

type SkillVerifierView = z.infer<typeof skillVerifierResponseSchema>;

/**
 * Which of this member's skills the caller may verify, and on what basis, so the portal shows the
 * Verify button only where the verification would succeed. The same rule as the verification
 * itself (person.decide.ts): the owner of a venture that accepted a task of the member may verify
 * the skills that task named, naming it; an admin with a verified session may verify any; nobody
 * verifies their own. This reads the `ventures` read model, which may lag: the command re-checks
 * every fact on the log.
 */
@Injectable()
export class SkillVerifierQueries {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async forViewer(memberId: string, viewer: Principal): Promise<SkillVerifierView> {
    if (viewer.userId === null || viewer.userId === memberId)
      return { userId: memberId, mayVerify: false, basis: null, skills: [] };
    const skills = await this.skillsVouchedBy(memberId, viewer.userId);
    const isAdmin = viewer.roles.includes('admin') && viewer.mfaVerified;
    const basis = isAdmin ? 'ADMIN' : skills.length > 0 ? 'VENTURE_OWNER' : null;
    return { userId: memberId, mayVerify: basis !== null, basis, skills };
  }

  /** Each skill the owner's accepted tasks of this member named, with the most recently accepted such task. */
  private async skillsVouchedBy(memberId: string, ownerId: string): Promise<SkillVerifierView['skills']> {
    const tasks: Pick<TaskRow, 'task_id' | 'skills'>[] = await this.knex('tasks')
      .join('ventures', 'ventures.venture_id', 'tasks.venture_id')
      .where('tasks.assignee_id', memberId)
      .andWhere('tasks.status', 'ACCEPTED' satisfies TaskRow['status'])
      .andWhere('ventures.owner_id', ownerId satisfies VentureRow['owner_id'])
      .whereRaw('jsonb_array_length(tasks.skills) > 0')
      .orderBy([
        { column: 'tasks.accepted_at', order: 'desc' },
        { column: 'tasks.task_id', order: 'asc' },
      ])
      .select('tasks.task_id', 'tasks.skills');
    const taskBySkill = new Map<string, string>();
    for (const task of tasks)
      for (const skillSlug of task.skills) if (!taskBySkill.has(skillSlug)) taskBySkill.set(skillSlug, task.task_id);
    return [...taskBySkill]
      .map(([skillSlug, taskId]) => ({ skillSlug, taskId }))
      .sort((a, b) => a.skillSlug.localeCompare(b.skillSlug));
  }
}
