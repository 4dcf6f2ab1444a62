import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { z } from 'zod';
import { userStream } from '../../identity/domain/user.events';
import { deviceCompliance, userDecider } from '../../identity/identity.contract';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { KNEX } from '../../platform/platform.tokens';
import { memberStream } from '../../progress/domain/member.events';
import { memberDecider } from '../../progress/progress.contract';
import { MICRO_PER_POINT } from '../domain/issuance-formula.contract';
import { payoutGates } from '../domain/wallet.decide';
import { entryFactsOf, factsFor, ledgerPageQuery, type EntryFacts, type LedgerPageRow } from './wallet-ledger';

export const walletPageSchema = z
  .object({
    cursor: z.coerce.number().int().min(0, 'cursor is a revision from nextCursor').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The member's wallet from the read models: amounts as strings, the ledger newest first. */
@Injectable()
export class WalletQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: StreamWriter,
  ) {}

  async forUser(userId: string, page: z.infer<typeof walletPageSchema>) {
    const day = this.clock.now().toISOString().slice(0, 10);
    const [wallet, today, rows, gates] = await Promise.all([
      this.knex<{ user_id: string; balance_buz: string; locked_buz: string }>('wallets')
        .where({ user_id: userId })
        .first(),
      this.knex('wallet_ledgers')
        .where({ user_id: userId, day, type: 'BuzIssued' })
        .sum<{ issued: string | null }[]>({ issued: 'amount_buz' })
        .first(),
      ledgerPageQuery(this.knex, userId, page.limit + 1, page.cursor) as Promise<LedgerPageRow[]>,
      this.gatesNow(userId),
    ]);
    const balance = BigInt(wallet?.balance_buz ?? 0);
    const locked = BigInt(wallet?.locked_buz ?? 0);
    const issuedToday = BigInt(today?.issued ?? 0);
    const cap = BigInt(this.config.DAILY_CAP_BUZ);
    const hasMore = rows.length > page.limit;
    const ledger = rows.slice(0, page.limit);
    const facts = await entryFactsOf(
      this.store,
      userId,
      ledger.map((row) => Number(row.revision)),
    );
    return {
      balanceBuz: balance.toString(),
      pendingLockBuz: locked.toString(),
      availableBuz: (balance - locked).toString(),
      day,
      issuedTodayBuz: issuedToday.toString(),
      dailyCapBuz: cap.toString(),
      capRemainingBuz: (issuedToday >= cap ? 0n : cap - issuedToday).toString(),
      gates,
      ledger: ledger.map((row) => toEntry(row, factsFor(facts, Number(row.revision)))),
      nextCursor: hasMore ? Number(ledger[ledger.length - 1].revision) : null,
    };
  }

  /** The payout gates as they stand now, from the same streams and rule issuance uses. */
  private async gatesNow(userId: string) {
    const [user, member] = await Promise.all([
      this.streams.load(userStream(userId), userDecider),
      this.streams.load(memberStream(userId), memberDecider),
    ]);
    const minRepMicro = BigInt(this.config.MIN_REPUTATION_POINTS) * MICRO_PER_POINT;
    return payoutGates({
      kycStatus: user.kycStatus,
      repMicro: member.repMicro,
      deviceCompliant: deviceCompliance(user),
      policy: { minRepMicro },
    });
  }
}

function toEntry(row: LedgerPageRow, facts: EntryFacts) {
  return {
    revision: Number(row.revision),
    type: row.type,
    amountBuz: row.amount_buz,
    balanceAfterBuz: row.balance_after_buz,
    taskId: row.task_id,
    taskTitle: row.task_title,
    conversionId: row.conversion_id,
    day: row.day,
    reason: row.reason,
    detail: row.detail,
    requestedBuz: facts.requestedBuz,
    award: facts.award,
    hash: row.hash,
    prevHash: row.prev_hash,
    occurredAt: row.occurred_at,
  };
}
