import type { Knex } from 'knex';
import type { BlobStore, StoredBlob } from './blob-store.port';

/** Blobs in the `document_blobs` table: one row per distinct content. */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly knex: Knex) {}

  async put(blob: StoredBlob): Promise<void> {
    // The primary key on sha256 is the dedup: racing uploads of the same bytes insert once.
    await this.knex('document_blobs')
      .insert({ sha256: blob.sha256, content: blob.content, size_bytes: blob.content.length, media_type: blob.mediaType })
      .onConflict('sha256')
      .ignore();
  }

  async get(sha256: string): Promise<StoredBlob | null> {
    const row = await this.knex('document_blobs').where({ sha256 }).first('sha256', 'content', 'media_type');
    return row ? { sha256: row.sha256, content: row.content, mediaType: row.media_type } : null;
  }

  async delete(sha256: string): Promise<void> {
    await this.knex('document_blobs').where({ sha256 }).delete();
  }
}
