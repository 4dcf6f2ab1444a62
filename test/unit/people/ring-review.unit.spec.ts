import { describe, expect, it } from 'vitest';
import {
  flagRing,
  reviewRing,
  ringFlagDecider,
  type EndorsementRingEvent,
  type RingFlagState,
} from '../../../src/people/domain/endorsement-rings';

const [ANN, BEN, OFFICER] = [
  '00000000-0000-4000-8000-0000000000a1',
  '00000000-0000-4000-8000-0000000000b2',
  '00000000-0000-4000-8000-0000000000c3',
];
const FLAG = '00000000-0000-4000-8000-0000000000f1';
const ring = {
  flagId: FLAG,
  kind: 'RECIPROCAL' as const,
  memberIds: [ANN, BEN],
  endorsementIds: ['00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000e2'],
  day: '2026-12-07',
};
const given = (...events: EndorsementRingEvent[]): RingFlagState =>
  events.reduce(ringFlagDecider.evolve, ringFlagDecider.initialState);
const flagged = flagRing(given(), ring);
const review = (outcome: 'dismissed' | 'confirmed', reviewedBy = OFFICER) => ({
  outcome,
  reviewedBy,
  reviewedAt: '2026-12-07T12:00:00.000Z',
  hasNote: true,
});

describe('reviewing an endorsement-ring flag', () => {
  it('given a flag, when compliance dismisses it, then EndorsementRingReviewed with the outcome and no note text', () => {
    expect(reviewRing(given(...flagged), FLAG, review('dismissed'))).toEqual([
      { type: 'EndorsementRingReviewed', data: review('dismissed') },
    ]);
  });

  it('given a reviewed flag, when it is reviewed again, then 409 naming the first review, whatever the outcome', () => {
    const state = given(...flagged, ...reviewRing(given(...flagged), FLAG, review('dismissed')));
    expect(state.review).toEqual({ outcome: 'dismissed', reviewedBy: OFFICER, reviewedAt: '2026-12-07T12:00:00.000Z' });
    for (const outcome of ['dismissed', 'confirmed'] as const)
      expect(() => reviewRing(state, FLAG, review(outcome))).toThrow(
        expect.objectContaining({
          httpStatus: 409,
          code: 'RING_FLAG_ALREADY_REVIEWED',
          details: { flagId: FLAG, outcome: 'dismissed', reviewedBy: OFFICER, reviewedAt: '2026-12-07T12:00:00.000Z' },
        }),
      );
  });

  it('refuses a flag that does not exist (404) and a member of the ring reviewing it (403)', () => {
    expect(() => reviewRing(given(), FLAG, review('confirmed'))).toThrow(
      expect.objectContaining({ httpStatus: 404, code: 'RING_FLAG_NOT_FOUND' }),
    );
    expect(() => reviewRing(given(...flagged), FLAG, review('dismissed', BEN))).toThrow(
      expect.objectContaining({ httpStatus: 403, code: 'OWN_RING_REVIEW' }),
    );
  });
});
