import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import type { ConversionEvent } from './conversion.events';
import type { EquityPoolEvent } from './equity-pool.events';
import type { WindowEvent, WindowIndexEvent } from './window.events';

const allocation = z.strictObject({
  conversionId: field.id(),
  userId: field.id(),
  outcome: z.enum(['SETTLED', 'EXPIRED']),
  amountBuz: field.wholeNumberText(),
  grantedBps: field.wholeNumberText(),
  burnedBuz: field.wholeNumberText(),
  unlockedBuz: field.wholeNumberText(),
});

export const windowEventSchemas: EventSchemasOf<WindowEvent> = {
  WindowScheduled: {
    version: 1,
    schema: z.strictObject({
      windowId: field.id(),
      ventureId: field.id(),
      opensAt: field.instant(),
      closesAt: field.instant(),
      equityRateBps: field.wholeNumberText(),
      poolCapBps: field.wholeNumberText().nullable(),
      scheduledBy: field.id(),
    }),
    upcasters: [],
  },
  WindowOpened: { version: 1, schema: z.strictObject({ at: field.instant() }), upcasters: [] },
  ConversionFiled: { version: 1, schema: z.strictObject({ conversionId: field.id() }), upcasters: [] },
  WindowClosed: { version: 1, schema: z.strictObject({ at: field.instant() }), upcasters: [] },
  WindowFinalized: {
    version: 1,
    schema: z.strictObject({
      finalizedBy: field.id(),
      allocations: z.array(allocation),
      totalGrantedBps: field.wholeNumberText(),
      oversubscribed: z.boolean(),
    }),
    upcasters: [],
  },
};

export const equityPoolEventSchemas: EventSchemasOf<EquityPoolEvent> = {
  EquityPoolDrawn: {
    version: 1,
    schema: z.strictObject({
      windowId: field.id(),
      founderPoolBps: field.wholeNumberText(),
      leftBps: field.wholeNumberText(),
      grantedBps: field.wholeNumberText(),
    }),
    upcasters: [],
  },
};

export const windowIndexEventSchemas: EventSchemasOf<WindowIndexEvent> = {
  WindowListed: { version: 1, schema: z.strictObject({ windowId: field.id() }), upcasters: [] },
};

/** The board a decision counted; absent on decisions recorded before the board roster existed (conversion.events.ts). */
const boardOfDecision = { boardSize: field.count().optional(), rosterRevision: field.wholeNumberText().optional() };

export const conversionEventSchemas: EventSchemasOf<ConversionEvent> = {
  ConversionRequested: {
    version: 1,
    schema: z.strictObject({
      conversionId: field.id(),
      windowId: field.id(),
      ventureId: field.id(),
      userId: field.id(),
      amountBuz: field.wholeNumberText(),
    }),
    upcasters: [],
  },
  ConversionCancelled: { version: 1, schema: z.strictObject({ cancelledBy: field.id() }), upcasters: [] },
  ConversionVoteCast: {
    version: 1,
    schema: z.strictObject({ voterId: field.id(), vote: z.enum(['APPROVE', 'REJECT']), note: field.text() }),
    upcasters: [],
  },
  ConversionApproved: {
    version: 1,
    schema: z.strictObject({ approvals: field.count(), quorum: field.count(), ...boardOfDecision }),
    upcasters: [],
  },
  ConversionRejected: {
    version: 1,
    schema: z.strictObject({ rejections: field.count(), quorum: field.count(), ...boardOfDecision }),
    upcasters: [],
  },
  ConversionExpired: { version: 1, schema: z.strictObject({ reason: field.text() }), upcasters: [] },
  ConversionSettled: {
    version: 1,
    schema: z.strictObject({
      windowId: field.id(),
      ventureId: field.id(),
      userId: field.id(),
      grantedBps: field.wholeNumberText(),
      burnedBuz: field.wholeNumberText(),
      unlockedBuz: field.wholeNumberText(),
    }),
    upcasters: [],
  },
};
