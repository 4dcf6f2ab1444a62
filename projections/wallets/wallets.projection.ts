import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import type { WalletEvent } from '../../src/wallet/domain/wallet.events';
import { assertNever } from '../../src/shared-kernel/assert-never';
import type { WalletLedgerRow, WalletRow } from './wallets.contract';
import { WalletsRepository } from './wallets.repository';

/**
 * Balance, locked amount and one ledger row per event (with its chain hashes) per wallet. Per
 * batch: load the touched wallets, fold the events' deltas into them, write the changed ones and
 * the new ledger rows back. A wallet remembers the last revision it took in, so a redelivered
 * event adds nothing.
 */
export const walletsProjection: Projection = {
  name: 'wallets',
  tables: ['wallets', 'wallet_ledgers'],
  canHandle: ['BuzIssued', 'BuzIssuanceWithheld', 'BuzLocked', 'BuzUnlocked', 'BuzBurned', 'BuzAdjusted'],
  async apply(transaction, events, tables) {
    const repository = new WalletsRepository(transaction, tables);
    const walletEvents = events.filter((event) => event.streamId.startsWith('wallet-'));
    await repository.appendLedgerRows(ledgerRows(walletEvents));
    const before = new Map((await repository.walletsOf(walletEvents.map(userIdOf))).map((row) => [row.user_id, row]));
    const after = foldWallets(before, walletEvents);
    await repository.writeWallets([...after.values()].filter((row) => row !== before.get(row.user_id)));
  },
};

/** Pure: the wallet rows after the batch, starting from the stored ones (a new wallet from zero). */
export function foldWallets(
  stored: ReadonlyMap<string, WalletRow>,
  events: readonly RecordedEvent[],
): Map<string, WalletRow> {
  const rows = new Map(stored);
  for (const event of events) {
    const userId = userIdOf(event);
    const row = rows.get(userId) ?? { user_id: userId, balance_buz: '0', locked_buz: '0', last_revision: '-1' };
    rows.set(userId, evolveWalletRow(row, event));
  }
  return rows;
}

function evolveWalletRow(row: WalletRow, event: RecordedEvent): WalletRow {
  if (BigInt(row.last_revision) >= event.revision) return row;
  const { balance, locked } = deltas({ type: event.type, data: event.data } as WalletEvent);
  return {
    user_id: row.user_id,
    balance_buz: (BigInt(row.balance_buz) + balance).toString(),
    locked_buz: (BigInt(row.locked_buz) + locked).toString(),
    last_revision: event.revision.toString(),
  };
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

/** One row per (user, revision): a duplicate inside the batch is dropped here, one stored earlier by the insert. */
function ledgerRows(events: readonly RecordedEvent[]): WalletLedgerRow[] {
  const rows = new Map<string, WalletLedgerRow>();
  for (const event of events) {
    const row = ledgerRow(userIdOf(event), event);
    rows.set(`${row.user_id}:${row.revision}`, rows.get(`${row.user_id}:${row.revision}`) ?? row);
  }
  return [...rows.values()];
}

function ledgerRow(userId: string, event: RecordedEvent): WalletLedgerRow {
  const data = event.data as Record<string, unknown>;
  return {
    user_id: userId,
    revision: event.revision.toString(),
    event_id: event.eventId,
    type: event.type as WalletEvent['type'],
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

function userIdOf(event: RecordedEvent): string {
  return event.streamId.slice('wallet-'.length);
}
