import type { Knex } from 'knex';
import type { AppConfig } from '../../platform/config/app-config';
import { s3Endpoint } from '../../platform/config/blob-store-settings';
import type { BlobStore } from './blob-store.port';
import { PostgresBlobStore } from './postgres-blob-store';
import { S3BlobStore } from './s3-blob-store';
import { S3ObjectClient } from './s3/s3-object-client';

/** BLOB_STORE picks the store; the config schema has already required the S3 settings it needs. */
export function blobStoreFor(config: AppConfig, knex: Knex): BlobStore {
  if (config.BLOB_STORE === 'postgres') return new PostgresBlobStore(knex);
  const client = new S3ObjectClient({
    endpoint: s3Endpoint(config),
    region: config.S3_REGION,
    bucket: config.S3_BUCKET as string,
    accessKeyId: config.S3_ACCESS_KEY_ID as string,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY as string,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
  return new S3BlobStore(client, knex);
}
