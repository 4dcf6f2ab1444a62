import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import type { Projection } from '../platform/projections/projection';
import { ProjectionsService } from '../platform/projections/projections.service';
import { AwardTaskXp } from '../progress/commands/award-xp.command';
import type { TaskAcceptedData } from '../ventures/domain/task-accepted';
import { IssueBuz } from '../wallet/commands/issue-buz.command';

/**
 * The earning process manager: TaskAccepted → IssueBuz on the assignee's wallet and XP on the
 * members' streams. It runs on one leader with a checkpoint like a projection; delivery is
 * at-least-once and every command's ids derive from the task, so a re-run writes nothing new.
 * Different assignees are paid in parallel; one assignee's tasks strictly in feed order.
 */
@Injectable()
export class TaskAcceptedReactor implements Projection, OnModuleInit {
  readonly name = 'earning_process';
  readonly tables = [];
  readonly canHandle = ['TaskAccepted'];

  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionsService,
  ) {}

  onModuleInit(): void {
    this.projections.registerReactor(this);
  }

  async apply(_transaction: unknown, events: readonly RecordedEvent[]): Promise<void> {
    const byAssignee = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const assigneeId = (event.data as TaskAcceptedData).assigneeId;
      byAssignee.set(assigneeId, [...(byAssignee.get(assigneeId) ?? []), event]);
    }
    await Promise.all([...byAssignee.values()].map((own) => this.payInOrder(own)));
  }

  private async payInOrder(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const accepted = event.data as TaskAcceptedData;
      await this.commands.execute(new IssueBuz(accepted, event.eventId));
      await this.commands.execute(new AwardTaskXp(accepted, event.eventId));
    }
  }
}
