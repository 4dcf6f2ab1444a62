import { Command } from '@nestjs/cqrs';

/** An endorsement received: its weight for reputation, and XP up to the day's cap. Idempotent by endorsement. */
export class CreditEndorsement extends Command<void> {
  constructor(
    readonly credit: { endorseeId: string; endorsementId: string; day: string; weightMilli: number },
    readonly causationId: string,
  ) {
    super();
  }
}

/** A badge's 50 XP (and its place in the day's reputation). Idempotent by award event. */
export class AwardBadgeXp extends Command<void> {
  constructor(
    readonly award: { userId: string; badgeCode: string; day: string },
    readonly causationId: string,
  ) {
    super();
  }
}
