import { apiGet, apiPost, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

// BUZ → equity conversion (DESIGN §5). BUZ and basis points travel as whole-number strings;
// 10,000 bp is the whole venture.

export type ConversionWindow = ResponseOf<'/api/v1/conversion-windows', 'get'>[number];
export type WindowStatus = ConversionWindow['status'];
export type ActiveWindow = ResponseOf<'/api/v1/conversion-windows/active', 'get'>[number];
export type WindowWithConversions = ResponseOf<'/api/v1/conversion-windows/{windowId}', 'get'>;
export type Conversion = ResponseOf<'/api/v1/equity/conversions/me', 'get'>[number];
export type ConversionStatus = Conversion['status'];
export type CastVote = Conversion['votes'][number];
export type ConversionVote = CastVote['vote'];
export type PendingConversion = ResponseOf<'/api/v1/board/conversions/pending', 'get'>[number];
/** What the board weighs a request against: the requester's track record. */
export type RequesterRecord = PendingConversion['requester'];
export type FinalizationPreview = ResponseOf<'/api/v1/conversion-windows/{windowId}/finalization-preview', 'get'>;
export type FinalizationResult = ResponseOf<'/api/v1/conversion-windows/{windowId}/finalize', 'post'>;
export type Allocation = FinalizationResult['allocations'][number];
export type CapTable = ResponseOf<'/api/v1/ventures/{ventureId}/cap-table', 'get'>;
export type WindowPlan = BodyOf<'/api/v1/conversion-windows', 'post'>;
type ConversionStep = ResponseOf<'/api/v1/equity/conversions/{conversionId}/cancel', 'post'>;

/** Statuses after which nothing more happens to a request (src/conversion/domain/conversion.events.ts). */
export const FINAL_CONVERSION_STATUSES: readonly ConversionStatus[] = ['REJECTED', 'CANCELLED', 'SETTLED', 'EXPIRED'];

// Members. Conversions and windows are read models: a write shows up ~100 ms after it returns,
// and settlement (burn, unlock, cap table) follows finalization a few hundred ms later.

/** Open windows that have not reached their closing time, soonest closing first. */
export function getActiveWindows(options?: RequestOptions): Promise<ActiveWindow[]> {
  return apiGet('/api/v1/conversion-windows/active', {}, options);
}

/** Locks `buz` at once. 403 KYC_REQUIRED; 409 WINDOW_NOT_OPEN or INSUFFICIENT_BUZ (details.availableBuz). */
export function requestConversion(
  windowId: string,
  buz: string,
): Promise<ResponseOf<'/api/v1/equity/convert', 'post'>> {
  return apiPost('/api/v1/equity/convert', { body: { windowId, buz } });
}

/** Newest first. */
export function getMyConversions(options?: RequestOptions): Promise<Conversion[]> {
  return apiGet('/api/v1/equity/conversions/me', {}, options);
}

/** While the window is open and the request is not final; 409 WINDOW_NOT_OPEN or CONVERSION_FINAL. */
export function cancelConversion(conversionId: string): Promise<ConversionStep> {
  return apiPost('/api/v1/equity/conversions/{conversionId}/cancel', { path: { conversionId } });
}

/** Any signed-in user. */
export function getCapTable(ventureId: string, options?: RequestOptions): Promise<CapTable> {
  return apiGet('/api/v1/ventures/{ventureId}/cap-table', { path: { ventureId } }, options);
}

// The board: every call needs the board role and an MFA-verified session (403 MFA_REQUIRED).

export function scheduleWindow(plan: WindowPlan): Promise<ResponseOf<'/api/v1/conversion-windows', 'post'>> {
  return apiPost('/api/v1/conversion-windows', { body: plan });
}

/** Every window, latest opening first. */
export function listWindows(options?: RequestOptions): Promise<ConversionWindow[]> {
  return apiGet('/api/v1/conversion-windows', {}, options);
}

export function getWindow(windowId: string, options?: RequestOptions): Promise<WindowWithConversions> {
  return apiGet('/api/v1/conversion-windows/{windowId}', { path: { windowId } }, options);
}

/** Requests waiting for votes, oldest first. */
export function getPendingConversions(options?: RequestOptions): Promise<PendingConversion[]> {
  return apiGet('/api/v1/board/conversions/pending', {}, options);
}

/** 403 OWN_CONVERSION_VOTE; 409 ALREADY_VOTED or CONVERSION_NOT_PENDING. The status is APPROVED or REJECTED once a quorum agrees. */
export function voteOnConversion(conversionId: string, vote: ConversionVote, note: string): Promise<ConversionStep> {
  return apiPost('/api/v1/board/conversions/{conversionId}/votes', { path: { conversionId }, body: { vote, note } });
}

/** What finalizing would do, without doing it. 409 WINDOW_WRONG_STATUS unless CLOSED. */
export function getFinalizationPreview(windowId: string, options?: RequestOptions): Promise<FinalizationPreview> {
  return apiGet('/api/v1/conversion-windows/{windowId}/finalization-preview', { path: { windowId } }, options);
}

export function finalizeWindow(windowId: string): Promise<FinalizationResult> {
  return apiPost('/api/v1/conversion-windows/{windowId}/finalize', { path: { windowId }, body: { confirm: true } });
}

/** Any board member (with MFA): opens and closes the windows that are due now. 409 JOB_BUSY. */
export function runConversionWindowsJob(): Promise<ResponseOf<'/api/v1/conversion-windows/advance', 'post'>> {
  return apiPost('/api/v1/conversion-windows/advance', {});
}

export type UpcomingWindow = ResponseOf<'/api/v1/conversion-windows/upcoming', 'get'>[number];
export type ConversionPreview = ResponseOf<'/api/v1/equity/convert/preview', 'get'>;

/** Windows not open yet, soonest first. */
export function getUpcomingWindows(options?: RequestOptions): Promise<UpcomingWindow[]> {
  return apiGet('/api/v1/conversion-windows/upcoming', {}, options);
}

/** What converting `buz` would buy now: 409 INSUFFICIENT_BUZ, 422 CONVERSION_BELOW_MINIMUM (details.minimumBuz), as the request itself. */
export function previewConversion(windowId: string, buz: string, options?: RequestOptions): Promise<ConversionPreview> {
  return apiGet('/api/v1/equity/convert/preview', { query: { windowId, buz } }, options);
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
