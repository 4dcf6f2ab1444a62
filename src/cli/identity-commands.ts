import { z } from 'zod';
import { systemClock } from '../shared-kernel/clock';
import type { AppConfig } from '../platform/config/app-config';
import { derivedId } from '../shared-kernel/ids';
import { ApiTokenNotFoundError, createApiToken, revokeApiToken } from '../identity/accounts/api-token.service';
import { AuthService } from '../identity/accounts/auth.service';
import { SessionIssuer } from '../identity/accounts/session-issuer.service';
import { UserStreamWriter } from '../identity/commands/user-stream.writer';
import { StreamWriter } from '../platform/event-store/stream-writer.service';
import { decideUser } from '../identity/domain/user.decide';
import { emailSchema, passwordSchema } from '../identity/http/auth.schemas';
import { roleSchema, tokenIdParamSchema } from '../identity/http/identity.schemas';
import type { CliDatabase } from './cli-database';
import { UsageError } from './commands';

function parseOrExplain<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${flag}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
  return result.data;
}

/** The first admin: an account (or an existing one, with the same password) plus the admin role. */
export async function createAdminCommand(
  cli: CliDatabase,
  config: AppConfig,
  flags: { email?: string; password?: string },
): Promise<number> {
  const email = parseOrExplain(emailSchema, flags.email, '--email');
  const password = parseOrExplain(passwordSchema, flags.password, '--password');
  const writer = new UserStreamWriter(new StreamWriter(cli.store, systemClock), cli.store);
  const auth = new AuthService(
    cli.database.knex,
    systemClock,
    config,
    writer,
    new SessionIssuer(cli.database.knex, systemClock, config),
  );
  const { userId } = await auth.registerOrReuse(email, password);
  await writer.write(userId, { commandId: derivedId('cli-admin', userId), actorId: null }, (state) =>
    decideUser({ type: 'GrantRole', userId, role: 'admin', grantedBy: null }, state),
  );
  console.log(JSON.stringify({ userId, email, roles: ['member', 'admin'] }, null, 2));
  console.error('Admin ready. Sign in and set up an authenticator app: admin actions need a TOTP-verified session.');
  return 0;
}

export async function createTokenCommand(cli: CliDatabase, flags: { name?: string; role?: string }): Promise<number> {
  const name = parseOrExplain(z.string().trim().min(1, 'give the integration a name').max(100), flags.name, '--name');
  const role = parseOrExplain(roleSchema, flags.role ?? 'system', '--role');
  const { tokenId, token } = await createApiToken(cli.database.knex, name, role);
  console.log(token);
  console.error(
    `Token ${tokenId} for "${name}" with role ${role}. It is shown only now; send it as "Authorization: Bearer <token>".`,
  );
  return 0;
}

/**
 * `token revoke <id>`: the admin route's revocation, recorded with no actor (whoever runs the CLI
 * holds the database). Exit 1 for an unknown token; revoking a revoked one changes nothing.
 */
export async function revokeTokenCommand(cli: CliDatabase, tokenId: string | undefined): Promise<number> {
  const id = parseOrExplain(tokenIdParamSchema, tokenId, 'token revoke <id>');
  try {
    const revoked = await revokeApiToken(cli.database.knex, new StreamWriter(cli.store, systemClock), id, {
      revokedBy: null,
      at: systemClock.now(),
    });
    console.log(JSON.stringify(revoked, null, 2));
    console.error(`Token ${id} is revoked: every instance refuses it within API_TOKEN_CACHE_MS.`);
    return 0;
  } catch (error) {
    if (!(error instanceof ApiTokenNotFoundError)) throw error;
    console.error(error.message);
    return 1;
  }
}
