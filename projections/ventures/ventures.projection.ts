import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import { assertNever } from '../../src/shared-kernel/assert-never';
import type { TaskEvent } from '../../src/ventures/domain/task.events';
import { statusAfter } from '../../src/ventures/domain/task.state';
import type { VentureEvent } from '../../src/ventures/domain/venture.events';
import type { TaskCounts, TaskRow, VentureRow } from './ventures.contract';
import { VenturesRepository } from './ventures.repository';

/**
 * `ventures` (with open and done task counts; open means not yet accepted) and `tasks` (status,
 * assignee, reviews). A task accepted by an integration without being posted here has no row.
 * Per batch: load the touched task rows, fold the events into them, write the changed ones back
 * and move each venture's counts by the status changes the fold saw. A row only takes an event
 * newer than its last_revision, so a redelivered event changes neither the row nor the counts.
 */
export const venturesProjection: Projection = {
  name: 'ventures',
  tables: ['ventures', 'tasks'],
  canHandle: ['VentureCreated', 'TaskPosted', 'TaskClaimed', 'TaskSubmitted', 'TaskReviewed', 'TaskAccepted'],
  async apply(transaction, events, tables) {
    const repository = new VenturesRepository(transaction, tables);
    const taskEvents = events.filter((event) => event.type !== 'VentureCreated');
    await repository.insertVentures(ventureRows(events.filter((event) => event.type === 'VentureCreated')));
    const before = new Map((await repository.tasksByIds(taskEvents.map(taskIdOf))).map((row) => [row.task_id, row]));
    const after = foldTasks(before, taskEvents);
    const changed = [...after.values()].filter((row) => row !== before.get(row.task_id));
    await repository.writeTasks(changed);
    await repository.addToTaskCounts(taskCountDeltas(before, changed));
  },
};

function ventureRows(events: readonly RecordedEvent[]): VentureRow[] {
  const rows = new Map<string, VentureRow>();
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as VentureEvent;
    const { ventureId, name, ownerId, founders } = event.data;
    if (!rows.has(ventureId))
      rows.set(ventureId, {
        venture_id: ventureId,
        name,
        owner_id: ownerId,
        created_at: recorded.metadata.occurredAt,
        founders,
      });
  }
  return [...rows.values()];
}

/** Pure: the task rows after the batch, starting from the stored ones. */
export function foldTasks(
  stored: ReadonlyMap<string, TaskRow>,
  events: readonly RecordedEvent[],
): Map<string, TaskRow> {
  const rows = new Map(stored);
  for (const event of events) {
    const taskId = taskIdOf(event);
    const row = evolveTaskRow(rows.get(taskId), event);
    if (row) rows.set(taskId, row);
  }
  return rows;
}

/** Pure: the row after one event; the same row when it has taken that revision already. */
export function evolveTaskRow(row: TaskRow | undefined, recorded: RecordedEvent): TaskRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as TaskEvent;
  if (event.type === 'TaskPosted') return row ?? postedRow(event.data, recorded);
  if (!row || BigInt(row.last_revision) >= recorded.revision) return row;
  const next: TaskRow = { ...row, status: statusAfter(event), last_revision: recorded.revision.toString() };
  switch (event.type) {
    case 'TaskClaimed':
      return { ...next, assignee_id: event.data.assigneeId };
    case 'TaskSubmitted': {
      const { note, links } = event.data;
      const submission = { note, links, submittedAt: recorded.metadata.occurredAt, round: row.round + 1 };
      return { ...next, round: row.round + 1, submissions: [...row.submissions, submission] };
    }
    case 'TaskReviewed':
      // Stamped with the submission round it judged.
      return {
        ...next,
        reviews: [...row.reviews, { ...event.data, reviewedAt: recorded.metadata.occurredAt, round: row.round }],
      };
    case 'TaskAccepted':
      return { ...next, accepted_at: event.data.acceptedAt };
    default:
      return assertNever(event);
  }
}

function postedRow(data: Extract<TaskEvent, { type: 'TaskPosted' }>['data'], recorded: RecordedEvent): TaskRow {
  const { taskId, ventureId, title, tier, kind, severity, description, acceptanceCriteria, dueDate, skills } = data;
  return {
    task_id: taskId,
    venture_id: ventureId,
    title,
    tier,
    kind,
    severity: severity ?? null,
    description,
    acceptance_criteria: acceptanceCriteria,
    due_date: dueDate,
    skills,
    status: 'OPEN',
    assignee_id: null,
    round: 0,
    reviews: [],
    submissions: [],
    posted_at: recorded.metadata.occurredAt,
    accepted_at: null,
    last_revision: recorded.revision.toString(),
  };
}

/** Pure: how the changed rows move their ventures' counts (a new row counts from nothing). */
export function taskCountDeltas(
  before: ReadonlyMap<string, TaskRow>,
  changed: readonly TaskRow[],
): Map<string, TaskCounts> {
  const deltas = new Map<string, TaskCounts>();
  for (const row of changed) {
    const was = before.get(row.task_id);
    const open = Number(row.status !== 'ACCEPTED') - Number(was !== undefined && was.status !== 'ACCEPTED');
    const done = Number(row.status === 'ACCEPTED') - Number(was?.status === 'ACCEPTED');
    if (open === 0 && done === 0) continue;
    const delta = deltas.get(row.venture_id) ?? { open_tasks: 0, done_tasks: 0 };
    deltas.set(row.venture_id, { open_tasks: delta.open_tasks + open, done_tasks: delta.done_tasks + done });
  }
  return deltas;
}

function taskIdOf(event: RecordedEvent): string {
  return event.streamId.slice('task-'.length);
}
