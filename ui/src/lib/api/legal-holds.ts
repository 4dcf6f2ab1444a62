import { apiGet, apiPost, everyOf, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type LegalHold = ResponseOf<'/api/v1/legal-holds', 'get'>['holds'][number];
export type HoldDraft = BodyOf<'/api/v1/legal-holds', 'post'>;
export type HoldScope = LegalHold['scope'];

export const HOLD_SCOPES = everyOf<HoldScope>()(['document', 'user', 'client', 'venture']);

export function listLegalHolds(options?: RequestOptions): Promise<LegalHold[]> {
  return apiGet('/api/v1/legal-holds', {}, options).then((answer) => answer.holds);
}

export function placeLegalHold(draft: HoldDraft): Promise<ResponseOf<'/api/v1/legal-holds', 'post'>> {
  return apiPost('/api/v1/legal-holds', { body: draft });
}

export function releaseLegalHold(holdId: string): Promise<ResponseOf<'/api/v1/legal-holds/{holdId}/release', 'post'>> {
  return apiPost('/api/v1/legal-holds/{holdId}/release', { path: { holdId }, body: {} });
}
