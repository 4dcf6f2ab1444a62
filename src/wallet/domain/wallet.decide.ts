import type { KycStatus } from '../../identity/domain/roles.contract';
import type { IssuanceInputs, WalletEvent, WithholdReason } from './wallet.events';
import type { WalletState } from './wallet.state';

/** Outside facts the gates need, read when the task's payout is decided (DESIGN §5). */
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
  requestedBuz: bigint;
  inputs: IssuanceInputs;
  kycStatus: KycStatus;
  repMicro: bigint;
  /** null when the member has reported no device yet. */
  deviceCompliant: boolean | null;
  policy: { dailyCapBuz: bigint; minRepMicro: bigint };
}

/**
 * Pay a task: every failed gate is recorded with its reason, nothing is dropped silently. When
 * the gates pass, the award is clamped to what is left of the day's cap.
 */
export function decideIssuance(state: WalletState, facts: IssuanceFacts): WalletEvent[] {
  const day = capDay(facts);
  const withheld = failedGates(facts).map(([reason, detail]) => withhold(facts, reason, detail));
  if (withheld.length > 0) return withheld;
  const remaining = facts.policy.dailyCapBuz - (state.issuedByDay[day] ?? 0n);
  if (remaining <= 0n) return [withhold(facts, 'CAP', `the daily cap of ${facts.policy.dailyCapBuz} BUZ for ${day} is used up`)];
  const amount = facts.requestedBuz < remaining ? facts.requestedBuz : remaining;
  return [
    {
      type: 'BuzIssued',
      data: {
        taskId: facts.taskId,
        day,
        acceptedAt: facts.acceptedAt,
        amountBuz: amount.toString(),
        requestedBuz: facts.requestedBuz.toString(),
        capped: amount < facts.requestedBuz,
        inputs: facts.inputs,
      },
    },
  ];
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

function withhold(facts: IssuanceFacts, reason: WithholdReason, detail: string): WalletEvent {
  return { type: 'BuzIssuanceWithheld', data: { taskId: facts.taskId, day: capDay(facts), acceptedAt: facts.acceptedAt, reason, requestedBuz: facts.requestedBuz.toString(), detail } };
}

export function formatPoints(micro: bigint): string {
  const whole = micro / 1_000_000n;
  const fraction = (micro % 1_000_000n).toString().padStart(6, '0').slice(0, 3);
  return `${whole}.${fraction}`;
}
