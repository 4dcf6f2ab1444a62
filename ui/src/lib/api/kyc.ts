import type { KycStatus } from './auth';
import { getJson, postJson, type RequestOptions } from './http';

export const DOCUMENT_TYPES = ['PASSPORT', 'ID_CARD', 'DRIVING_LICENCE'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface KycEvidence {
  legalName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  documentType: DocumentType;
  documentNumber: string;
}

export interface KycQueueEntry {
  userId: string;
  email: string;
  submissionId: string;
  evidence: KycEvidence;
  /** ISO 8601. */
  submittedAt: string;
}

export type KycDecision = Extract<KycStatus, 'PASSED' | 'FAILED'>;

export function submitKyc(evidence: KycEvidence): Promise<{ submissionId: string }> {
  return postJson('/api/v1/kyc', evidence);
}

/** Pending submissions, oldest first. A read model: a new submission shows up ~100 ms later. */
export function getKycQueue(options?: RequestOptions): Promise<KycQueueEntry[]> {
  return getJson('/api/v1/kyc/queue', options);
}

export function decideKyc(userId: string, status: KycDecision, reason: string): Promise<{ written: boolean }> {
  return postJson(`/api/v1/kyc/${encodeURIComponent(userId)}/decision`, { status, reason });
}
