/** A stored content's bytes and what was recorded with them. */
export interface StoredBlob {
  sha256: string;
  content: Buffer;
  mediaType: string;
}

/**
 * Content-addressed storage of document bytes, readable by every instance: PostgreSQL by
 * default (PostgresBlobStore); an S3-compatible store can implement the same port (README,
 * "Documents"). Keys are lowercase hex SHA-256, so equal content is stored once.
 */
export interface BlobStore {
  /** Stores the bytes under their hash; storing the same hash again (even concurrently) is a no-op. */
  put(blob: StoredBlob): Promise<void>;
  /** The bytes as stored, unchecked: callers re-hash them (VerifiedContentReader). Null when absent. */
  get(sha256: string): Promise<StoredBlob | null>;
  /** Deletes the bytes; the hash stays in the event log. */
  delete(sha256: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BlobStore');
