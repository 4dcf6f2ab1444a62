import type { KycStatus } from '../../identity/domain/roles.contract';
import { assertNever } from '../../shared-kernel/assert-never';
import { DomainError } from '../../shared-kernel/domain-error';
import type { TaskTier } from '../../ventures/domain/task-accepted.events';
import { issuanceFor } from './issuance-formula.contract';
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
  | { type: 'ReleaseLock'; conversionId: string; burnedBuz: bigint; unlockedBuz: bigint };

export function decideWallet(command: WalletCommand, state: WalletState): WalletEvent[] {
  switch (command.type) {
    case 'IssueBuz':
      return decideIssuance(state, command);
    case 'LockBuz':
      return lockBuz(state, command.amountBuz, command.conversionId);
    case 'ReleaseLock':
      return releaseMoves(command.conversionId, command.burnedBuz, command.unlockedBuz);
    default:
      return assertNever(command);
  }
}

/** Only BUZ that is neither spent nor locked already can be locked for a conversion. */
function lockBuz(state: WalletState, amountBuz: bigint, conversionId: string): WalletEvent[] {
  const available = availableBuz(state);
  if (amountBuz > available) {
    throw new DomainError('INSUFFICIENT_BUZ', `Only ${available} BUZ are available to convert`, {
      availableBuz: available.toString(),
      requestedBuz: amountBuz.toString(),
    });
  }
  return [{ type: 'BuzLocked', data: { amountBuz: amountBuz.toString(), conversionId } }];
}

/** A settlement burns what bought equity and unlocks the rest; any other end unlocks all. A zero part writes no event. */
function releaseMoves(conversionId: string, burnedBuz: bigint, unlockedBuz: bigint): WalletEvent[] {
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
    data: {
      taskId: facts.taskId,
      day,
      acceptedAt: facts.acceptedAt,
      reason,
      requestedBuz: requestedBuz.toString(),
      detail,
    },
  });
  const withheld = failedGates(facts).map(([reason, detail]) => withhold(reason, detail));
  if (withheld.length > 0) return withheld;
  const remaining = facts.policy.dailyCapBuz - (state.issuedByDay[day] ?? 0n);
  if (remaining <= 0n)
    return [withhold('CAP', `the daily cap of ${facts.policy.dailyCapBuz} BUZ for ${day} is used up`)];
  const amount = requestedBuz < remaining ? requestedBuz : remaining;
  const { taskId, acceptedAt } = facts;
  return [
    {
      type: 'BuzIssued',
      data: {
        taskId,
        day,
        acceptedAt,
        amountBuz: amount.toString(),
        requestedBuz: requestedBuz.toString(),
        capped: amount < requestedBuz,
        inputs,
      },
    },
  ];
}

/** YYYY-MM-DD (UTC) of the recording: the key of `issuedByDay`. */
function capDay(facts: IssuanceFacts): string {
  return new Date(facts.recordedAt).toISOString().slice(0, 10);
}

function failedGates(facts: IssuanceFacts): [WithholdReason, string][] {
  return payoutGates(facts)
    .filter((gate) => !gate.passing)
    .map((gate) => [gate.gate, gate.detail]);
}

/** The gates a payout passes before the cap: the reasons a withheld award can have, but CAP. */
export type PayoutGate = Exclude<WithholdReason, 'CAP'>;

export interface PayoutGateState {
  gate: PayoutGate;
  passing: boolean;
  detail: string;
}

/**
 * Every gate with its state on these facts: what issuance withholds for, and what the wallet
 * shows as the gates' state now (so an old withholding is never read as today's state).
 */
export function payoutGates(
  facts: Pick<IssuanceFacts, 'kycStatus' | 'repMicro' | 'deviceCompliant'> & {
    policy: Pick<IssuanceFacts['policy'], 'minRepMicro'>;
  },
): PayoutGateState[] {
  const { kycStatus, repMicro, deviceCompliant, policy } = facts;
  const reputationOk = repMicro >= policy.minRepMicro;
  return [
    {
      gate: 'KYC',
      passing: kycStatus === 'PASSED',
      detail: kycStatus === 'PASSED' ? 'KYC is PASSED' : `KYC is ${kycStatus}, it must be PASSED`,
    },
    {
      gate: 'REPUTATION',
      passing: reputationOk,
      detail: `reputation ${formatPoints(repMicro)} is ${reputationOk ? 'at least' : 'below'} ${formatPoints(policy.minRepMicro)}`,
    },
    { gate: 'DEVICE', passing: deviceCompliant === true, detail: deviceDetail(deviceCompliant) },
  ];
}

function deviceDetail(deviceCompliant: boolean | null): string {
  if (deviceCompliant === null) return 'no device posture reported yet';
  return deviceCompliant
    ? 'every reported device is compliant'
    : 'a device is not compliant (disk encryption, OS updates, screen lock)';
}

export function formatPoints(micro: bigint): string {
  const whole = micro / 1_000_000n;
  const fraction = (micro % 1_000_000n).toString().padStart(6, '0').slice(0, 3);
  return `${whole}.${fraction}`;
}
