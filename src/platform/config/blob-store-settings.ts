import { z } from 'zod';

export const BLOB_STORES = ['postgres', 's3'] as const;

/** S3's bucket naming rules, minus the legacy forms: 3–63 lowercase letters, digits, dots and hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const S3_REQUIRED = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** Where document bytes live (README "Blob storage"): the settings, merged into the server's config schema. */
export const blobStoreSettings = {
  BLOB_STORE: z.enum(BLOB_STORES, { error: `must be one of ${BLOB_STORES.join(', ')}` }).default('postgres'),
  /** The S3 service: scheme, host and port only. Unset, AWS's endpoint of S3_REGION. */
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })
    .refine((text) => !URL.canParse(text) || isBareEndpoint(new URL(text)), {
      error: 'give scheme, host and port only (https://s3.example.com:9000), no path: the bucket goes in S3_BUCKET',
    })
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,32}$/, 'must be a region name such as eu-west-1 (MinIO: us-east-1 unless configured)')
    .default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(BUCKET_NAME, 'must be an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens')
    .optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Never echoed: a message about it names the variable only. */
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`: MinIO and most self-hosted stores need it. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
};

function isBareEndpoint(url: URL): boolean {
  return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
}

type BlobStoreConfig = z.infer<z.ZodObject<typeof blobStoreSettings>>;

/** With BLOB_STORE=s3 the bucket and the credentials are required; each one missing is named. */
export function requireS3Settings(config: BlobStoreConfig, context: z.RefinementCtx): void {
  if (config.BLOB_STORE !== 's3') return;
  for (const name of S3_REQUIRED) {
    if (config[name] === undefined)
      context.addIssue({ code: 'custom', path: [name], message: 'required with BLOB_STORE=s3' });
  }
}

/** Where AWS serves S3 for a region, when S3_ENDPOINT is not set. */
export function s3Endpoint(config: Pick<BlobStoreConfig, 'S3_ENDPOINT' | 'S3_REGION'>): URL {
  return new URL(config.S3_ENDPOINT ?? `https://s3.${config.S3_REGION}.amazonaws.com`);
}
