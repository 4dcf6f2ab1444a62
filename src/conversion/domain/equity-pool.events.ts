/**
 * Events of `equityPool-<ventureId>`: what the venture's conversion windows drew from the pool the
 * founders left (10,000 bp less their allocation). Every finalization draws here first, and the
 * exact-revision append on this one stream per venture is what keeps two windows finalized at
 * once from granting the same bp twice.
 */
export interface EquityPoolDraw {
  [key: string]: string;
  windowId: string;
  /** 10,000 bp less the founders' allocation, as the venture stream records it. */
  founderPoolBps: string;
  /** What the windows before this one had left: the most this window may grant. */
  leftBps: string;
  /** What this window's finalization grants in all. */
  grantedBps: string;
}

export type EquityPoolEvent = { type: 'EquityPoolDrawn'; data: EquityPoolDraw };

export const equityPoolStream = (ventureId: string) => `equityPool-${ventureId}`;
