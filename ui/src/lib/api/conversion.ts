import { getJson, postJson, type RequestOptions } from './http';

// BUZ → equity conversion (DESIGN §5). BUZ and basis points travel as whole-number strings;
// 10,000 bp is the whole venture.

export type WindowStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED' | 'FINALIZED';
export type ConversionStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'SETTLED' | 'EXPIRED';
export type ConversionVote = 'APPROVE' | 'REJECT';

/** Statuses after which nothing more happens to a request (src/conversion/domain/conversion.events.ts). */
export const FINAL_CONVERSION_STATUSES: readonly ConversionStatus[] = ['REJECTED', 'CANCELLED', 'SETTLED', 'EXPIRED'];

export interface ConversionWindow {
  windowId: string;
  ventureId: string;
  /** ISO 8601. The job opens the window on its first run after this. */
  opensAt: string;
  /** ISO 8601. Requests stop at this instant; the job marks it CLOSED on its next run. */
  closesAt: string;
  /** Basis points of equity per 10,000 BUZ. */
  equityRateBps: string;
  /** The most bp the window grants in total; null when uncapped. */
  poolCapBps: string | null;
  status: WindowStatus;
  /** Set once FINALIZED. */
  totalGrantedBps: string | null;
}

export interface ActiveWindow extends ConversionWindow {
  ventureName: string;
}

export interface CastVote {
  voterId: string;
  vote: ConversionVote;
  note: string;
  /** ISO 8601. */
  at: string;
}

export interface Conversion {
  conversionId: string;
  windowId: string;
  ventureId: string;
  userId: string;
  /** The BUZ locked by the request. */
  amountBuz: string;
  status: ConversionStatus;
  /** Oldest first. */
  votes: CastVote[];
  /** Set once SETTLED. */
  grantedBps: string | null;
  /** Set once SETTLED. */
  burnedBuz: string | null;
  /** Set once SETTLED or EXPIRED; a rejected or cancelled request unlocks all of amountBuz. */
  unlockedBuz: string | null;
  /** ISO 8601. */
  requestedAt: string;
}

/** What the board weighs a request against: the requester's track record. */
export interface RequesterRecord {
  earnedBuz: string;
  tasksPaid: number;
  xp: number;
  level: number;
  /** Reputation in micro-points, an integer string. */
  reputationMicro: string;
}

export interface PendingConversion extends Conversion {
  requester: RequesterRecord;
}

export interface WindowWithConversions extends ConversionWindow {
  /** Oldest first. */
  conversions: Conversion[];
}

export interface Allocation {
  conversionId: string;
  userId: string;
  /** Approved requests settle; requests that never reached quorum expire and unlock. */
  outcome: 'SETTLED' | 'EXPIRED';
  amountBuz: string;
  grantedBps: string;
  burnedBuz: string;
  unlockedBuz: string;
}

export interface FinalizationPreview {
  windowId: string;
  status: WindowStatus;
  equityRateBps: string;
  poolCapBps: string | null;
  allocations: Allocation[];
  totalGrantedBps: string;
  /** The approved requests wanted more than the pool: each was scaled down pro rata. */
  oversubscribed: boolean;
}

export interface FinalizationResult {
  windowId: string;
  allocations: Allocation[];
  totalGrantedBps: string;
  oversubscribed: boolean;
}

export interface CapTable {
  ventureId: string;
  holders: { holderId: string; bps: string }[];
  /** Oldest first: one per settled conversion that granted at least 1 bp. */
  grants: { conversionId: string; holderId: string; bps: string; windowId: string; settledAt: string }[];
}

export interface WindowPlan {
  ventureId: string;
  /** ISO 8601 UTC. */
  opensAt: string;
  closesAt: string;
  equityRateBps: string;
  poolCapBps: string | null;
}

// Members. Conversions and windows are read models: a write shows up ~100 ms after it returns,
// and settlement (burn, unlock, cap table) follows finalization a few hundred ms later.

/** Open windows that have not reached their closing time, soonest closing first. */
export function getActiveWindows(options?: RequestOptions): Promise<ActiveWindow[]> {
  return getJson('/api/v1/conversion-windows/active', options);
}

/** Locks `buz` at once. 403 KYC_REQUIRED; 409 WINDOW_NOT_OPEN or INSUFFICIENT_BUZ (details.availableBuz). */
export function requestConversion(windowId: string, buz: string): Promise<{ conversionId: string; lockedBuz: string }> {
  return postJson('/api/v1/equity/convert', { windowId, buz });
}

