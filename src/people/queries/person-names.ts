import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { KNEX } from '../../platform/platform.tokens';
import { displayNameOf } from './people.queries';

/**
 * What other contexts call a member: the nickname of a public profile, or the short form
 * "Member 1a2b3c4d" (the same rule as GET /api/v1/people). For pages that name people to someone
 * who can't look them up, such as a client on a share link.
 */
@Injectable()
export class PersonNames {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    const rows: { user_id: string; nickname: string | null }[] = await this.knex('profiles')
      .whereIn('user_id', ids)
      .andWhere({ is_public: true })
      .select('user_id', 'nickname');
    const nicknames = new Map(rows.map((row) => [row.user_id, row.nickname]));
    return new Map(ids.map((userId) => [userId, displayNameOf(userId, nicknames.get(userId))]));
  }
}
