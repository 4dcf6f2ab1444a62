import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { newId } from '../../shared-kernel/ids';
import { hashSecret } from '../access/authenticator.service';
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
