import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { safeText } from '../../platform/http/safe-text';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { KNEX } from '../../platform/platform.tokens';
import { avatarUrlOf, displayNameOf } from '../queries/people.queries';

export const peopleQuerySchema = z
  .object({
    ids: safeText({ error: 'ids is a comma-separated list of user ids' })
      .transform((text) => [
        ...new Set(
          text
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(
        z
          .array(z.uuid({ error: 'ids must be user ids (UUIDs)' }))
          .min(1, 'name at least one id')
          .max(100, 'at most 100 ids'),
      ),
  })
  .strict();

export const peopleResponseSchema = z.strictObject({
  people: z.array(z.strictObject({ userId: z.uuid(), displayName: z.string(), avatarUrl: z.string().nullable() })),
});

/**
 * Names and avatars for every place a person appears (task tables, reviews, votes, the cap
 * table): one call for a page's ids. A private profile, or none, shows as "Member 1a2b3c4d".
 */
@Controller('api/v1/people')
export class PeopleController {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  @Get()
  @RespondsWith(peopleResponseSchema)
  async names(@Query(new ZodValidationPipe(peopleQuerySchema)) query: z.infer<typeof peopleQuerySchema>) {
    const rows: { user_id: string; nickname: string | null; avatar_hash: string | null }[] = await this.knex('profiles')
      .whereIn('user_id', query.ids)
      .andWhere({ is_public: true })
      .select('user_id', 'nickname', 'avatar_hash');
    const byId = new Map(rows.map((row) => [row.user_id, row]));
    return {
      people: query.ids.map((userId) => ({
        userId,
        displayName: displayNameOf(userId, byId.get(userId)?.nickname),
        avatarUrl: avatarUrlOf(byId.get(userId)?.avatar_hash),
      })),
    };
  }
}
