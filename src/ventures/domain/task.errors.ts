import { DomainError } from '../../shared-kernel/domain-error';
import type { TaskStatus } from './task.events';

/**
 * What a task decision refuses: 404 for a task that does not exist, 403 for the wrong actor
 * (never with the code FORBIDDEN, which is the access guard's), 409 for the wrong state.
 */

export class TaskNotFoundError extends DomainError {
  constructor(taskId: string) {
    super('TASK_NOT_FOUND', `No task ${taskId}`, { taskId });
  }
}

export class TaskStatusError extends DomainError {
  constructor(taskId: string, status: TaskStatus | null, needed: TaskStatus) {
    super('TASK_WRONG_STATUS', `Task ${taskId} is ${status ?? 'unknown'}; this needs it to be ${needed}`, {
      taskId,
      status,
      needed,
    });
  }
}

export class TaskActorError extends DomainError {
  constructor(
    code: 'NOT_ASSIGNEE' | 'OWNER_CANNOT_CLAIM' | 'OWN_TASK_REVIEW' | 'OWNER_CANNOT_REVIEW',
    message: string,
    taskId: string,
  ) {
    super(code, message, { taskId });
  }
}
