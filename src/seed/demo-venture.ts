import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  AcceptTask,
  ClaimTask,
  CreateVenture,
  PostTask,
  ReviewTask,
  SubmitTask,
  type TaskDraft,
} from '../ventures/commands/venture.commands';
import { seedContext, type DemoUsers } from './demo-accounts';

interface DemoTask {
  key: string;
  draft: TaskDraft;
  /** Who does it and who reviews it (with what quality); absent for a task still open. */
  work?: { assignee: keyof DemoUsers; reviewer: keyof DemoUsers; quality: number; accept: boolean };
}

const TASKS: DemoTask[] = [
  {
    key: 'dashboard',
    draft: { title: 'Design the solar yield dashboard', tier: 'A', kind: 'design', severity: null },
    work: { assignee: 'bob', reviewer: 'carol', quality: 4, accept: true },
  },
  {
    key: 'telemetry',
    draft: { title: 'Fix inverter telemetry gaps', tier: 'B', kind: 'bug', severity: 'high' },
    work: { assignee: 'carol', reviewer: 'bob', quality: 5, accept: true },
  },
  {
    key: 'handbook',
    draft: { title: 'Write the member handbook', tier: 'C', kind: 'docs', severity: null },
    work: { assignee: 'newcomer', reviewer: 'bob', quality: 3, accept: true },
  },
  {
    key: 'api',
    draft: { title: 'Publish the metering API', tier: 'S', kind: 'feature', severity: null },
    work: { assignee: 'bob', reviewer: 'carol', quality: 5, accept: false },
  },
  { key: 'roadmap', draft: { title: 'Plan the Q1 roadmap', tier: 'S', kind: 'design', severity: null } },
  { key: 'grant', draft: { title: 'Review the grant application', tier: 'B', kind: 'review', severity: null } },
];

/** Alice's venture: three accepted tasks (paid through the real process manager), one awaiting acceptance, two open. */
export async function seedVenture(app: INestApplication, users: DemoUsers): Promise<void> {
  const commands = app.get(CommandBus);
  const { ventureId } = await commands.execute(new CreateVenture('Solar Co-op', seedContext(users.alice, 'venture')));
  for (const task of TASKS) {
    const { taskId } = await commands.execute(
      new PostTask(ventureId, task.draft, seedContext(users.alice, 'task', task.key)),
    );
    if (!task.work) continue;
    const { assignee, reviewer, quality, accept } = task.work;
    await commands.execute(new ClaimTask(taskId, seedContext(users[assignee], task.key, 'claim')));
    await commands.execute(
      new SubmitTask(taskId, 'Ready for review', seedContext(users[assignee], task.key, 'submit')),
    );
    await commands.execute(
      new ReviewTask(
        taskId,
        { quality, verdict: 'APPROVE', comment: 'Looks good' },
        seedContext(users[reviewer], task.key, 'review'),
      ),
    );
    if (accept)
      await commands.execute(new AcceptTask(taskId, [users[reviewer]], seedContext(users.alice, task.key, 'accept')));
  }
}
