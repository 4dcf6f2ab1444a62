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

const noDetails = { description: null, acceptanceCriteria: null, dueDate: null, skills: [] };

interface DemoTask {
  key: string;
  draft: TaskDraft;
  /** Who does it and who reviews it (with what quality); absent for a task still open. */
  work?: { assignee: keyof DemoUsers; reviewer: keyof DemoUsers; quality: number; accept: boolean };
}

const TASKS: DemoTask[] = [
  {
    key: 'dashboard',
    draft: {
      title: 'Design the solar yield dashboard',
      tier: 'A',
      kind: 'design',
      severity: null,
      description: 'A dashboard that shows each roof’s daily yield against the forecast.',
      acceptanceCriteria: 'Works at phone width; the numbers match the meter export for one sample week.',
      dueDate: '2027-01-15',
      skills: ['ux-design', 'frontend'],
    },
    work: { assignee: 'bob', reviewer: 'carol', quality: 4, accept: true },
  },
  {
    key: 'telemetry',
    draft: {
      title: 'Fix inverter telemetry gaps',
      tier: 'B',
      kind: 'bug',
      severity: 'high',
      ...noDetails,
      skills: ['backend', 'data-engineering'],
    },
    work: { assignee: 'carol', reviewer: 'bob', quality: 5, accept: true },
  },
  {
    key: 'handbook',
    draft: { title: 'Write the member handbook', tier: 'C', kind: 'docs', severity: null, ...noDetails },
    work: { assignee: 'newcomer', reviewer: 'bob', quality: 3, accept: true },
  },
  {
    key: 'api',
    draft: { title: 'Publish the metering API', tier: 'S', kind: 'feature', severity: null, ...noDetails },
    work: { assignee: 'bob', reviewer: 'carol', quality: 5, accept: false },
  },
  { key: 'roadmap', draft: { title: 'Plan the Q1 roadmap', tier: 'S', kind: 'design', severity: null, ...noDetails } },
  {
    key: 'grant',
    draft: { title: 'Review the grant application', tier: 'B', kind: 'review', severity: null, ...noDetails },
  },
];

/** Alice's venture: three accepted tasks (paid through the real process manager), one awaiting acceptance, two open. */
export async function seedVenture(app: INestApplication, users: DemoUsers): Promise<void> {
  const commands = app.get(CommandBus);
  const { ventureId } = await commands.execute(
    new CreateVenture('Solar Co-op', demoFounders(users), seedContext(users.alice, 'venture')),
  );
  for (const task of TASKS) {
    const { taskId } = await commands.execute(
      new PostTask(ventureId, task.draft, seedContext(users.alice, 'task', task.key)),
    );
    if (!task.work) continue;
    const { assignee, reviewer, quality, accept } = task.work;
    await commands.execute(new ClaimTask(taskId, seedContext(users[assignee], task.key, 'claim')));
    await commands.execute(
      new SubmitTask(
        taskId,
        { note: 'Ready for review', links: ['https://example.org/solar-coop/pull/1'] },
        seedContext(users[assignee], task.key, 'submit'),
      ),
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

/** Alice founded it with Bob; the rest is the pool conversions grant from. */
function demoFounders(users: DemoUsers) {
  return [
    { userId: users.alice, bps: '6000' },
    { userId: users.bob, bps: '1500' },
  ];
}
