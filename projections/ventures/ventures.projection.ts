import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import { assertNever } from '../../src/identity/domain/user.state';
import type { TaskEvent } from '../../src/ventures/domain/task.events';
import { statusAfter } from '../../src/ventures/domain/task.state';
import type { VentureEvent } from '../../src/ventures/domain/venture.events';
import { VenturesRepository } from './ventures.repository';

/**
 * `ventures` (with open and done task counts; open means not yet accepted) and `tasks` (status,
 * assignee, reviews). A task accepted by an integration without being posted here has no row.
 */
export const venturesProjection: Projection = {
  name: 'ventures',
  tables: ['ventures', 'tasks'],
  canHandle: ['VentureCreated', 'TaskPosted', 'TaskClaimed', 'TaskSubmitted', 'TaskReviewed', 'TaskAccepted'],
  async apply(transaction, events, tables) {
    const repository = new VenturesRepository(transaction, tables);
    const recount = new Set<string>();
    for (const event of events) {
      if (event.type === 'VentureCreated') await applyVentureEvent(repository, event);
      else await applyTaskEvent(repository, event, recount);
    }
    for (const ventureId of recount) await repository.recountTasks(ventureId);
  },
};

async function applyVentureEvent(repository: VenturesRepository, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as VentureEvent;
  switch (event.type) {
    case 'VentureCreated':
      await repository.insertVenture({ venture_id: event.data.ventureId, name: event.data.name, owner_id: event.data.ownerId, created_at: recorded.metadata.occurredAt });
      return;
    default:
      assertNever(event.type);
  }
}

/** Adds to `recount` the venture whose task counts the event may change. */
async function applyTaskEvent(repository: VenturesRepository, recorded: RecordedEvent, recount: Set<string>): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as TaskEvent;
  const taskId = recorded.streamId.slice('task-'.length);
  const update = (change: Record<string, unknown>) => repository.updateTask(taskId, recorded.revision, { status: statusAfter(event), ...change });
  switch (event.type) {
    case 'TaskPosted':
      await repository.insertTask({ ...postedRow(event.data), status: statusAfter(event), posted_at: recorded.metadata.occurredAt, last_revision: recorded.revision.toString() });
      recount.add(event.data.ventureId);
      return;
    case 'TaskClaimed':
      return update({ assignee_id: event.data.assigneeId });
    case 'TaskSubmitted':
      return update({ round: repository.nextRound() });
    case 'TaskReviewed':
      return update({ reviews: repository.reviewEntry({ ...event.data, reviewedAt: recorded.metadata.occurredAt }) });
    case 'TaskAccepted':
      await update({ accepted_at: event.data.acceptedAt });
      recount.add(event.data.ventureId);
      return;
    default:
      assertNever(event);
  }
}

function postedRow(data: Extract<TaskEvent, { type: 'TaskPosted' }>['data']) {
  return { task_id: data.taskId, venture_id: data.ventureId, title: data.title, tier: data.tier, kind: data.kind, severity: data.severity };
}
