/** The signature inbox read model's row, as the inbox reads it: its public contract. */

/** A `signature_inbox` row: one signer of one request; `done` once they signed or the request completed. */
export interface SignatureInboxRow {
  request_id: string;
  signer_id: string;
  document_id: string;
  due_at: string | null;
  requested_at: string;
  done: boolean;
}
