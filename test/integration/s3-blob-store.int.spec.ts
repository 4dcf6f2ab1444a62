import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/platform/config/app-config';
import { blobKey, S3BlobStore } from '../../src/documents/blobs/s3-blob-store';
import { S3ObjectClient, S3RequestError, type S3Settings } from '../../src/documents/blobs/s3/s3-object-client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startS3Fake, type TestS3Server } from '../support/s3-fake/s3-fake-server';
import { closeIfStarted } from '../support/teardown';
import { blobStoreContract, type BlobStoreSubject } from './blob-store-contract/blob-store.contract';

describe('S3BlobStore (the in-process S3 fake, which checks every signature; real embedded PostgreSQL for the references)', () => {
  let database: TestDatabase;
  let s3: TestS3Server;
  let settings: S3Settings;
  let store: S3BlobStore;
  let subject: BlobStoreSubject;

  beforeAll(async () => {
    [database, s3] = await Promise.all([createTestDatabase('s3_blobs'), startS3Fake()]);
    settings = {
      endpoint: new URL(s3.endpoint),
      region: 'us-east-1',
      bucket: s3.bucket,
      forcePathStyle: true,
      ...s3.credentials,
    };
    // A second client on the same bucket: what changes objects behind the store's back.
    const bucketAccess = new S3ObjectClient(settings);
    const overwrites = new Map<string, number>();
    store = new S3BlobStore(new S3ObjectClient(settings), database.knex);
    subject = {
      store,
      async overwrite(sha256, content) {
        const actual = createHash('sha256').update(content).digest('hex');
        await bucketAccess.putObject(blobKey(sha256), content, 'application/pdf', actual);
        overwrites.set(sha256, (overwrites.get(sha256) ?? 0) + 1);
      },
      // Objects the store wrote: every PUT the fake took but the test's own overwrites.
      writes: (sha256) => Promise.resolve(s3.writesOf(blobKey(sha256)) - (overwrites.get(sha256) ?? 0)),
    };
  });
  afterAll(async () => {
    await closeIfStarted(database);
    await closeIfStarted(s3);
  });

  blobStoreContract(() => subject);

  describe('talking to S3', () => {
    const storeWith = (changes: Partial<S3Settings>) =>
      new S3BlobStore(new S3ObjectClient({ ...settings, ...changes }, { retryBaseDelayMs: 0 }), database.knex);

    it('keeps each blob as the object sha256/<hex>', async () => {
      const content = Buffer.from('%PDF-1.4 object key');
      const sha256 = createHash('sha256').update(content).digest('hex');
      await store.put({ sha256, content, mediaType: 'application/pdf' });
      const object = await new S3ObjectClient(settings).getObject(`sha256/${sha256}`);
      expect(object?.content.toString()).toBe('%PDF-1.4 object key');
      expect(object?.contentType).toBe('application/pdf');
    });

    it('is refused by the server when the signature is made with another secret', async () => {
      const forged = new S3ObjectClient({ ...settings, secretAccessKey: 'not-the-secret' });
      const refusal = await forged.getObject(blobKey('0'.repeat(64))).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(S3RequestError);
      expect(refusal).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    });

    it('sends the content’s hash with a PUT, so a body that does not match it is refused', async () => {
      const client = new S3ObjectClient(settings);
      const content = Buffer.from('%PDF-1.4 sent');
      const otherHash = createHash('sha256').update('%PDF-1.4 meant').digest('hex');
      const refusal = await client
        .putObject(blobKey(otherHash), content, 'application/pdf', otherHash)
        .catch((error: unknown) => error);
      expect(refusal).toMatchObject({ status: 400, code: 'XAmzContentSHA256Mismatch' });
      expect(await client.exists(blobKey(otherHash))).toBe(false);
    });

    it('stops start-up with the variable to fix, and never the secret, when the bucket cannot be used', async () => {
      const startUp = (store: S3BlobStore) =>
        store.onModuleInit().then(
          () => null,
          (error: unknown) => error,
        );
      const wrongSecret = await startUp(storeWith({ secretAccessKey: 'wrong-secret-do-not-print' }));
      expect(wrongSecret).toBeInstanceOf(ConfigError);
      expect(String(wrongSecret)).toContain('check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
      expect(String(wrongSecret)).not.toContain('wrong-secret-do-not-print');
      expect(String(await startUp(storeWith({ bucket: 'no-such-bucket' })))).toContain('check S3_BUCKET');
      expect(String(await startUp(storeWith({ endpoint: new URL('http://127.0.0.1:1') })))).toContain(
        'check S3_ENDPOINT',
      );
      expect(await startUp(store)).toBeNull();
    });
  });
});
