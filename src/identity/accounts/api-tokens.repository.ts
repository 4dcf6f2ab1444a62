import type { Knex } from 'knex';

export interface ApiTokenRow {
  token_id: string;
  name: string;
  role: string;
  secret_hash: string;
  revoked_at: Date | null;
}

/** Integration tokens (`sst_<id>_<secret>`): only a hash of the secret is kept. */
export class ApiTokensRepository {
  constructor(private readonly knex: Knex) {}

  async insert(token: { tokenId: string; name: string; role: string; secretHash: string }): Promise<void> {
    await this.knex('api_tokens').insert({
      token_id: token.tokenId,
      name: token.name,
      role: token.role,
      secret_hash: token.secretHash,
    });
  }

  async byId(tokenId: string): Promise<ApiTokenRow | undefined> {
    return this.knex<ApiTokenRow>('api_tokens').where({ token_id: tokenId }).first();
  }

  /** Marks the token revoked unless it already is (its first revocation time stands); the row after, if it exists. */
  async revoke(tokenId: string, at: Date): Promise<ApiTokenRow | undefined> {
    await this.knex('api_tokens').where({ token_id: tokenId }).whereNull('revoked_at').update({ revoked_at: at });
    return this.byId(tokenId);
  }
}
