import { assertNever } from '../../shared-kernel/assert-never';
import { derivedId } from '../../shared-kernel/ids';
import type { Decider } from '../../shared-kernel/decider';
import type { EndorsementGivenData } from './person.events';

/**
 * Reciprocal endorsement rings, flagged for compliance review and never blocked: A and B
 * endorsing each other (ever, any skills), or a cycle A → B → C → A within one UTC day.
 */
export type RingKind = 'RECIPROCAL' | 'CYCLE';

export interface EndorsementRing {
  flagId: string;
  kind: RingKind;
  memberIds: string[];
  endorsementIds: string[];
  day: string;
}

export type EndorsementRingEvent = {
  type: 'EndorsementRingFlagged';
  data: { kind: RingKind; memberIds: string[]; endorsementIds: string[]; day: string };
};

export const endorsementRingStream = (flagId: string) => `endorsementRing-${flagId}`;

export interface RingFlagState {
  flagged: boolean;
}

export const ringFlagDecider: Decider<RingFlagState, EndorsementRingEvent> = {
  initialState: { flagged: false },
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one event type today; the check stays exhaustive (house style) for the next
  evolve: (_state, event) => (event.type === 'EndorsementRingFlagged' ? { flagged: true } : assertNever(event.type)),
};

/** A ring is flagged once, however many endorsements close it again. */
export function flagRing(state: RingFlagState, ring: EndorsementRing): EndorsementRingEvent[] {
  if (state.flagged) return [];
  return [
    {
      type: 'EndorsementRingFlagged',
      data: { kind: ring.kind, memberIds: ring.memberIds, endorsementIds: ring.endorsementIds, day: ring.day },
    },
  ];
}

/**
 * The rings `closing` (given by `endorserId`) completes, from what the others gave: the
 * endorsee's endorsements, and for a cycle, those of each member the endorsee endorsed that day.
 */
export function ringsClosedBy(
  endorserId: string,
  closing: EndorsementGivenData,
  givenBy: (userId: string) => readonly EndorsementGivenData[],
): EndorsementRing[] {
  const rings: EndorsementRing[] = [];
  const byEndorsee = givenBy(closing.endorseeId);
  const back = byEndorsee.find((given) => given.endorseeId === endorserId);
  if (back)
    rings.push(
      ring('RECIPROCAL', [endorserId, closing.endorseeId], [closing.endorsementId, back.endorsementId], closing.day),
    );
  for (const onward of byEndorsee.filter((given) => given.day === closing.day && given.endorseeId !== endorserId)) {
    const home = givenBy(onward.endorseeId).find(
      (given) => given.day === closing.day && given.endorseeId === endorserId,
    );
    if (home)
      rings.push(
        ring(
          'CYCLE',
          [endorserId, closing.endorseeId, onward.endorseeId],
          [closing.endorsementId, onward.endorsementId, home.endorsementId],
          closing.day,
        ),
      );
  }
  return rings;
}

function ring(kind: RingKind, memberIds: string[], endorsementIds: string[], day: string): EndorsementRing {
  const members = [...memberIds].sort();
  // A reciprocal pair is one flag for good; a cycle is one flag per day it happens.
  const flagId = derivedId('endorsement-ring', kind, ...members, kind === 'CYCLE' ? day : '');
  return { flagId, kind, memberIds: members, endorsementIds: [...endorsementIds].sort(), day };
}
