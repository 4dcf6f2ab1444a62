import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import type { Reactor } from '../platform/reactors/reactor';
import { AwardTaskXp } from '../progress/commands/award-xp.command';
import type { TaskAcceptedData } from '../ventures/domain/task-accepted.events';
import { IssueBuz } from '../wallet/commands/issue-buz.command';
import { FactsReader } from './facts.reader';
import type { Payout } from './payout.contract';

/**
 * The earning process manager: TaskAccepted → IssueBuz on the assignee's wallet and XP on the
 * members' streams. It runs on one leader with a checkpoint; delivery is at-least-once and every
 * command's ids derive from the task, so a re-run writes nothing new. A batch's facts (KYC,
 * devices, reputations) are read once; then each wallet and each member stream gets one append
 * for all of its tasks in the batch, in feed order.
 */
@Injectable()
export class TaskAcceptedReactor implements Reactor {
  readonly name = 'earning_process';
  readonly canHandle = ['TaskAccepted'];

  constructor(
    private readonly commands: CommandBus,
    private readonly facts: FactsReader,
  ) {}

  async react(events: readonly RecordedEvent[]): Promise<void> {
    // The cap's day comes from the recorded event, so a batch run again later pays against the same day.
    const payouts: Payout[] = events.map((event) => ({
      accepted: event.data as TaskAcceptedData,
      causationId: event.eventId,
      recordedAt: event.metadata.occurredAt,
    }));
    const facts = await this.facts.forPayouts(payouts.map((payout) => payout.accepted));
    // BUZ and XP go to different streams and neither reads the other, so they are written side by side.
    await Promise.all([
      this.commands.execute(new IssueBuz(payouts, facts)),
      this.commands.execute(new AwardTaskXp(payouts, facts)),
    ]);
  }
}
