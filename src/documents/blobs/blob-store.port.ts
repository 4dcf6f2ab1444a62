/** A stored content's bytes and what was recorded with them. */
export interface StoredBlob {
  sha256: string;
  content: Buffer;
  mediaType: string;
}

/**
 * Content-addressed storage of document bytes, readable by every instance: PostgreSQL by
 * default (PostgresBlobStore), or an S3-compatible bucket with BLOB_STORE=s3 (S3BlobStore;
 * README "Blob storage"). Keys are lowercase hex SHA-256, so equal content is stored once.
 * Whole buffers in and out: uploads are capped (DOCUMENT_MAX_UPLOAD_BYTES) and hashed while
 * they stream in, and a read is hashed whole before a byte is served.
 */
export interface BlobStore {
  /** Stores the bytes under their hash; storing the same hash again (even concurrently) is a no-op. */
  put(blob: StoredBlob): Promise<void>;
  /** The bytes as stored, unchecked: callers re-hash them (VerifiedContentReader). Null when absent. */
  get(sha256: string): Promise<StoredBlob | null>;
  /** Records that `documentId` uses the blob; call before put, so a concurrent purge keeps it. */
  reference(sha256: string, documentId: string): Promise<void>;
  /**
   * Drops the document's references and deletes each of its blobs no other document refers
   * to; the hashes stay in the event log. Returns the hashes whose bytes were deleted.
   */
  release(documentId: string): Promise<string[]>;
}

export const BLOB_STORE = Symbol('BlobStore');
