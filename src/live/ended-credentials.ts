import type { Knex } from 'knex';
import type { Principal } from '../identity/identity.contract';

/**
 * The sessions and integration tokens among `principals` that no longer authenticate: signed out,
 * revoked or past their session's end. Two queries for every stream of the instance at once.
 */
export async function endedCredentials(knex: Knex, principals: readonly Principal[], now: Date): Promise<Set<string>> {
  const sessionIds = [
    ...new Set(principals.flatMap((principal) => (principal.sessionId ? [principal.sessionId] : []))),
  ];
  const tokenIds = [...new Set(principals.flatMap((principal) => (principal.tokenId ? [principal.tokenId] : [])))];
  const ended = new Set<string>();
  if (sessionIds.length > 0) {
    const { rows } = await knex.raw<{ rows: { id: string }[] }>(
      'select session_id as id from sessions where session_id = any(?::uuid[]) and (revoked_at is not null or expires_at <= ?)',
      [sessionIds, now],
    );
    for (const row of rows) ended.add(row.id);
  }
  if (tokenIds.length > 0) {
    const { rows } = await knex.raw<{ rows: { id: string }[] }>(
      'select token_id as id from api_tokens where token_id = any(?::uuid[]) and revoked_at is not null',
      [tokenIds],
    );
    for (const row of rows) ended.add(row.id);
  }
  return ended;
}
