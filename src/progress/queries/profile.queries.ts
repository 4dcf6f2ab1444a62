import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { LEVEL_THRESHOLDS_XP } from '../domain/progress.formulas';
import { formatPoints } from '../../wallet/wallet.contract';

/** Public profile fields only: level, XP and reputation — nothing personal. */
@Injectable()
export class ProfileQueries {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async publicProfile(userId: string) {
    const [profile, user] = await Promise.all([
      this.knex<{ user_id: string; xp: string; level: number; rep_micro: string; last_settled_day: string | null }>(
        'user_profiles',
      )
        .where({ user_id: userId })
        .first(),
      this.knex<{ user_id: string }>('identity_users').where({ user_id: userId }).first('user_id'),
    ]);
    if (!profile && !user) throw new DomainError('PROFILE_NOT_FOUND', `No member ${userId}`, { userId });
    const xp = Number(profile?.xp ?? 0);
    const level = profile?.level ?? 1;
    const repMicro = BigInt(profile?.rep_micro ?? 0);
    return {
      userId,
      level,
      xp,
      nextLevelXp: LEVEL_THRESHOLDS_XP[level] ?? null,
      reputation: formatPoints(repMicro),
      reputationMicro: repMicro.toString(),
      lastSettledDay: profile?.last_settled_day ?? null,
    };
  }
}
