/**
 * What the auditor API sends to prove an event is in the log, as the browser checks it. No
 * imports, so the checkers (and their unit tests under Node) need nothing else from the portal.
 */

export interface PublicKey {
  algorithm: 'ECDSA-P256-SHA256';
  /** Lowercase hex SHA-256 of the key's bytes: compare it with the key id the operator published. */
  keyId: string;
  /** 130 hex digits: the uncompressed P-256 point 04 ‖ X ‖ Y. */
  publicKey: string;
}

export interface SignedCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: string;
  keyId: string;
  /** 128 hex digits: r ‖ s. */
  signature: string;
}

export interface LoggedCheckpoint extends SignedCheckpoint {
  revision: string;
  eventId: string;
  signedAt: string;
}

/** An event with everything needed to recompute its hash. */
export interface ProvenEvent {
  streamId: string;
  revision: string;
  eventId: string;
  type: string;
  /** The exact RFC 8785 texts that were hashed. */
  dataText: string;
  metadataText: string;
  prevHash: string;
  hash: string;
}

export interface InclusionProof {
  event: ProvenEvent | null;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  /** The root of the stored leaves; the signed one is `checkpoint.rootHash`. */
  rootHash: string;
  /** Hex nodes from the leaf upwards. */
  proof: string[];
  checkpoint: LoggedCheckpoint | null;
}
