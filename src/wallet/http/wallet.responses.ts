import { z } from 'zod';
import { calendarDay, hexBytes, instant, integerText } from '../../platform/http/response-fields';
import { WALLET_EVENT_TYPES } from '../domain/wallet.events';

/** One event of the member's `wallet-<userId>` stream. BUZ amounts are integer strings. */
const walletEntry = z.strictObject({
  revision: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: "The event's revision in the wallet stream; pages are cut by it." }),
  type: z.enum(WALLET_EVENT_TYPES),
  amountBuz: integerText.nullable().meta({ description: 'Null for a withheld award: nothing moved.' }),
  balanceAfterBuz: integerText.meta({
    description: 'The balance right after this entry (locks and unlocks do not move it).',
  }),
  taskId: z.string().nullable().meta({ description: "A portal task's UUID, or an integration's own task id." }),
  taskTitle: z
    .string()
    .nullable()
    .meta({ description: "The portal task's title; null for an integration's task or a conversion." }),
  conversionId: z.uuid().nullable(),
  day: calendarDay.nullable().meta({ description: 'The UTC day the daily cap counts the award against.' }),
  reason: z.string().nullable().meta({
    description: 'A withhold reason (KYC, REPUTATION, DEVICE, CAP) for withheld awards; free text for adjustments.',
  }),
  detail: z.string().nullable().meta({ description: 'Why it was withheld, in words the member can act on.' }),
  requestedBuz: integerText.nullable().meta({
    description:
      'What the formula priced the task at: for a withheld award, the BUZ withheld (not paid later); for a capped one, more than amountBuz.',
  }),
  award: z
    .strictObject({
      tier: z.string(),
      quality: z.number().int(),
      qualityMultiplier: z.string(),
      reviewerCred: z.string().meta({ description: 'clamp(sqrt(avgReviewerRep / 100), 0.7, 1.1), 6 decimals.' }),
      avgReviewerRepMicro: integerText,
      reviewerCount: z.number().int().nonnegative(),
      capped: z.boolean(),
    })
    .nullable()
    .meta({ description: "An award's formula inputs, as recorded on BuzIssued; null for other entries." }),
  hash: hexBytes(32).meta({ description: "SHA-256 of the event in the stream's hash chain." }),
  prevHash: hexBytes(32),
  occurredAt: instant,
});

export const walletSchema = z.strictObject({
  balanceBuz: integerText,
  pendingLockBuz: integerText,
  availableBuz: integerText,
  day: calendarDay.meta({ description: 'Today in UTC: the day the cap figures are for.' }),
  issuedTodayBuz: integerText,
  dailyCapBuz: integerText,
  capRemainingBuz: integerText,
  gates: z
    .array(z.strictObject({ gate: z.enum(['KYC', 'REPUTATION', 'DEVICE']), passing: z.boolean(), detail: z.string() }))
    .meta({
      description:
        'The payout gates as they stand now (not when an award was withheld): a task accepted now pays only if all pass.',
    }),
  ledger: z.array(walletEntry).meta({ description: 'Newest first.' }),
  nextCursor: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .meta({ description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
});
