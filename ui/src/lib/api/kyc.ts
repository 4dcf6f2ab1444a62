import { apiGet, apiPost, everyOf, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type KycEvidence = BodyOf<'/api/v1/kyc', 'post'>;
export type DocumentType = KycEvidence['documentType'];
export const DOCUMENT_TYPES = everyOf<DocumentType>()(['PASSPORT', 'ID_CARD', 'DRIVING_LICENCE']);

export type KycQueueEntry = ResponseOf<'/api/v1/kyc/queue', 'get'>[number];
export type KycDecision = BodyOf<'/api/v1/kyc/{userId}/decision', 'post'>['status'];

export function submitKyc(evidence: KycEvidence): Promise<ResponseOf<'/api/v1/kyc', 'post'>> {
  return apiPost('/api/v1/kyc', { body: evidence });
}

/** Pending submissions, oldest first. A read model: a new submission shows up ~100 ms later. */
export function getKycQueue(options?: RequestOptions): Promise<KycQueueEntry[]> {
  return apiGet('/api/v1/kyc/queue', {}, options);
}

export function decideKyc(
  userId: string,
  status: KycDecision,
  reason: string,
): Promise<ResponseOf<'/api/v1/kyc/{userId}/decision', 'post'>> {
  return apiPost('/api/v1/kyc/{userId}/decision', { path: { userId }, body: { status, reason } });
}
