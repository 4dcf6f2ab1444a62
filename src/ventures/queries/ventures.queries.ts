import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type {
  TaskCounts,
  TaskRow as StoredTaskRow,
  VentureRow as StoredVentureRow,
} from '../../../projections/ventures/ventures.contract';
import { KNEX } from '../../platform/platform.tokens';
import { TaskNotFoundError } from '../domain/task.errors';
import { VentureNotFoundError } from '../domain/venture.decide';
import { submissionsFor, toTask } from './task-view';

/** The rows as the `ventures` projection writes them. */
type VentureRow = StoredVentureRow & TaskCounts;
type TaskRow = Omit<StoredTaskRow, 'last_revision'>;

/** Reads of the `ventures` and `tasks` read models; every member sees every venture. */
@Injectable()
export class VenturesQueries {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async list() {
    const rows = await this.knex<VentureRow>('ventures').orderBy([
      { column: 'created_at', order: 'desc' },
      'venture_id',
    ]);
    return rows.map(toVenture);
  }

  /** The venture with its tasks, oldest first (reviews are on the task itself). */
  async get(ventureId: string) {
    const row = await this.knex<VentureRow>('ventures').where({ venture_id: ventureId }).first();
    if (!row) throw new VentureNotFoundError(ventureId);
    const tasks = await this.knex<TaskRow>('tasks').where({ venture_id: ventureId }).orderBy(['posted_at', 'task_id']);
    return {
      ...toVenture(row),
      tasks: tasks.map(({ reviews, submissions: _hidden, ...task }) => ({
        ...toTask(task),
        reviewCount: reviews.length,
      })),
    };
  }

  /** The task, with the hand-ins only for those who may see them (submissionsFor). */
  async task(taskId: string, viewerId: string) {
    const row = await this.knex<TaskRow>('tasks').where({ task_id: taskId }).first();
    if (!row) throw new TaskNotFoundError(taskId);
    const venture = await this.knex<VentureRow>('ventures').where({ venture_id: row.venture_id }).first();
    if (!venture) throw new VentureNotFoundError(row.venture_id);
    return {
      ...toTask(row),
      reviews: row.reviews,
      submissions: submissionsFor(row, venture.owner_id, viewerId),
    };
  }
}

function toVenture(row: VentureRow) {
  return {
    ventureId: row.venture_id,
    name: row.name,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    founders: row.founders,
    openTasks: row.open_tasks,
    doneTasks: row.done_tasks,
  };
}
