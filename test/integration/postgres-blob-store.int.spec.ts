import { afterAll, beforeAll, describe } from 'vitest';
import { z } from 'zod';
import { PostgresBlobStore } from '../../src/documents/blobs/postgres-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rowsOf } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { blobStoreContract, type BlobStoreSubject } from './blob-store-contract/blob-store.contract';

describe('PostgresBlobStore (real embedded PostgreSQL)', () => {
  let database: TestDatabase;
  let subject: BlobStoreSubject;

  beforeAll(async () => {
    database = await createTestDatabase('blobs');
    subject = {
      store: new PostgresBlobStore(database.knex),
      async overwrite(sha256, content) {
        await database.pool.query('update document_blobs set content = $1 where sha256 = $2', [content, sha256]);
      },
      async writes(sha256) {
        const rows = rowsOf(
          await database.pool.query('select count(*)::int as count from document_blobs where sha256 = $1', [sha256]),
          z.object({ count: z.number() }),
        );
        return rows[0]?.count ?? 0;
      },
    };
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  blobStoreContract(() => subject);
});
