import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { z } from 'zod';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import type { WalletLedgerRow } from '../../../projections/wallets/wallets.repository';
import { KNEX } from '../../platform/platform.tokens';

export const walletPageSchema = z
  .object({
    cursor: z.coerce.number().int().min(0, 'cursor is a revision from nextCursor').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

type LedgerRow = Omit<WalletLedgerRow, 'user_id' | 'event_id'>;

/** The member's wallet from the read models: amounts as strings, the ledger newest first. */
@Injectable()
export class WalletQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forUser(userId: string, page: z.infer<typeof walletPageSchema>) {
    const day = this.clock.now().toISOString().slice(0, 10);
    const [wallet, today, rows] = await Promise.all([
      this.knex<{ user_id: string; balance_buz: string; locked_buz: string }>('wallets').where({ user_id: userId }).first(),
      this.knex('wallet_ledgers').where({ user_id: userId, day, type: 'BuzIssued' }).sum<{ issued: string | null }[]>({ issued: 'amount_buz' }).first(),
      this.ledgerPage(userId, page),
    ]);
    const balance = BigInt(wallet?.balance_buz ?? 0);
    const locked = BigInt(wallet?.locked_buz ?? 0);
    const issuedToday = BigInt(today?.issued ?? 0);
    const cap = BigInt(this.config.DAILY_CAP_BUZ);
    const hasMore = rows.length > page.limit;
    const ledger = rows.slice(0, page.limit);
    return {
      balanceBuz: balance.toString(),
      pendingLockBuz: locked.toString(),
      availableBuz: (balance - locked).toString(),
      day,
      issuedTodayBuz: issuedToday.toString(),
      dailyCapBuz: cap.toString(),
      capRemainingBuz: (issuedToday >= cap ? 0n : cap - issuedToday).toString(),
      ledger: ledger.map(toEntry),
      nextCursor: hasMore ? Number(ledger[ledger.length - 1].revision) : null,
    };
  }

  private ledgerPage(userId: string, page: z.infer<typeof walletPageSchema>): Promise<LedgerRow[]> {
    const query = this.knex('wallet_ledgers').where({ user_id: userId }).orderBy('revision', 'desc').limit(page.limit + 1);
    return (page.cursor === undefined ? query : query.andWhere('revision', '<', page.cursor)) as Promise<LedgerRow[]>;
  }
}

function toEntry(row: LedgerRow) {
  return {
    revision: Number(row.revision),
    type: row.type,
    amountBuz: row.amount_buz,
    taskId: row.task_id,
    conversionId: row.conversion_id,
    day: row.day,
    reason: row.reason,
    detail: row.detail,
    hash: row.hash,
    prevHash: row.prev_hash,
    occurredAt: row.occurred_at,
  };
}
