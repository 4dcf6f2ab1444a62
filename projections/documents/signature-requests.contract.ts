/** The `signature-requests` read model's rows, as the signature lists read them: its public contract. */

/** One signer of one request, with the request's facts (a row as written; pg reads times back as Date). */
export interface SignerRow {
  request_id: string;
  signer_id: string;
  signer_position: number;
  kind: 'user' | 'client';
  share_id: string | null;
  document_id: string;
  version_number: number;
  document_sha256: string;
  requester_id: string;
  requested_at: string | Date;
  due_at: string | Date | null;
  signed_at: string | Date | null;
  intent: string | null;
  key_id: string | null;
  completed_at: string | Date | null;
  last_revision: string;
}
