import { z } from 'zod';
import { calendarDay, instant, integerText } from '../../platform/http/response-fields';
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
  oversubscribed: z.boolean().meta({
    description:
      "The approved requests wanted more than the window's cap or what is left of the venture's pool: each was scaled down pro rata.",
  }),
};
export const finalizationResultSchema = z.strictObject(finalization);
export const finalizationPreviewSchema = z.strictObject({
  ...finalization,
  status: windowStatus,
  equityRateBps: integerText,
  poolCapBps: integerText.nullable(),
  poolLeftBps: integerText.meta({
    description:
      "What is left of the venture's pool (10,000 bp less the founders' allocation and earlier windows' grants): the most this window grants.",
  }),
});

const capTableRow = z.strictObject({
  kind: z.enum(['holder', 'pool']).meta({ description: 'pool: the unallocated part of the venture.' }),
  holderId: z.uuid().nullable().meta({ description: 'null for the pool row.' }),
  foundedBps: integerText.meta({ description: "From the founders' initial allocation." }),
  grantedBps: integerText.meta({ description: 'From settled BUZ conversions.' }),
  bps: integerText,
  issuedShareBps: integerText
    .nullable()
    .meta({ description: 'Share of the issued total, in bp (10000 = 100 %); null for the pool.' }),
  fullyDilutedShareBps: integerText.meta({ description: 'Share of the fully diluted total, in bp.' }),
});

export const capTableSchema = z.strictObject({
  ventureId: z.uuid(),
  ventureName: z.string(),
  createdAt: instant,
  totalBps: integerText.meta({ description: 'The whole venture: 10000 bp.' }),
  issuedBps: integerText.meta({ description: 'Founders plus grants.' }),
  unallocatedBps: integerText.meta({ description: 'The pool: what is not issued yet.' }),
  fullyDilutedBps: integerText.meta({
    description: 'issuedBps + unallocatedBps: 10000, unless grants ever went beyond the whole venture.',
  }),
  founders: z.array(z.strictObject({ userId: z.uuid(), bps: integerText })),
  rows: z.array(capTableRow).meta({
    description:
      'Holders largest first, then the pool; each view adds up: issuedShareBps of the holders and fullyDilutedShareBps of all rows sum to 10000 (largest-remainder rounding).',
  }),
  holders: z
    .array(z.strictObject({ holderId: z.uuid(), bps: integerText }))
    .meta({ description: 'Founders and conversion grantees with their total bp, largest first.' }),
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

const ocfComments = z.array(z.string());
const ocfMoney = z.strictObject({ amount: z.string(), currency: z.string() });
const ocfIssuance = z.strictObject({
  object_type: z.literal('TX_STOCK_ISSUANCE'),
  id: z.string(),
  security_id: z.string(),
  custom_id: z.string(),
  stakeholder_id: z.uuid(),
  stock_class_id: z.string(),
  date: calendarDay,
  quantity: integerText,
  share_price: ocfMoney,
  security_law_exemptions: z.array(z.never()),
  stock_legend_ids: z.array(z.never()),
  comments: ocfComments,
});

/**
 * Open Cap Format v1.0.0 objects in one document (src/conversion/queries/cap-table-exports.ts says
 * what the ledger cannot fill in); each object validates against the OCF v1.0.0 JSON schemas.
 */
export const capTableOcfSchema = z.strictObject({
  ocf_version: z.literal('1.0.0'),
  generator: z.string(),
  issuer: z.strictObject({
    object_type: z.literal('ISSUER'),
    id: z.uuid(),
    legal_name: z.string(),
    formation_date: calendarDay,
    country_of_formation: z
      .literal('ZZ')
      .meta({ description: 'ISO 3166-1 for an unknown country: the ledger records none.' }),
    comments: ocfComments,
  }),
  stock_classes: z.array(
    z.strictObject({
      object_type: z.literal('STOCK_CLASS'),
      id: z.string(),
      name: z.string(),
      class_type: z.literal('COMMON'),
      default_id_prefix: z.string(),
      initial_shares_authorized: integerText,
      board_approval_date: calendarDay,
      votes_per_share: z.string(),
      par_value: ocfMoney,
      price_per_share: ocfMoney,
      seniority: z.string(),
      comments: ocfComments,
    }),
  ),
  stakeholders: z.array(
    z.strictObject({
      object_type: z.literal('STAKEHOLDER'),
      id: z.uuid(),
      name: z.strictObject({ legal_name: z.string() }),
      stakeholder_type: z.literal('INDIVIDUAL'),
      comments: ocfComments,
    }),
  ),
  transactions: z
    .array(ocfIssuance)
    .meta({ description: 'Founder allocations first, then conversion grants, oldest first.' }),
});
