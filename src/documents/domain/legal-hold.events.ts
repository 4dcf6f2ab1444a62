export const HOLD_SCOPES = ['document', 'user', 'client', 'venture'] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];

/** Every hold lives in one stream: holds are few, and one fold answers "what is held" for any decision. */
export const LEGAL_HOLDS_STREAM = 'legalholds-all';

/** Reason and case reference may name people: they are in legal_hold_details, keyed by holdId. */
export type LegalHoldPlacedData = {
  holdId: string;
  scope: HoldScope;
  scopeId: string;
  placedBy: string;
  placedAt: string;
};

export type LegalHoldEvent =
  | { type: 'LegalHoldPlaced'; data: LegalHoldPlacedData }
  | { type: 'LegalHoldReleased'; data: { holdId: string; releasedBy: string; releasedAt: string } };
