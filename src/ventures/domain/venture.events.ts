/** A founder's initial holding: basis points of the venture (10,000 bp = 100 %), as a decimal string. */
export interface FounderAllocation {
  [key: string]: string;
  userId: string;
  bps: string;
}

/**
 * Events of `venture-<ventureId>`. The owner is fixed at creation; there is no transfer yet.
 * `founders` (v2) is the initial allocation, at most 10,000 bp in all; what it leaves is the pool
 * that conversions grant from. Ids and numbers only: no personal data.
 */
export type VentureEvent = {
  type: 'VentureCreated';
  data: { ventureId: string; name: string; ownerId: string; founders: FounderAllocation[] };
};

export type VentureCreatedData = Extract<VentureEvent, { type: 'VentureCreated' }>['data'];

export const ventureStream = (ventureId: string) => `venture-${ventureId}`;

/** The whole venture, in basis points. */
export const VENTURE_TOTAL_BPS = 10_000n;