/** Newest first. */
export function getMyConversions(options?: RequestOptions): Promise<Conversion[]> {
  return getJson('/api/v1/equity/conversions/me', options);
}

/** While the window is open and the request is not final; 409 WINDOW_NOT_OPEN or CONVERSION_FINAL. */
export function cancelConversion(conversionId: string): Promise<{ conversionId: string; status: ConversionStatus }> {
  return postJson(`/api/v1/equity/conversions/${encodeURIComponent(conversionId)}/cancel`, {});
}

/** Any signed-in user. */
export function getCapTable(ventureId: string, options?: RequestOptions): Promise<CapTable> {
  return getJson(`/api/v1/ventures/${encodeURIComponent(ventureId)}/cap-table`, options);
}

// The board: every call needs the board role and an MFA-verified session (403 MFA_REQUIRED).

export function scheduleWindow(plan: WindowPlan): Promise<{ windowId: string }> {
  return postJson('/api/v1/conversion-windows', plan);
}

/** Every window, latest opening first. */
export function listWindows(options?: RequestOptions): Promise<ConversionWindow[]> {
  return getJson('/api/v1/conversion-windows', options);
}

export function getWindow(windowId: string, options?: RequestOptions): Promise<WindowWithConversions> {
  return getJson(`/api/v1/conversion-windows/${encodeURIComponent(windowId)}`, options);
}

/** Requests waiting for votes, oldest first. */
export function getPendingConversions(options?: RequestOptions): Promise<PendingConversion[]> {
  return getJson('/api/v1/board/conversions/pending', options);
}

/** 403 OWN_CONVERSION_VOTE; 409 ALREADY_VOTED or CONVERSION_NOT_PENDING. The status is APPROVED or REJECTED once a quorum agrees. */
export function voteOnConversion(conversionId: string, vote: ConversionVote, note: string): Promise<{ conversionId: string; status: ConversionStatus }> {
  return postJson(`/api/v1/board/conversions/${encodeURIComponent(conversionId)}/votes`, { vote, note });
}

/** What finalizing would do, without doing it. 409 WINDOW_WRONG_STATUS unless CLOSED. */
export function getFinalizationPreview(windowId: string, options?: RequestOptions): Promise<FinalizationPreview> {
  return getJson(`/api/v1/conversion-windows/${encodeURIComponent(windowId)}/finalization-preview`, options);
}

export function finalizeWindow(windowId: string): Promise<FinalizationResult> {
  return postJson(`/api/v1/conversion-windows/${encodeURIComponent(windowId)}/finalize`, { confirm: true });
}

/** Admins (with MFA) only: runs the 15-minute job that opens and closes windows now. 409 JOB_BUSY. */
export function runConversionWindowsJob(): Promise<{ job: 'conversion-windows'; result: { advanced: string[] } }> {
  return postJson('/api/v1/admin/jobs/conversion-windows/run', {});
}

// The settlement arithmetic of src/conversion/domain/settlement.ts, for previews: integers only.

const BUZ_PER_RATE_UNIT = 10_000n;

export interface SettlementPreview {
  grantedBps: bigint;
  /** Only the BUZ that bought whole bp. */
  burnedBuz: bigint;
  /** The rest goes back to the wallet: amount = burned + unlocked, exactly. */
  unlockedBuz: bigint;
}

/** floor(buz × rate / 10,000) bp; ceil(bp × 10,000 / rate) BUZ burned; the rest unlocked. */
export function previewSettlement(amountBuz: bigint, rateBps: bigint): SettlementPreview {
  if (rateBps <= 0n) return { grantedBps: 0n, burnedBuz: 0n, unlockedBuz: amountBuz };
  const grantedBps = (amountBuz * rateBps) / BUZ_PER_RATE_UNIT;
  const burnedBuz = (grantedBps * BUZ_PER_RATE_UNIT + rateBps - 1n) / rateBps;
  return { grantedBps, burnedBuz, unlockedBuz: amountBuz - burnedBuz };
}

/** The least BUZ that buys 1 bp at this rate. */
export function buzPerBp(rateBps: bigint): bigint {
  return rateBps <= 0n ? 0n : (BUZ_PER_RATE_UNIT + rateBps - 1n) / rateBps;
}
