import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** Every setting the server reads, with its default. Unknown variables are ignored. */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  EVENTSTORE_URL: z
    .string()
    .regex(/^esdb(\+discover)?:\/\//, 'must be an esdb:// connection string')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: positiveInt.max(200).default(20),
  PROJECTION_BATCH_SIZE: positiveInt.max(10_000).default(500),
  PROJECTION_POLL_MS: positiveInt.max(60_000).default(50),
  LEADER_RETRY_MS: positiveInt.max(600_000).default(2_000),
  INTEGRITY_CHECK_ON_START: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  UI_DIR: z.string().min(1).default('ui/build'),
});

export type AppConfig = z.infer<typeof configSchema>;

export const APP_CONFIG = Symbol('AppConfig');

export class ConfigError extends Error {}

/** Parses the environment; a bad value stops start-up with a message naming each variable. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
