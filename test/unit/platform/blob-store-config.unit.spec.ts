import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/platform/config/app-config';
import { s3Endpoint } from '../../../src/platform/config/blob-store-settings';

const SECRET = 'a-secret-that-must-never-be-printed';
const S3 = {
  BLOB_STORE: 's3',
  S3_BUCKET: 'ledger-documents',
  S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  S3_SECRET_ACCESS_KEY: SECRET,
};

function configErrorOf(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('BLOB_STORE and the S3 settings', () => {
  it('keeps blobs in PostgreSQL unless told otherwise, whatever S3_* says', () => {
    expect(loadConfig({}).BLOB_STORE).toBe('postgres');
    expect(loadConfig({ S3_BUCKET: 'unused-bucket' }).BLOB_STORE).toBe('postgres');
  });

  it('takes an S3-compatible store with its bucket and credentials; region us-east-1 and virtual-hosted style by default', () => {
    const config = loadConfig(S3);
    expect(config).toMatchObject({ ...S3, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false });
    expect(s3Endpoint(config).origin).toBe('https://s3.us-east-1.amazonaws.com');
    const minio = loadConfig({ ...S3, S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' });
    expect(s3Endpoint(minio).origin).toBe('http://minio:9000');
    expect(minio.S3_FORCE_PATH_STYLE).toBe(true);
  });

  it('names each missing setting at start-up when BLOB_STORE=s3', () => {
    const message = configErrorOf({ BLOB_STORE: 's3' });
    expect(message).toContain('S3_BUCKET: required with BLOB_STORE=s3');
    expect(message).toContain('S3_ACCESS_KEY_ID: required with BLOB_STORE=s3');
    expect(message).toContain('S3_SECRET_ACCESS_KEY: required with BLOB_STORE=s3');
  });

  it('refuses an unknown store, a bucket name S3 would refuse, an endpoint with a path and a bad flag', () => {
    expect(configErrorOf({ ...S3, BLOB_STORE: 'disk' })).toContain('BLOB_STORE: must be one of postgres, s3');
    expect(configErrorOf({ ...S3, S3_BUCKET: 'Ledger_Documents' })).toContain('S3_BUCKET: must be an S3 bucket name');
    expect(configErrorOf({ ...S3, S3_ENDPOINT: 'http://minio:9000/ledger-documents' })).toContain(
      'S3_ENDPOINT: give scheme, host and port only',
    );
    expect(configErrorOf({ ...S3, S3_ENDPOINT: 'ftp://minio' })).toContain('S3_ENDPOINT: must be an http(s):// URL');
    expect(configErrorOf({ ...S3, S3_FORCE_PATH_STYLE: 'yes' })).toContain('S3_FORCE_PATH_STYLE');
  });

  it('never prints the secret, even when other settings are wrong', () => {
    expect(configErrorOf({ ...S3, S3_BUCKET: 'x', S3_REGION: 'Nowhere!' })).not.toContain(SECRET);
  });
});
