import type { Knex } from 'knex';
import type { BlobStore, StoredBlob } from './blob-store.port';
import { addReference, dropReferences } from './blob-references';

/** Blobs in the `document_blobs` table: one row per distinct content. */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly knex: Knex) {}

  async put(blob: StoredBlob): Promise<void> {
    // The primary key on sha256 is the dedup: racing uploads of the same bytes insert once.
    await this.knex('document_blobs')
      .insert({
        sha256: blob.sha256,
        content: blob.content,
        size_bytes: blob.content.length,
        media_type: blob.mediaType,
      })
      .onConflict('sha256')
      .ignore();
  }

  async get(sha256: string): Promise<StoredBlob | null> {
    const row = await this.knex<{ sha256: string; content: Buffer; media_type: StoredBlob['mediaType'] }>(
      'document_blobs',
    )
      .where({ sha256 })
      .first('sha256', 'content', 'media_type');
    return row ? { sha256: row.sha256, content: row.content, mediaType: row.media_type } : null;
  }

  async reference(sha256: string, documentId: string): Promise<void> {
    await addReference(this.knex, sha256, documentId);
  }

  /**
   * The reference check and the delete are one statement: an upload that references a blob
   * before storing it either keeps it alive or, if it came a moment late, stores it again.
   */
  async release(documentId: string): Promise<string[]> {
    const hashes = await dropReferences(this.knex, documentId);
    if (hashes.length === 0) return [];
    const { rows } = await this.knex.raw<{ rows: { sha256: string }[] }>(
      `delete from document_blobs blob where blob.sha256 = any(?::text[])
         and not exists (select 1 from document_blob_refs ref where ref.sha256 = blob.sha256)
       returning blob.sha256`,
      [hashes],
    );
    return rows.map((row) => row.sha256);
  }
}
