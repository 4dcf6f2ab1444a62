import { Command } from '@nestjs/cqrs';

/**
 * Ends a conversion's lock on the wallet: burn `burnBuz` (the BUZ that bought equity) and unlock
 * `unlockBuz` (the rest; all of it when the conversion ended without a settlement). One command,
 * so both moves are one append under one derived command id: a redelivery writes neither again.
 */
export class ReleaseLockedBuz extends Command<{ written: boolean }> {
  constructor(
    readonly userId: string,
    readonly conversionId: string,
    readonly burnBuz: bigint,
    readonly unlockBuz: bigint,
    readonly causationId: string,
  ) {
    super();
  }
}
