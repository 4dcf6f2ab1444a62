import { apiGet, everyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type Wallet = ResponseOf<'/api/v1/wallet/me', 'get'>;
/** One event of the member's `wallet-<userId>` stream. BUZ amounts are integer strings. */
export type WalletEntry = Wallet['ledger'][number];
export type WalletEntryType = WalletEntry['type'];
export const WALLET_ENTRY_TYPES = everyOf<WalletEntryType>()([
  'BuzIssued',
  'BuzIssuanceWithheld',
  'BuzLocked',
  'BuzUnlocked',
  'BuzBurned',
  'BuzAdjusted',
]);

/** Why an award was withheld: one entry per gate that failed at payout time (the server sends it as `reason`). */
export const WITHHOLD_REASONS = ['KYC', 'REPUTATION', 'DEVICE', 'CAP'] as const;
export type WithholdReason = (typeof WITHHOLD_REASONS)[number];

export interface WalletPage {
  cursor?: number;
  /** 1–200; the server's default is 50. */
  limit?: number;
}

/**
 * The signed-in member's wallet. A read model: an award shows up here a few hundred ms after
 * the task was accepted, because a process manager issues it.
 */
export function getMyWallet(page: WalletPage = {}, options?: RequestOptions): Promise<Wallet> {
  return apiGet('/api/v1/wallet/me', { query: page }, options);
}
