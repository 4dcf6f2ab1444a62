import type { WalletEvent } from '../../src/wallet/domain/wallet.events';

/** The wallets read model's rows, as the wallet's queries read them: its public contract. */

/** A `wallets` row as pg returns it: bigints as text. */
export interface WalletRow {
  user_id: string;
  balance_buz: string;
  locked_buz: string;
  last_revision: string;
}

export interface WalletLedgerRow {
  user_id: string;
  revision: string;
  event_id: string;
  type: WalletEvent['type'];
  amount_buz: string | null;
  task_id: string | null;
  conversion_id: string | null;
  day: string | null;
  reason: string | null;
  detail: string | null;
  hash: string;
  prev_hash: string;
  occurred_at: string;
}
