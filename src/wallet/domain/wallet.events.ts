/**
 * Events of `wallet-<userId>`. Amounts are integer BUZ sent as decimal strings (`amountBuz`),
 * never JSON numbers, so no reader ever sees a float.
 */
export type WithholdReason = 'KYC' | 'REPUTATION' | 'DEVICE' | 'CAP';

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

export type WalletEvent =
  | { type: 'BuzIssued'; data: { taskId: string; day: string; amountBuz: string; requestedBuz: string; capped: boolean; inputs: IssuanceInputs } }
  | { type: 'BuzIssuanceWithheld'; data: { taskId: string; day: string; reason: WithholdReason; requestedBuz: string; detail: string } }
  | { type: 'BuzLocked'; data: { amountBuz: string; conversionId: string } }
  | { type: 'BuzUnlocked'; data: { amountBuz: string; conversionId: string } }
  | { type: 'BuzBurned'; data: { amountBuz: string; conversionId: string } }
  | { type: 'BuzAdjusted'; data: { amountBuz: string; reason: string } };

export const walletStream = (userId: string) => `wallet-${userId}`;
