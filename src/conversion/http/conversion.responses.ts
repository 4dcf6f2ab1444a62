import { z } from 'zod';
import { instant, integerText } from '../../platform/http/response-fields';
import { CONVERSION_STATUSES, VOTES } from '../domain/conversion.events';
import { WINDOW_STATUSES } from '../domain/window.events';

/** The success bodies of the conversion routes. BUZ and basis points travel as whole-number strings; 10,000 bp is the whole venture. */

const windowStatus = z.enum(WINDOW_STATUSES);
const conversionStatus = z.enum(CONVERSION_STATUSES);

export const windowScheduledSchema = z.strictObject({ windowId: z.uuid() });

export const conversionWindowSchema = z.strictObject({
  windowId: z.uuid(),
  ventureId: z.uuid(),
  opensAt: instant.meta({ description: 'The job opens the window on its first run after this.' }),
  closesAt: instant.meta({ description: 'Requests stop at this instant; the job marks it CLOSED on its next run.' }),
  equityRateBps: integerText.meta({ description: 'Basis points of equity per 10,000 BUZ.' }),
  poolCapBps: integerText
    .nullable()
    .meta({ description: 'The most bp the window grants in total; null when uncapped.' }),
  status: windowStatus,
  totalGrantedBps: integerText.nullable().meta({ description: 'Set once FINALIZED.' }),
});
export const conversionWindowsSchema = z.array(conversionWindowSchema);
export const activeWindowsSchema = z.array(conversionWindowSchema.extend({ ventureName: z.string() }));
export const upcomingWindowsSchema = activeWindowsSchema.meta({
  description: 'SCHEDULED windows, soonest opening first.',
});

/** A manual run of the windows job by a board member. */
export const windowsAdvancedSchema = z.strictObject({
  advanced: z.array(z.uuid()).meta({ description: 'The windows it opened or closed.' }),
});

export const conversionPreviewSchema = z.strictObject({
  windowId: z.uuid(),
  amountBuz: integerText,
  availableBuz: integerText.meta({ description: 'Balance minus what pending requests lock, from the wallet stream.' }),
  grantedBps: integerText.meta({
    description: 'The bp the amount buys at the window rate, before any pro-rata scaling of an oversubscribed pool.',
  }),
  burnedBuz: integerText,
  unlockedBuz: integerText,
  minimumBuz: integerText.meta({ description: 'The least BUZ that buys 1 bp at this rate.' }),
});

const castVote = z.strictObject({ voterId: z.uuid(), vote: z.enum(VOTES), note: z.string(), at: instant });
export const conversionSchema = z.strictObject({
  conversionId: z.uuid(),
  windowId: z.uuid(),
  ventureId: z.uuid(),
  userId: z.uuid(),
  amountBuz: integerText.meta({ description: 'The BUZ locked by the request.' }),
  status: conversionStatus,
  votes: z.array(castVote).meta({ description: 'Oldest first.' }),
  grantedBps: integerText.nullable().meta({ description: 'Set once SETTLED.' }),
  burnedBuz: integerText.nullable().meta({ description: 'Set once SETTLED.' }),
  unlockedBuz: integerText
    .nullable()
    .meta({ description: 'Set once SETTLED or EXPIRED; a rejected or cancelled request unlocks all of amountBuz.' }),
  requestedAt: instant,
});
export const conversionsSchema = z.array(conversionSchema);
export const windowWithConversionsSchema = conversionWindowSchema.extend({
  conversions: conversionsSchema.meta({ description: 'Oldest first.' }),
});

/** What the board weighs a request against: the requester's track record. */
const requesterRecord = z.strictObject({
  earnedBuz: integerText,
  tasksPaid: z.number().int().nonnegative(),
  xp: z.number().int().nonnegative(),
  level: z.number().int().positive(),
  reputationMicro: integerText.meta({ description: 'Reputation in micro-points.' }),
});
export const pendingConversionsSchema = z.array(conversionSchema.extend({ requester: requesterRecord }));

export const conversionRequestedSchema = z.strictObject({ conversionId: z.uuid(), lockedBuz: integerText });
export const conversionStepSchema = z.strictObject({ conversionId: z.uuid(), status: conversionStatus });

const allocation = z.strictObject({
  conversionId: z.uuid(),
  userId: z.uuid(),
  outcome: z
    .enum(['SETTLED', 'EXPIRED'])
    .meta({ description: 'Approved requests settle; requests that never reached quorum expire and unlock.' }),
  amountBuz: integerText,
  grantedBps: integerText,
  burnedBuz: integerText,
  unlockedBuz: integerText,
});
const finalization = {
  windowId: z.uuid(),
  allocations: z.array(allocation),
  totalGrantedBps: integerText,
  oversubscribed: z
    .boolean()
    .meta({ description: 'The approved requests wanted more than the pool: each was scaled down pro rata.' }),
};
export const finalizationResultSchema = z.strictObject(finalization);
export const finalizationPreviewSchema = z.strictObject({
  ...finalization,
  status: windowStatus,
  equityRateBps: integerText,
  poolCapBps: integerText.nullable(),
});

export const capTableSchema = z.strictObject({
  ventureId: z.uuid(),
  holders: z.array(z.strictObject({ holderId: z.uuid(), bps: integerText })),
  grants: z
    .array(
      z.strictObject({
        conversionId: z.uuid(),
        holderId: z.uuid(),
        bps: integerText,
        windowId: z.uuid(),
        settledAt: instant,
      }),
    )
    .meta({ description: 'Oldest first: one per settled conversion that granted at least 1 bp.' }),
});
