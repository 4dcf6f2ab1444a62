import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobStore, StoredBlob } from '../../../src/documents/blobs/blob-store.port';
import { present } from '../../support/present';

/** What a contract run needs from a store's spec file: the store, and a hand on its storage behind its back. */
export interface BlobStoreSubject {
  store: BlobStore;
  /** Replaces the stored bytes, as someone with write access to the table or the bucket could. */
  overwrite(sha256: string, content: Buffer): Promise<void>;
  /** How many times the content was written to storage (rows for PostgreSQL, objects created for S3). */
  writes(sha256: string): Promise<number>;
}

const sha256Of = (content: Buffer) => createHash('sha256').update(content).digest('hex');

function aBlob(size = 64, mediaType = 'application/pdf'): StoredBlob {
  const content = randomBytes(size);
  return { sha256: sha256Of(content), content, mediaType };
}

/** Every BlobStore adapter runs exactly these tests (README "Blob storage"). */
export function blobStoreContract(subject: () => BlobStoreSubject): void {
  const store = () => subject().store;

  describe('the blob-store contract', () => {
    it('stores bytes under their hash and gives them back with their media type', async () => {
      const blob = aBlob(100, 'text/markdown');
      await store().put(blob);
      const read = present(await store().get(blob.sha256), 'the stored blob');
      expect(read.sha256).toBe(blob.sha256);
      expect(read.mediaType).toBe('text/markdown');
      expect(Buffer.compare(read.content, blob.content)).toBe(0);
    });

    it('answers null for a hash it does not hold', async () => {
      expect(await store().get(aBlob().sha256)).toBeNull();
    });

    it('writes nothing when the content is already stored: a second put leaves the stored bytes alone', async () => {
      const blob = aBlob();
      await store().put(blob);
      const changed = randomBytes(64);
      await subject().overwrite(blob.sha256, changed);
      await store().put(blob);
      expect(Buffer.compare(present(await store().get(blob.sha256), 'the blob').content, changed)).toBe(0);
      expect(await subject().writes(blob.sha256)).toBe(1);
    });

    it('stores content put by eight parallel writers once', async () => {
      const blob = aBlob();
      await Promise.all(Array.from({ length: 8 }, () => store().put(blob)));
      expect(await subject().writes(blob.sha256)).toBe(1);
      expect(Buffer.compare(present(await store().get(blob.sha256), 'the blob').content, blob.content)).toBe(0);
    });

    it('gives back bytes changed in storage as they are, so the reader’s hash check catches them', async () => {
      const blob = aBlob();
      await store().put(blob);
      const changed = Buffer.concat([blob.content.subarray(0, 63), Buffer.from([blob.content[63] ^ 1])]);
      await subject().overwrite(blob.sha256, changed);
      const read = present(await store().get(blob.sha256), 'the changed blob');
      expect(read.sha256).toBe(blob.sha256);
      expect(sha256Of(read.content)).not.toBe(blob.sha256);
      expect(Buffer.compare(read.content, changed)).toBe(0);
    });

    it('moves a blob of several MiB byte for byte', async () => {
      const blob = aBlob(6 * 1024 * 1024 + 7);
      await store().put(blob);
      expect(sha256Of(present(await store().get(blob.sha256), 'the large blob').content)).toBe(blob.sha256);
    });

    it('deletes on release only the bytes no other document refers to', async () => {
      const [shared, own] = [aBlob(), aBlob()];
      const [first, second] = [randomUUID(), randomUUID()];
      for (const [blob, documentId] of [
        [shared, first],
        [shared, second],
        [own, first],
      ] as const) {
        await store().reference(blob.sha256, documentId);
        await store().put(blob);
      }
      expect(await store().release(first)).toEqual([own.sha256]);
      expect(await store().get(own.sha256)).toBeNull();
      expect(await store().get(shared.sha256)).not.toBeNull();
      expect(await store().release(second)).toEqual([shared.sha256]);
      expect(await store().get(shared.sha256)).toBeNull();
      expect(await store().release(second)).toEqual([]);
    });

    it('never loses the bytes of an upload that races a purge of the same content', async () => {
      for (let round = 0; round < 10; round += 1) {
        const blob = aBlob();
        const [purged, uploaded] = [randomUUID(), randomUUID()];
        await store().reference(blob.sha256, purged);
        await store().put(blob);
        await Promise.all([
          store().release(purged),
          (async () => {
            await store().reference(blob.sha256, uploaded);
            await store().put(blob);
          })(),
        ]);
        expect(await store().get(blob.sha256), `round ${round}`).not.toBeNull();
      }
    });
  });
}
