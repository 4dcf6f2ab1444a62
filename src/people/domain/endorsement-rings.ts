import { assertNever } from '../../shared-kernel/assert-never';
import { DomainError } from '../../shared-kernel/domain-error';
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

/** What compliance concluded: a harmless pair of colleagues, or collusion to farm XP. */
export const RING_REVIEW_OUTCOMES = ['dismissed', 'confirmed'] as const;
export type RingReviewOutcome = (typeof RING_REVIEW_OUTCOMES)[number];

export interface RingReview {
  [key: string]: string;
  outcome: RingReviewOutcome;
  reviewedBy: string;
  reviewedAt: string;
}

/** The review as recorded: whether a note was written, never the note. */
export interface RingReviewedData {
  [key: string]: string | boolean;
  outcome: RingReviewOutcome;
  reviewedBy: string;
  reviewedAt: string;
  hasNote: boolean;
}

/** Ids and facts only: the reviewer's note stays in the erasable `endorsement_flag_notes` table. */
export type EndorsementRingEvent =
  | {
      type: 'EndorsementRingFlagged';
      data: { kind: RingKind; memberIds: string[]; endorsementIds: string[]; day: string };
    }
  | { type: 'EndorsementRingReviewed'; data: RingReviewedData };

export const endorsementRingStream = (flagId: string) => `endorsementRing-${flagId}`;

export interface RingFlagState {
  flagged: boolean;
  memberIds: readonly string[];
  review: RingReview | null;
}

export const ringFlagDecider: Decider<RingFlagState, EndorsementRingEvent> = {
  initialState: { flagged: false, memberIds: [], review: null },
  evolve: (state, event) => {
    switch (event.type) {
      case 'EndorsementRingFlagged':
        return { ...state, flagged: true, memberIds: event.data.memberIds };
      case 'EndorsementRingReviewed': {
        const { outcome, reviewedBy, reviewedAt } = event.data;
        return { ...state, review: { outcome, reviewedBy, reviewedAt } };
      }
      default:
        return assertNever(event);
    }
  },
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
 * A flag is reviewed once, by someone outside the ring: the outcome is final (a second review is
 * a 409 naming the first), so the log says who decided and when, and nobody clears their own flag.
 */
export function reviewRing(state: RingFlagState, flagId: string, review: RingReviewedData): EndorsementRingEvent[] {
  if (!state.flagged) throw new DomainError('RING_FLAG_NOT_FOUND', `No endorsement-ring flag ${flagId}`, { flagId });
  if (state.memberIds.includes(review.reviewedBy))
    throw new DomainError('OWN_RING_REVIEW', 'Nobody reviews a ring they are a member of', { flagId });
  if (state.review)
    throw new DomainError(
      'RING_FLAG_ALREADY_REVIEWED',
      `The flag was already reviewed (${state.review.outcome}) on ${state.review.reviewedAt}`,
      { flagId, ...state.review },
    );
  return [{ type: 'EndorsementRingReviewed', data: review }];
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
