import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { JobRunsRepository } from '../../platform/jobs/job-runs.repository';
import { KNEX } from '../../platform/platform.tokens';
import { formatPoints } from '../../wallet/wallet.contract';
import { requireBadge, type BadgeDefinition } from '../domain/badge-catalog';
import { describeRule } from '../domain/badge-rules';
import { BadgeEvaluationService } from '../jobs/badge-evaluation.service';
import { BadgeNames } from './badge-names';

const XP_BUCKETS = [0, 100, 250, 500, 900, 1400, 2000, 2700, 3500, 4400];
const REP_BUCKETS_POINTS = [0, 10, 25, 50, 100, 200];

/** The badge directory (public) and the admin's gamification status. */
@Injectable()
export class BadgesQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    private readonly catalog: BadgeNames,
    private readonly evaluation: BadgeEvaluationService,
    private readonly jobRuns: JobRunsRepository,
  ) {}

  async directory() {
    const [catalog, holders] = await Promise.all([this.catalog.catalog(), this.holderCounts()]);
    return {
      badges: Object.values(catalog.badges).map((badge) => describeBadge(badge, holders.get(badge.code)?.holders ?? 0)),
    };
  }

  async badge(code: string) {
    const badge = requireBadge(await this.catalog.catalog(), code);
    return describeBadge(badge, (await this.holderCounts()).get(code)?.holders ?? 0);
  }

  async status() {
    const health = this.evaluation.health(await this.jobRuns.readAll());
    const last = this.evaluation.lastEvaluation();
    const [catalog, holders, profiles] = await Promise.all([
      this.catalog.catalog(),
      this.holderCounts(),
      this.knex<{ xp: string; rep_micro: string }>('user_profiles').select('xp', 'rep_micro'),
    ]);
    return {
      lastEvaluation: health.lastRunAt
        ? {
            at: health.lastRunAt,
            durationMs: health.lastDurationMs,
            outcome: health.lastOutcome,
            membersChecked: last?.membersChecked ?? null,
            awards: last?.awards.length ?? null,
          }
        : null,
      nextEvaluationAt: health.nextRunAt,
      awardsPerBadge: Object.keys(catalog.badges).map((code) => ({
        code,
        holders: holders.get(code)?.holders ?? 0,
        revoked: holders.get(code)?.revoked ?? 0,
      })),
      xpDistribution: distribution(
        profiles.map((row) => Number(row.xp)),
        XP_BUCKETS,
        (from) => `${from} XP`,
      ),
      reputationDistribution: distribution(
        profiles.map((row) => Number(BigInt(row.rep_micro) / 1_000_000n)),
        REP_BUCKETS_POINTS,
        (from) => `${formatPoints(BigInt(from) * 1_000_000n).split('.')[0]} rep`,
      ),
    };
  }

  private async holderCounts(): Promise<Map<string, { holders: number; revoked: number }>> {
    const rows = await this.knex('badge_holdings')
      .groupBy('badge_code')
      .select('badge_code')
      .select(
        this.knex.raw('count(*) filter (where revoked_at is null)::int as holders'),
        this.knex.raw('count(*) filter (where revoked_at is not null)::int as revoked'),
      );
    return new Map(
      rows.map((row: { badge_code: string; holders: number; revoked: number }) => [
        row.badge_code,
        { holders: row.holders, revoked: row.revoked },
      ]),
    );
  }
}

function describeBadge(badge: BadgeDefinition, holders: number) {
  return {
    code: badge.code,
    name: badge.name,
    description: badge.description,
    kind: badge.rule.type,
    rule: badge.rule as Record<string, unknown>,
    criteria: describeRule(badge.rule),
    holders,
  };
}

/** How many members fall in each bucket, named by its lower bound ("≥ from"). */
function distribution(values: number[], bounds: number[], name: (from: number) => string) {
  return bounds.map((from, index) => ({
    bucket: `${name(from)}+`,
    members: values.filter((value) => value >= from && (index === bounds.length - 1 || value < bounds[index + 1]))
      .length,
  }));
}
