import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import type { WalletEvent } from '../../src/wallet/domain/wallet.events';
import { assertNever } from '../../src/identity/domain/user.state';

/** Balance, locked amount and one ledger row per event (with its chain hashes) per wallet. */
export const walletsProjection: Projection = {
  name: 'wallets',
  tables: ['wallets', 'wallet_ledgers'],
  canHandle: ['BuzIssued', 'BuzIssuanceWithheld', 'BuzLocked', 'BuzUnlocked', 'BuzBurned', 'BuzAdjusted'],
  async apply(transaction, events, tables) {
    for (const event of events) {
      if (!event.streamId.startsWith('wallet-')) continue;
      const userId = event.streamId.slice('wallet-'.length);
      await transaction(tables.wallet_ledgers).insert(ledgerRow(userId, event)).onConflict(['user_id', 'revision']).ignore();
      await applyBalances(transaction, tables.wallets, userId, event);
    }
  },
};

/** Balance deltas apply once: the row remembers the last revision it took in. */
async function applyBalances(knex: Knex.Transaction, table: string, userId: string, event: RecordedEvent): Promise<void> {
  const { balance, locked } = deltas({ type: event.type, data: event.data } as WalletEvent);
  await knex(table).insert({ user_id: userId }).onConflict('user_id').ignore();
  await knex(table)
    .where({ user_id: userId })
    .andWhere('last_revision', '<', event.revision.toString())
    .update({
      balance_buz: knex.raw('balance_buz + ?::bigint', [balance.toString()]),
      locked_buz: knex.raw('locked_buz + ?::bigint', [locked.toString()]),
      last_revision: event.revision.toString(),
    });
}

function deltas(event: WalletEvent): { balance: bigint; locked: bigint } {
  switch (event.type) {
    case 'BuzIssued':
    case 'BuzAdjusted':
      return { balance: BigInt(event.data.amountBuz), locked: 0n };
    case 'BuzIssuanceWithheld':
      return { balance: 0n, locked: 0n };
    case 'BuzLocked':
      return { balance: 0n, locked: BigInt(event.data.amountBuz) };
    case 'BuzUnlocked':
      return { balance: 0n, locked: -BigInt(event.data.amountBuz) };
    case 'BuzBurned':
      return { balance: -BigInt(event.data.amountBuz), locked: -BigInt(event.data.amountBuz) };
    default:
      return assertNever(event);
  }
}

function ledgerRow(userId: string, event: RecordedEvent) {
  const data = event.data as Record<string, unknown>;
  return {
    user_id: userId,
    revision: event.revision.toString(),
    event_id: event.eventId,
    type: event.type,
    amount_buz: (data.amountBuz as string | undefined) ?? null,
    task_id: (data.taskId as string | undefined) ?? null,
    conversion_id: (data.conversionId as string | undefined) ?? null,
    day: (data.day as string | undefined) ?? null,
    reason: (data.reason as string | undefined) ?? null,
    detail: (data.detail as string | undefined) ?? null,
    hash: event.hash,
    prev_hash: event.prevHash,
    occurred_at: event.metadata.occurredAt,
  };
}
