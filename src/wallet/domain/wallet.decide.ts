import type { KycStatus } from '../../identity/domain/roles';
import { assertNever } from '../../identity/domain/user.state';
import { DomainError } from '../../platform/http/domain-error';
import type { TaskTier } from '../../ventures/domain/task-accepted';
import { issuanceFor } from './issuance.formula';
import type { WalletEvent, WithholdReason } from './wallet.events';
import { availableBuz, type WalletState } from './wallet.state';

/** The accepted task and the outside facts its payout is decided on, read when it is paid (DESIGN §5). */
export interface IssuanceFacts {
  taskId: string;
  /** When the integration or the portal says the task was accepted: information only. */
  acceptedAt: string;
  /**
   * When the ledger recorded the acceptance (its TaskAccepted's occurredAt, from the server's
   * clock). Its UTC day is the day the cap counts against: fixed once recorded, so a re-run pays
   * against the same day, and out of the client's reach.
   */
  recordedAt: string;
  /** What the formula prices: the task's tier, its review quality, and its reviewers' reputations. */
  tier: TaskTier;
  quality: number;
  reviewerRepMicro: readonly bigint[];
  kycStatus: KycStatus;
  repMicro: bigint;
  /** null when the member has reported no device yet. */
  deviceCompliant: boolean | null;
  policy: { dailyCapBuz: bigint; minRepMicro: bigint };
}

/**
 * Commands on `wallet-<userId>`: a task's payout, and the conversion's moves. A conversion locks
 * what it asks for; when it settles, the BUZ that bought whole bp burns and the rest unlocks; a
 * request that ends otherwise (cancelled, rejected, expired) unlocks all it locked.
 */
export type WalletCommand =
  | ({ type: 'IssueBuz' } & IssuanceFacts)
  | { type: 'LockBuz'; conversionId: string; amountBuz: bigint }
  | { type: 'SettleConversion'; conversionId: string; burnedBuz: bigint; unlockedBuz: bigint }
  | { type: 'UnlockConversion'; conversionId: string; amountBuz: bigint };

export function decideWallet(command: WalletCommand, state: WalletState): WalletEvent[] {
  switch (command.type) {
    case 'IssueBuz':
      return decideIssuance(state, command);
    case 'LockBuz':
      return lockBuz(state, command.amountBuz, command.conversionId);
    case 'SettleConversion':
      return settlementMoves(command.conversionId, command.burnedBuz, command.unlockedBuz);
    case 'UnlockConversion':
      return [{ type: 'BuzUnlocked', data: { amountBuz: command.amountBuz.toString(), conversionId: command.conversionId } }];
    default:
      return assertNever(command);
  }
}

/** Only BUZ that is neither spent nor locked already can be locked for a conversion. */
function lockBuz(state: WalletState, amountBuz: bigint, conversionId: string): WalletEvent[] {
  const available = availableBuz(state);
  if (amountBuz > available) {
    throw new DomainError('INSUFFICIENT_BUZ', `Only ${available} BUZ are available to convert`, { availableBuz: available.toString(), requestedBuz: amountBuz.toString() });
  }
  return [{ type: 'BuzLocked', data: { amountBuz: amountBuz.toString(), conversionId } }];
}

/** A settlement burns and unlocks; a zero part writes no event. */
function settlementMoves(conversionId: string, burnedBuz: bigint, unlockedBuz: bigint): WalletEvent[] {
  const moves: WalletEvent[] = [];
  if (burnedBuz > 0n) moves.push({ type: 'BuzBurned', data: { amountBuz: burnedBuz.toString(), conversionId } });
  if (unlockedBuz > 0n) moves.push({ type: 'BuzUnlocked', data: { amountBuz: unlockedBuz.toString(), conversionId } });
  return moves;
}

/**
 * Pay a task: the formula prices it, every failed gate is recorded with its reason, nothing is
 * dropped silently. When the gates pass, the award is clamped to what is left of the day's cap.
 */
function decideIssuance(state: WalletState, facts: IssuanceFacts): WalletEvent[] {
  const { buz: requestedBuz, inputs } = issuanceFor(facts.tier, facts.quality, facts.reviewerRepMicro);
  const day = capDay(facts);
  const withhold = (reason: WithholdReason, detail: string): WalletEvent => ({
    type: 'BuzIssuanceWithheld',
    data: { taskId: facts.taskId, day, acceptedAt: facts.acceptedAt, reason, requestedBuz: requestedBuz.toString(), detail },
  });
  const withheld = failedGates(facts).map(([reason, detail]) => withhold(reason, detail));
  if (withheld.length > 0) return withheld;
  const remaining = facts.policy.dailyCapBuz - (state.issuedByDay[day] ?? 0n);
  if (remaining <= 0n) return [withhold('CAP', `the daily cap of ${facts.policy.dailyCapBuz} BUZ for ${day} is used up`)];
  const amount = requestedBuz < remaining ? requestedBuz : remaining;
  const { taskId, acceptedAt } = facts;
  return [{ type: 'BuzIssued', data: { taskId, day, acceptedAt, amountBuz: amount.toString(), requestedBuz: requestedBuz.toString(), capped: amount < requestedBuz, inputs } }];
}

/** YYYY-MM-DD (UTC) of the recording: the key of `issuedByDay`. */
function capDay(facts: IssuanceFacts): string {
  return new Date(facts.recordedAt).toISOString().slice(0, 10);
}

function failedGates(facts: IssuanceFacts): [WithholdReason, string][] {
  const failed: [WithholdReason, string][] = [];
  if (facts.kycStatus !== 'PASSED') failed.push(['KYC', `KYC is ${facts.kycStatus}, it must be PASSED`]);
  if (facts.repMicro < facts.policy.minRepMicro) {
    failed.push(['REPUTATION', `reputation ${formatPoints(facts.repMicro)} is below ${formatPoints(facts.policy.minRepMicro)}`]);
  }
  if (facts.deviceCompliant !== true) {
    failed.push(['DEVICE', facts.deviceCompliant === null ? 'no device posture reported yet' : 'a device is not compliant (disk encryption, OS updates, screen lock)']);
  }
  return failed;
}

export function formatPoints(micro: bigint): string {
  const whole = micro / 1_000_000n;
  const fraction = (micro % 1_000_000n).toString().padStart(6, '0').slice(0, 3);
  return `${whole}.${fraction}`;
}
