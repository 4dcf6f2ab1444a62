import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { DomainError } from '../../shared-kernel/domain-error';
import { derivedId, newId } from '../../shared-kernel/ids';
import { hashSecret } from '../access/authenticator.service';
import { apiTokenDecider, apiTokenStream, decideApiToken } from '../domain/api-token.events';
import type { Role } from '../domain/roles.contract';
import { ApiTokensRepository } from './api-tokens.repository';

/** Mints an integration token; the full token is shown once and only its hash is stored. */
export async function createApiToken(
  knex: Knex,
  name: string,
  role: Role,
): Promise<{ tokenId: string; token: string }> {
  const tokenId = newId();
  const secret = randomBytes(32).toString('base64url');
  await new ApiTokensRepository(knex).insert({ tokenId, name, role, secretHash: hashSecret(secret) });
  return { tokenId, token: `sst_${tokenId}_${secret}` };
}

export class ApiTokenNotFoundError extends DomainError {
  constructor(tokenId: string) {
    super('API_TOKEN_NOT_FOUND', `No integration token ${tokenId}`, { tokenId });
  }
}

/**
 * Ends an integration token: `revoked_at` in `api_tokens` first (each instance's token cache reads
 * it again within API_TOKEN_CACHE_MS), then `ApiTokenRevoked` on `apiToken-<tokenId>`, naming who
 * (null: the CLI). Idempotent: the first revocation's time stands and the event is written once,
 * so running it again after a failure between the two writes completes it.
 */
export async function revokeApiToken(
  knex: Knex,
  streams: StreamWriter,
  tokenId: string,
  revoke: { revokedBy: string | null; at: Date },
): Promise<{ tokenId: string; revokedAt: string }> {
  const row = await new ApiTokensRepository(knex).revoke(tokenId, revoke.at);
  if (!row?.revoked_at) throw new ApiTokenNotFoundError(tokenId);
  await streams.write(
    apiTokenStream(tokenId),
    apiTokenDecider,
    { commandId: derivedId('api-token-revoked', tokenId), actorId: revoke.revokedBy },
    (state) => decideApiToken({ type: 'RevokeApiToken', revokedBy: revoke.revokedBy }, state),
    'accept',
  );
  return { tokenId, revokedAt: row.revoked_at.toISOString() };
}
