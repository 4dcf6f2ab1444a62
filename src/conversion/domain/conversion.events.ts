/** Events of `conversion-<conversionId>`: one member's request to turn BUZ into equity. */
export const CONVERSION_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'SETTLED', 'EXPIRED'] as const;
export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];
export const VOTES = ['APPROVE', 'REJECT'] as const;
export type Vote = (typeof VOTES)[number];

/**
 * The board a decision counted: its size and the revision of `roster-board` it was read at, so an
 * auditor can replay the roster to that revision and check the quorum. Absent on decisions
 * recorded before the roster existed.
 */
export type BoardOfDecision = {
  boardSize?: number;
  rosterRevision?: string;
};

export type ConversionEvent =
  | {
      type: 'ConversionRequested';
      data: { conversionId: string; windowId: string; ventureId: string; userId: string; amountBuz: string };
    }
  | { type: 'ConversionCancelled'; data: { cancelledBy: string } }
  | { type: 'ConversionVoteCast'; data: { voterId: string; vote: Vote; note: string } }
  | { type: 'ConversionApproved'; data: { approvals: number; quorum: number } & BoardOfDecision }
  | { type: 'ConversionRejected'; data: { rejections: number; quorum: number } & BoardOfDecision }
  | { type: 'ConversionExpired'; data: { reason: string } }
  | {
      type: 'ConversionSettled';
      data: {
        windowId: string;
        ventureId: string;
        userId: string;
        grantedBps: string;
        burnedBuz: string;
        unlockedBuz: string;
      };
    };

export const conversionStream = (conversionId: string) => `conversion-${conversionId}`;

/** Statuses after which nothing more happens to a request. */
export const FINAL_STATUSES: readonly ConversionStatus[] = ['REJECTED', 'CANCELLED', 'SETTLED', 'EXPIRED'];
