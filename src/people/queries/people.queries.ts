import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Principal } from '../../identity/identity.contract';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { ProfileQueries } from '../../progress/progress.contract';
import { BadgeNames, credentialIdOf } from '../../badges/badges.contract';
import { PersonStreams } from '../commands/person-streams';
import { endorsementsLeftOn } from '../domain/person.decide';
import { maySeePrivate } from '../http/viewer';
import type { ownProfileResponseSchema, profileResponseSchema } from '../http/people.schemas';

interface ProfileRow {
  nickname: string | null;
  bio: string | null;
  location: string | null;
  website_url: string | null;
  theme: 'auto' | 'light' | 'dark';
  is_public: boolean;
  avatar_hash: string | null;
}

export const displayNameOf = (userId: string, nickname: string | null | undefined) =>
  nickname ?? `Member ${userId.slice(0, 8)}`;
export const avatarUrlOf = (hash: string | null | undefined) => (hash ? `/api/v1/avatars/${hash}` : null);

/**
 * Profiles: the member's own words from the erasable `profiles` table, shown only as `isPublic`
 * allows (a private profile is a 404 to anyone but its owner and admins); skills from the log,
 * endorsement counts and badges from their read models.
 */
@Injectable()
export class PeopleQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    private readonly progress: ProfileQueries,
    private readonly people: PersonStreams,
    private readonly badgeNames: BadgeNames,
  ) {}

  async profile(userId: string, viewer: Principal | null): Promise<z.infer<typeof profileResponseSchema>> {
    const row = await this.knex<ProfileRow & { user_id: string }>('profiles').where({ user_id: userId }).first();
    if (row && !row.is_public && !maySeePrivate(viewer, userId))
      throw new DomainError('PROFILE_NOT_FOUND', `No public profile of ${userId}`, { userId });
    const [base, person, evidence, endorsements, badges] = await Promise.all([
      this.progress.publicProfile(userId),
      this.people.person(userId),
      this.knex('skill_evidence').where({ user_id: userId }).select('skill_slug', 'evidence_url'),
      this.knex('endorsements')
        .where({ endorsee_id: userId })
        .groupBy('skill_slug')
        .select('skill_slug', this.knex.raw('count(*)::int as count')) as Promise<
        { skill_slug: string; count: number }[]
      >,
      this.knex('badge_holdings')
        .where({ user_id: userId })
        .whereNull('revoked_at')
        .orderBy('awarded_at')
        .select('badge_code', 'awarded_at', 'award_event_id'),
    ]);
    const catalog = await this.people.catalog();
    const evidenceOf = new Map(
      evidence.map((entry: { skill_slug: string; evidence_url: string }) => [entry.skill_slug, entry.evidence_url]),
    );
    const endorsementsOf = new Map(endorsements.map((entry) => [entry.skill_slug, entry.count]));
    const names = await this.badgeNames.names();
    return {
      ...base,
      displayName: displayNameOf(userId, row?.nickname),
      nickname: row?.nickname ?? null,
      bio: row?.bio ?? null,
      location: row?.location ?? null,
      websiteUrl: row?.website_url ?? null,
      avatarUrl: avatarUrlOf(row?.avatar_hash),
      isPublic: row?.is_public ?? true,
      skills: Object.entries(person.skills).map(([skillSlug, skill]) => {
        const known = Object.hasOwn(catalog.skills, skillSlug) ? catalog.skills[skillSlug] : undefined;
        return {
          skillSlug,
          name: known?.name ?? skillSlug,
          category: known?.category ?? 'other',
          level: skill.level,
          evidenceUrl: skill.hasEvidence ? (evidenceOf.get(skillSlug) ?? null) : null,
          verified: skill.verifiedBy !== null,
          verifiedBy: skill.verifiedBy,
          verifiedAt: skill.verifiedAt,
          endorsements: endorsementsOf.get(skillSlug) ?? 0,
        };
      }),
      badges: badges.map((badge: { badge_code: string; awarded_at: string; award_event_id: string }) => ({
        code: badge.badge_code,
        name: names.get(badge.badge_code) ?? badge.badge_code,
        awardedAt: badge.awarded_at,
        credentialId: credentialIdOf(badge.award_event_id),
      })),
      endorsementsReceived: [...endorsementsOf.values()].reduce((sum, count) => sum + count, 0),
    };
  }

  async ownProfile(userId: string, viewer: Principal): Promise<z.infer<typeof ownProfileResponseSchema>> {
    const [profile, row, person] = await Promise.all([
      this.profile(userId, viewer),
      this.knex<ProfileRow & { user_id: string }>('profiles').where({ user_id: userId }).first('theme'),
      this.people.person(userId),
    ]);
    const today = this.people.clock.now().toISOString().slice(0, 10);
    return { ...profile, theme: row?.theme ?? 'auto', endorsementsLeftToday: endorsementsLeftOn(person, today) };
  }
}
