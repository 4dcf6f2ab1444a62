import { isIP } from 'node:net';
import { z } from 'zod';
import { DOC_TYPES } from '../../documents/domain/document.events';
import { COSIGNATURE_V1, parseVerifierKey, type VerifierKey } from '../../audit/witness/signed-note';
import { blobStoreSettings, requireS3Settings } from './blob-store-settings';

const positiveInt = z.coerce.number().int().positive();

/** Express's named subnets (proxy-addr): loopback, link-local and private addresses. */
const NAMED_SUBNETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY → Express's `trust proxy` setting: off (false), a hop count (`1`: the peer is the
 * one proxy), or the proxies to trust, comma-separated (addresses, CIDRs, Express's named
 * subnets). `true` (trust every hop) is refused: any client could then name its own address.
 */
const trustProxy = z.string().transform((text, context): false | number | string[] => {
  const value = text.trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !NAMED_SUBNETS.has(entry) && !isAddressOrCidr(entry));
  if (bad.length > 0 || entries.length === 0) {
    context.addIssue({
      code: 'custom',
      message: `${bad.map((entry) => `"${entry}"`).join(', ') || `"${value}"`}: give a hop count (1), or the proxies' addresses or CIDRs (10.0.0.0/8, loopback, linklocal, uniquelocal), comma-separated; true (trust everyone) is not allowed`,
    });
    return z.NEVER;
  }
  return entries;
});

function isAddressOrCidr(entry: string): boolean {
  const parts = entry.split('/');
  const family = isIP(parts[0]);
  if (family === 0 || parts.length > 2) return false;
  if (parts.length === 1) return true;
  return /^\d+$/.test(parts[1]) && Number(parts[1]) <= (family === 4 ? 32 : 128);
}

/** `https://a.example, http://b.example:8080` → origins as browsers send them in `Origin` (lower case, no default port). */
const originList = z.string().transform((text, context) => {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const urls = entries.map((entry) => (URL.canParse(entry) ? new URL(entry) : null));
  const bad = entries.filter((_, index) => !isBareOrigin(urls[index]));
  if (bad.length > 0) {
    context.addIssue({
      code: 'custom',
      message: `${bad.map((entry) => `"${entry}"`).join(', ')}: give origins like https://ledger.example.com (scheme, host, port; no path), comma-separated`,
    });
    return z.NEVER;
  }
  return urls.map((url) => (url as URL).origin);
});

/** `contract=2555, invoice=3650` → days per document type. */
const retentionList = z.string().transform((text, context) => {
  const days: Record<string, number> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d{1,6})$/.exec(entry);
    if (!match || !(DOC_TYPES as readonly string[]).includes(match[1]) || Number(match[2]) < 1) {
      context.addIssue({
        code: 'custom',
        message: `"${entry}": give type=days pairs, comma-separated, types among ${DOC_TYPES.join(', ')}`,
      });
      return z.NEVER;
    }
    days[match[1]] = Number(match[2]);
  }
  return days;
});

function isBareOrigin(url: URL | null): boolean {
  return (
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !url.password
  );
}

/** `name+keyid+base64, …` → the witnesses' cosignature/v1 verifier keys, each checked against its key id. */
const witnessKeyList = z.string().transform((text, context) => {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const keys = entries.map(parseVerifierKey);
  const bad = entries.filter((_, index) => keys[index]?.type !== COSIGNATURE_V1);
  const names = keys.map((key) => key?.name);
  if (bad.length > 0 || new Set(names).size !== names.length) {
    context.addIssue({
      code: 'custom',
      message: `${bad.map((entry) => `"${entry}"`).join(', ') || 'a name twice'}: give each witness once, as the vkey its \`npm run witness\` prints (name+keyid+base64 of 0x04 and the Ed25519 key), comma-separated`,
    });
    return z.NEVER;
  }
  return keys as VerifierKey[];
});

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

