import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { GrantRole } from '../../src/identity/commands/user.commands';
import { windowScheduledSchema } from '../../src/conversion/http/conversion.responses';
import { CLOCK, type Clock } from '../../src/shared-kernel/clock';
import { acceptance, eligibleMember, givenReputation, integrationAuth } from './earning';
import { enrollMfa, type TestUser } from './identity';
import { json } from './json';
import type { TestApp } from './test-app';

/** An eligible member who earned `tasks` × 180 BUZ (tier A, quality 4, a reviewer at rep 100). */
export async function memberWithBuz(app: TestApp, officer: TestUser, reviewer: TestUser, tasks = 1): Promise<TestUser> {
  const member = await eligibleMember(app, officer);
  await givenReputation(app, reviewer.userId, 100);
  const system = await integrationAuth(app);
  for (let task = 0; task < tasks; task += 1) {
    await request(app.baseUrl)
      .post('/api/v1/events/task/accepted')
      .set(system)
      .send(acceptance(member.userId, [reviewer.userId], { acceptedAt: new Date().toISOString() }))
      .expect(200);
  }
  return member;
}

export async function makeBoardMember(app: TestApp, user: TestUser): Promise<TestUser> {
  await app.app
    .get(CommandBus)
    .execute(new GrantRole(user.userId, 'board', { commandId: randomUUID(), actorId: null }));
  return user.totpSecret ? user : enrollMfa(app, user);
}

/** A window opened now on the app's clock (by running the job) that closes after `openForMs`. */
export async function openWindow(
  app: TestApp,
  board: TestUser,
  admin: TestUser,
  options: { ventureId: string; rateBps: string; poolCapBps?: string | null; openForMs: number },
) {
  const now = app.app.get<Clock>(CLOCK).now().getTime();
  const scheduled = await request(app.baseUrl)
    .post('/api/v1/conversion-windows')
    .set(board.auth)
    .send({
      ventureId: options.ventureId,
      opensAt: new Date(now - 1000).toISOString(),
      closesAt: new Date(now + options.openForMs).toISOString(),
      equityRateBps: options.rateBps,
      poolCapBps: options.poolCapBps ?? null,
    })
    .expect(201);
  await app.waitForProjections();
  await runWindowsJob(app, admin);
  return { windowId: json(scheduled, windowScheduledSchema).windowId, closesAt: now + options.openForMs };
}

export async function runWindowsJob(app: TestApp, admin: TestUser): Promise<void> {
  await request(app.baseUrl).post('/api/v1/admin/jobs/conversion-windows/run').set(admin.auth).send({}).expect(200);
  await app.waitForProjections();
}
