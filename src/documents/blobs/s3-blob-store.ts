import { Logger, type OnModuleInit } from '@nestjs/common';
import type { Knex } from 'knex';
import { ConfigError } from '../../platform/config/app-config';
import { DomainError } from '../../shared-kernel/domain-error';
import type { BlobStore, StoredBlob } from './blob-store.port';
import { addReference, dropReferences, isReferenced } from './blob-references';
import { isTransient, S3RequestError, type S3ObjectClient } from './s3/s3-object-client';

/**
 * Advisory-lock namespace (first key of the two-int form) of a blob's put and delete; the
 * leaders' namespaces are 71_001–71_003 (src/platform/leadership/leader-lock.ts).
 */
const BLOB_LOCK_NAMESPACE = 71_101;

/** The object key of a blob: its hash, under a prefix that says which hash it is. */
export const blobKey = (sha256: string): string => `sha256/${sha256}`;

/**
 * Blobs as objects in an S3-compatible bucket, one per distinct content under `sha256/<hex>`;
 * which documents use them stays in PostgreSQL (`document_blob_refs`), as for PostgresBlobStore.
 *
 * S3 has no "insert unless present" that every compatible store honours, and no statement that
 * deletes an object only while no row refers to it. So a put (look, then write) and a release's
 * delete (check the references, then delete) of the same hash each run under one PostgreSQL
 * advisory lock: an upload that references a blob while a purge removes it either keeps it
 * (the purge sees the reference) or, coming a moment late, finds it gone and stores it again.
 */
export class S3BlobStore implements BlobStore, OnModuleInit {
  private readonly logger = new Logger(S3BlobStore.name);

  constructor(
    private readonly s3: S3ObjectClient,
    private readonly knex: Knex,
  ) {}

  /** At start-up: a wrong bucket, endpoint or key stops the server with the variable to fix. */
  async onModuleInit(): Promise<void> {
    try {
      await this.s3.checkBucket();
    } catch (error) {
      if (error instanceof S3RequestError) throw new ConfigError(startupHint(error));
      throw error;
    }
  }

  async put(blob: StoredBlob): Promise<void> {
    await this.underBlobLock(blob.sha256, async () => {
      if (await this.whileUp(this.s3.exists(blobKey(blob.sha256)))) return;
      await this.whileUp(this.s3.putObject(blobKey(blob.sha256), blob.content, blob.mediaType, blob.sha256));
    });
  }

  async get(sha256: string): Promise<StoredBlob | null> {
    const object = await this.whileUp(this.s3.getObject(blobKey(sha256)));
    return object ? { sha256, content: object.content, mediaType: object.contentType } : null;
  }

  async reference(sha256: string, documentId: string): Promise<void> {
    await addReference(this.knex, sha256, documentId);
  }

  async release(documentId: string): Promise<string[]> {
    const deleted: string[] = [];
    for (const sha256 of await dropReferences(this.knex, documentId)) {
      await this.underBlobLock(sha256, async (transaction) => {
        if (await isReferenced(transaction, sha256)) return;
        await this.whileUp(this.s3.deleteObject(blobKey(sha256)));
        deleted.push(sha256);
      });
    }
    return deleted;
  }

  /**
   * An outage the client's retries did not outlast is the service's, not ours: a 503 the caller
   * may retry (the command id makes that safe), with S3's own words in our log only. Anything
   * else (a refused key, a missing bucket) stays a 500: the settings need fixing.
   */
  private async whileUp<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (!isTransient(error)) throw error;
      this.logger.warn(`BLOB_STORE=s3 is unavailable: ${(error as S3RequestError).message}`);
      throw new DomainError('BLOB_STORE_UNAVAILABLE', 'The document store did not answer; try again in a moment', {});
    }
  }

  private async underBlobLock(sha256: string, work: (transaction: Knex.Transaction) => Promise<void>): Promise<void> {
    await this.knex.transaction(async (transaction) => {
      await transaction.raw('select pg_advisory_xact_lock(?, hashtext(?))', [BLOB_LOCK_NAMESPACE, sha256]);
      await work(transaction);
    });
  }
}

function startupHint(error: S3RequestError): string {
  const fix =
    error.status === 403
      ? 'check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_REGION: a key signed for another region is refused)'
      : error.status === 404
        ? 'check S3_BUCKET: the bucket must exist (the server does not create it)'
        : error.status === 0
          ? 'check S3_ENDPOINT and that the service is up'
          : 'check the S3_* settings (README "Blob storage")';
  return `BLOB_STORE=s3: the bucket could not be used (${error.message}); ${fix}`;
}