/** Every setting the server reads, with its default. Unknown variables are ignored. */
const configSchema = z
  .object({
    /** What this process does (README "Roles"): `api` serves HTTP and SSE, `worker` runs projections, reactors, sealer and jobs, `all` both. */
    ROLE: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')} (set by --role or ROLE)` }).default('all'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Loopback unless set: a fresh install with demo accounts is not put on the network by default. */
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('.data'),
    /** The owner's URL: migrations and the CLI use it; the server's pool does not. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    /** The server's own login (role smartstart_app); required with DATABASE_URL, generated for the embedded default. */
    APP_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    /** Let the server run on a connection that could undo WORM (a superuser, the owner); warns at every start. */
    UNSAFE_PRIVILEGED_DATABASE_ROLE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    EVENTSTORE_URL: z
      .string()
      .regex(/^esdb(\+discover)?:\/\//, 'must be an esdb:// connection string')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DB_POOL_SIZE: positiveInt.max(200).default(20),
    PROJECTION_BATCH_SIZE: positiveInt.max(10_000).default(500),
    PROJECTION_POLL_MS: positiveInt.max(60_000).default(50),
    LEADER_RETRY_MS: positiveInt.max(600_000).default(2_000),
    /** Retries of an event a projection cannot apply, before it is marked FAILED (so 1 + this many attempts). */
    PROJECTION_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
    /** Pause after a projection's first failed attempt; doubled after each further one, at most 5 minutes. */
    PROJECTION_RETRY_BASE_MS: positiveInt.max(60_000).default(1_000),
    /** Run jobs on their schedules; off, they still run when triggered (API, CLI). Tests turn it off. */
    SCHEDULED_JOBS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    INTEGRITY_CHECK_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    UI_DIR: z.string().min(1).default('ui/build'),
    CHECKPOINT_EVERY_EVENTS: positiveInt.default(1000),
    CHECKPOINT_EVERY_MS: positiveInt.default(10_000),
    /** Raw P-256 private key (64 hex digits) that signs Merkle checkpoints; generated into DATA_DIR when unset. */
    SIGNING_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (a raw P-256 private key)')
      .optional(),
    /** Secret the log's Ed25519 checkpoint-note key derives from (C2SP signed notes for witnesses); generated into DATA_DIR when unset. */
    CHECKPOINT_NOTE_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The witnesses whose cosignatures the ledger expects: comma-separated C2SP vkeys (`name+keyid+base64`, type 0x04). */
    WITNESS_KEYS: witnessKeyList.default([]),
    /** HMAC key of access tokens and CSRF tokens; generated into DATA_DIR when unset. */
    AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Secret the Open Badges issuer key (Ed25519) derives from; generated into DATA_DIR when unset. Keep it: credentials already issued verify only under its key. */
    ISSUER_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The address the public reaches this server at: ids in Open Badges credentials. Default http://localhost:PORT. */
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(86_400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(30 * 86_400),
    PASSWORD_RESET_LINK_TTL_SECONDS: positiveInt.default(86_400),
    /** Set when the portal is served over HTTPS, so session cookies are Secure. */
    COOKIE_SECURE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    /** Origins besides the API's own that may send sign-ins and cookie-session writes (a proxy's public address). */
    ALLOWED_ORIGINS: originList.default([]),
    /** How long an integration token's row is trusted before it is read again: the bound on revocation. 0 reads it on every request. */
    API_TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /** Requests per address per window from callers that are not signed in (or whose credentials failed). */
    RATE_LIMIT_MAX: positiveInt.default(100),
    /** Requests per signed-in account or integration token per window: a working day of two busy portal tabs fits. */
    ACCOUNT_RATE_LIMIT_MAX: positiveInt.default(3000),
    RATE_LIMIT_WINDOW_MS: positiveInt.default(15 * 60_000),
    LOGIN_RATE_LIMIT_MAX: positiveInt.default(10),
    /** Whose X-Forwarded-For to believe for the client's address (rate limits, logs): off by default. */
    TRUST_PROXY: trustProxy.default(false),
    /** Seed the demo (accounts, a venture, balances) into an empty store on start-up. */
    DEMO_SEED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /** Votes a conversion needs: `majority` of the board at the time of the vote, or a fixed number. */
    CONVERSION_QUORUM: z.union([z.literal('majority'), z.coerce.number().int().positive()]).default('majority'),
    DAILY_CAP_BUZ: positiveInt.default(2000),
    MIN_REPUTATION_POINTS: z.coerce.number().int().min(0).default(60),
    /** Largest document upload; over it is 413. 25 MiB by default. */
    DOCUMENT_MAX_UPLOAD_BYTES: positiveInt.max(1024 * 1024 * 1024).default(25 * 1024 * 1024),
    /** Days a document's content is kept after registration, by type (`contract=2555,invoice=3650`); the types not named keep DOCUMENT_RETENTION_DEFAULT_DAYS. */
    DOCUMENT_RETENTION_DAYS: retentionList.default({}),
    DOCUMENT_RETENTION_DEFAULT_DAYS: positiveInt.default(7 * 365),
    /** Calls of the public POST /api/v1/signatures/verify per address per window, on top of the general limit. */
    SIGNATURE_VERIFY_RATE_LIMIT_MAX: positiveInt.default(60),
    ...blobStoreSettings,
  })
  .refine((config) => config.ROLE === 'all' || config.DATABASE_URL !== undefined, {
    path: ['ROLE'],
    error:
      'api and worker processes share one PostgreSQL: set DATABASE_URL (and APP_DATABASE_URL). The embedded default serves one process: use ROLE=all with it',
  })
  .superRefine(requireS3Settings);

export type AppConfig = z.infer<typeof configSchema>;

/** Whether this process runs the projections, reactors, sealer and jobs. */
export const runsBackgroundWork = (config: Pick<AppConfig, 'ROLE'>): boolean => config.ROLE !== 'api';

/** Whether this process serves the API, the portal and live updates (a worker serves only /api/health). */
export const servesApi = (config: Pick<AppConfig, 'ROLE'>): boolean => config.ROLE !== 'worker';

/** Jobs run on their schedules only where background work runs, and only with SCHEDULED_JOBS on. */
export const runsScheduledJobs = (config: Pick<AppConfig, 'ROLE' | 'SCHEDULED_JOBS'>): boolean =>
  config.SCHEDULED_JOBS && runsBackgroundWork(config);

/**
 * `--role api` or `--role=api` on the command line, as the ROLE variable: the flag wins over the
 * environment. Anything else on the command line is left alone.
 */
export function roleFromArguments(argv: readonly string[]): { ROLE?: string } {
  for (const [index, argument] of argv.entries()) {
    const value =
      argument === '--role'
        ? argv[index + 1]
        : argument.startsWith('--role=')
          ? argument.slice('--role='.length)
          : undefined;
    if (argument === '--role' || value !== undefined) {
      if (!value) throw new ConfigError(`--role needs a value: one of ${ROLES.join(', ')}`);
      return { ROLE: value };
    }
  }
  return {};
}

export const APP_CONFIG = Symbol('AppConfig');

export class ConfigError extends Error {}

/** Parses the environment; a bad value stops start-up with a message naming each variable. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
