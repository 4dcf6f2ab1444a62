import { appRoleUrl, privilegeProblems, provisionAppLogin } from '../platform/database/app-role';
import { ConfigError, type AppConfig } from '../platform/config/app-config';
import { ensureDatabase, migrateDatabase } from '../platform/database/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../platform/database/embedded-postgres';
import { localSecret } from './local-secret';

export interface DatabaseBootstrap {
  /** Used for migrations here, then dropped: the running server holds only `appUrl`. */
  ownerUrl: string;
  /** The server's own login, checked to be unable to undo WORM. */
  appUrl: string;
  embedded: EmbeddedPostgres | null;
  migrationsApplied: string[];
}

/** DATABASE_URL when given; otherwise the embedded server under DATA_DIR. Then migrations, then the app's login. */
export async function bootstrapDatabase(config: AppConfig, log: (line: string) => void): Promise<DatabaseBootstrap> {
  let embedded: EmbeddedPostgres | null = null;
  let ownerUrl = config.DATABASE_URL;
  if (!ownerUrl) {
    embedded = await startEmbeddedPostgres(config.DATA_DIR, log);
    ownerUrl = await ensureDatabase(embedded.adminUrl, 'smartstart');
  }
  const migrationsApplied = await migrateDatabase(ownerUrl);
  const appUrl = await appLoginUrl(config, ownerUrl, embedded !== null, log);
  await provisionAppLogin(ownerUrl, appUrl);
  await refusePrivilegedLogin(config, appUrl, log);
  return { ownerUrl, appUrl, embedded, migrationsApplied };
}

async function appLoginUrl(
  config: AppConfig,
  ownerUrl: string,
  embedded: boolean,
  log: (line: string) => void,
): Promise<string> {
  if (config.APP_DATABASE_URL) return config.APP_DATABASE_URL;
  // The embedded server is ours alone, so its app password can live beside its data.
  if (embedded)
    return appRoleUrl(
      ownerUrl,
      await localSecret(config.DATA_DIR, 'app-database-password', log, 'the app role smartstart_app logs in with it'),
    );
  if (config.UNSAFE_PRIVILEGED_DATABASE_ROLE) return ownerUrl;
  throw new ConfigError(
    'DATABASE_URL is set but APP_DATABASE_URL is not. The server must not run as the owner of the event log: set APP_DATABASE_URL to ' +
      'postgres://smartstart_app:<password>@<host>/<database> (the owner gives that role LOGIN and this password at start-up), ' +
      'or set UNSAFE_PRIVILEGED_DATABASE_ROLE=true to run as the owner anyway.',
  );
}

async function refusePrivilegedLogin(config: AppConfig, appUrl: string, log: (line: string) => void): Promise<void> {
  const problems = await privilegeProblems(appUrl);
  if (problems.length === 0) return;
  const role = decodeURIComponent(new URL(appUrl).username);
  const finding = `the app's database login "${role}" could undo WORM: ${problems.join('; ')}`;
  if (!config.UNSAFE_PRIVILEGED_DATABASE_ROLE) {
    throw new ConfigError(
      `Refusing to start: ${finding}. Use a login of the smartstart_app role (APP_DATABASE_URL), or set UNSAFE_PRIVILEGED_DATABASE_ROLE=true.`,
    );
  }
  log(
    `WARNING: UNSAFE_PRIVILEGED_DATABASE_ROLE is set and ${finding}. Anyone holding this connection can rewrite the ledger.`,
  );
}
