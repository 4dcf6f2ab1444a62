import type { Knex } from 'knex';
import type { TableNames } from '../../src/platform/projections/projection';
import { rowsByKey, upsertRows } from '../../src/platform/projections/projection-rows';
import type { WalletLedgerRow, WalletRow } from './wallets.contract';

/** Statements of the `wallets` projection, one per method, each covering a whole batch. */
export class WalletsRepository {
  constructor(
    private readonly knex: Knex.Transaction,
    private readonly tables: TableNames,
  ) {}

  async walletsOf(userIds: Iterable<string>): Promise<WalletRow[]> {
    return rowsByKey<WalletRow>(this.knex, this.tables.wallets, 'user_id', 'uuid', userIds);
  }

  /** The guard keeps a wallet that already took a later event, so a stale write is a no-op. */
  async writeWallets(rows: readonly WalletRow[]): Promise<void> {
    await upsertRows(this.knex, this.tables.wallets, rows, { conflictColumns: ['user_id'], newerBy: 'last_revision' });
  }

  /** Ledger rows are keyed by (user, revision): one already there stays as it is. */
  async appendLedgerRows(rows: readonly WalletLedgerRow[]): Promise<void> {
    await upsertRows(this.knex, this.tables.wallet_ledgers, rows, {
      conflictColumns: ['user_id', 'revision'],
      insertOnly: true,
    });
  }
}
