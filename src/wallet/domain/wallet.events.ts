/**
 * Events of `wallet-<userId>`. Amounts are integer BUZ sent as decimal strings (`amountBuz`),
 * never JSON numbers, so no reader ever sees a float.
 */
export const WITHHOLD_REASONS = ['KYC', 'REPUTATION', 'DEVICE', 'CAP'] as const;
export type WithholdReason = (typeof WITHHOLD_REASONS)[number];

/** Every input of the issuance formula, recorded so anyone can recompute the award. */
export interface IssuanceInputs {
  [key: string]: string | number | string[];
  tier: string;
  tierBaseBuz: number;
  quality: number;
  qualityMultiplier: string;
  reviewerRepMicro: string[];
  avgReviewerRepMicro: string;
  reviewerCred: string;
  /** tierBase × qualityMultiplier × reviewerCred before the one rounding. */
  exactBuz: string;
}

/**
 * `day` is the UTC day the cap counts against: the day the ledger recorded the acceptance.
 * `acceptedAt` is the acceptance's own claim, recorded since the cap stopped using it; events
 * written before then have no `acceptedAt`, and their `day` was the acceptedAt's day.
 */
export type WalletEvent =
  | {
      type: 'BuzIssued';
      data: {
        taskId: string;
        day: string;
        acceptedAt?: string;
        amountBuz: string;
        requestedBuz: string;
        capped: boolean;
        inputs: IssuanceInputs;
      };
    }
  | {
      type: 'BuzIssuanceWithheld';
      data: {
        taskId: string;
        day: string;
        acceptedAt?: string;
        reason: WithholdReason;
        requestedBuz: string;
        detail: string;
      };
    }
  | { type: 'BuzLocked'; data: { amountBuz: string; conversionId: string } }
  | { type: 'BuzUnlocked'; data: { amountBuz: string; conversionId: string } }
  | { type: 'BuzBurned'; data: { amountBuz: string; conversionId: string } }
  | { type: 'BuzAdjusted'; data: { amountBuz: string; reason: string } };

export const WALLET_EVENT_TYPES = [
  'BuzIssued',
  'BuzIssuanceWithheld',
  'BuzLocked',
  'BuzUnlocked',
  'BuzBurned',
  'BuzAdjusted',
] as const satisfies readonly WalletEvent['type'][];

export const walletStream = (userId: string) => `wallet-${userId}`;
