import { getJson, type RequestOptions } from './http';

export const WALLET_ENTRY_TYPES = ['BuzIssued', 'BuzIssuanceWithheld', 'BuzLocked', 'BuzUnlocked', 'BuzBurned', 'BuzAdjusted'] as const;
export type WalletEntryType = (typeof WALLET_ENTRY_TYPES)[number];

/** Why an award was withheld: one entry per gate that failed at payout time. */
export const WITHHOLD_REASONS = ['KYC', 'REPUTATION', 'DEVICE', 'CAP'] as const;
export type WithholdReason = (typeof WITHHOLD_REASONS)[number];

/** One event of the member's `wallet-<userId>` stream. BUZ amounts are integer strings. */
export interface WalletEntry {
  /** The event's revision in the wallet stream; pages are cut by it. */
  revision: number;
  type: WalletEntryType;
  /** Null for a withheld award: nothing moved. */
  amountBuz: string | null;
  taskId: string | null;
  conversionId: string | null;
  /** YYYY-MM-DD (UTC) the daily cap counts the award against. */
  day: string | null;
  /** A WithholdReason for withheld awards; free text for adjustments. */
  reason: string | null;
  /** Why it was withheld, in words the member can act on. */
  detail: string | null;
  /** SHA-256 of the event in the stream's hash chain, 64 hex digits. */
  hash: string;
  prevHash: string;
  /** ISO 8601. */
  occurredAt: string;
}

export interface Wallet {
  balanceBuz: string;
  pendingLockBuz: string;
  availableBuz: string;
  /** Today, YYYY-MM-DD in UTC: the day the cap figures are for. */
  day: string;
  issuedTodayBuz: string;
  dailyCapBuz: string;
  capRemainingBuz: string;
  /** Newest first. */
  ledger: WalletEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

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
  const query = new URLSearchParams();
  if (page.cursor !== undefined) query.set('cursor', String(page.cursor));
  if (page.limit !== undefined) query.set('limit', String(page.limit));
  const search = query.toString();
  return getJson(`/api/v1/wallet/me${search ? `?${search}` : ''}`, options);
}
