import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import { TASK_TIERS } from '../../ventures/domain/task-accepted.events';
import type { WalletEvent } from './wallet.events';

const issuanceInputs = z.strictObject({
  tier: z.enum(TASK_TIERS),
  tierBaseBuz: field.count(),
  quality: z.number().int().min(1).max(5),
  qualityMultiplier: field.decimalText(),
  reviewerRepMicro: z.array(field.wholeNumberText()),
  avgReviewerRepMicro: field.wholeNumberText(),
  reviewerCred: field.decimalText(),
  exactBuz: field.decimalText(),
});

/** A move of BUZ tied to a conversion request. */
const conversionMove = z.strictObject({ amountBuz: field.wholeNumberText(), conversionId: field.id() });

/** `acceptedAt` is absent on payouts recorded before the cap stopped using it (wallet.events.ts). */
export const walletEventSchemas: EventSchemasOf<WalletEvent> = {
  BuzIssued: {
    version: 1,
    schema: z.strictObject({
      taskId: field.id(),
      day: field.utcDay(),
      acceptedAt: field.instant().optional(),
      amountBuz: field.wholeNumberText(),
      requestedBuz: field.wholeNumberText(),
      capped: z.boolean(),
      inputs: issuanceInputs,
    }),
    upcasters: [],
  },
  BuzIssuanceWithheld: {
    version: 1,
    schema: z.strictObject({
      taskId: field.id(),
      day: field.utcDay(),
      acceptedAt: field.instant().optional(),
      reason: z.enum(['KYC', 'REPUTATION', 'DEVICE', 'CAP']),
      requestedBuz: field.wholeNumberText(),
      detail: field.text(),
    }),
    upcasters: [],
  },
  BuzLocked: { version: 1, schema: conversionMove, upcasters: [] },
  BuzUnlocked: { version: 1, schema: conversionMove, upcasters: [] },
  BuzBurned: { version: 1, schema: conversionMove, upcasters: [] },
  BuzAdjusted: {
    version: 1,
    schema: z.strictObject({ amountBuz: field.signedWholeNumberText(), reason: field.text() }),
    upcasters: [],
  },
};
