import { assertNever } from '../../shared-kernel/assert-never';
import type { JsonObject } from '../../shared-kernel/json';
import type { Decider } from '../../shared-kernel/decider';
import { DomainError } from '../../shared-kernel/domain-error';
import type { BadgeRule } from './badge-rules';

export interface BadgeDefinition {
  code: string;
  name: string;
  description: string;
  rule: BadgeRule;
}

/** The six badges every installation starts with, with their rules as JSON. */
export const SEEDED_BADGES: readonly BadgeDefinition[] = [
  {
    code: 'EARLY_CONTRIBUTOR',
    name: 'Early Contributor',
    description: 'Had work accepted within the first 90 days after joining.',
    rule: {
      type: 'COMPOSITE',
      all: [
        { type: 'THRESHOLD', metric: 'tasksAccepted', gte: 1 },
        { type: 'THRESHOLD', metric: 'daysSinceJoin', lte: 90 },
      ],
    },
  },
  {
    code: 'BUG_HUNTER_BRONZE',
    name: 'Bug Hunter Bronze',
    description: 'Fixed a critical bug: an accepted bug task of severity critical.',
    rule: { type: 'THRESHOLD', metric: 'criticalBugReports', gte: 1 },
  },
  {
    code: 'TOP_REVIEWER',
    name: 'Top Reviewer',
    description: 'Ten reviews marked helpful, agreeing with the outcome at least 80% of the time.',
    rule: {
      type: 'COMPOSITE',
      all: [
        { type: 'THRESHOLD', metric: 'helpfulReviews', gte: 10 },
        { type: 'THRESHOLD', metric: 'reviewAgreementPct', gte: 80 },
      ],
    },
  },
  {
    code: 'SECURITY_CHAMPION',
    name: 'Security Champion',
    description: 'KYC passed, every device compliant for 30 days, and no policy violation.',
    rule: {
      type: 'COMPOSITE',
      all: [
        { type: 'THRESHOLD', metric: 'kycStatus', eq: 'PASSED' },
        { type: 'THRESHOLD', metric: 'deviceCompliantDays', gte: 30 },
        { type: 'THRESHOLD', metric: 'policyViolations', eq: 0 },
      ],
    },
  },
  {
    code: 'EQUITY_PIONEER',
    name: 'Equity Pioneer',
    description: "Had a BUZ conversion settled in a venture's first conversion window.",
    rule: { type: 'THRESHOLD', metric: 'conversionsSettled', gte: 1 },
  },
  {
    code: 'COMMUNITY_BUILDER',
    name: 'Community Builder',
    description: 'Endorsed by five members, with an average quality of 4 or ten accepted tasks.',
    rule: {
      type: 'COMPOSITE',
      all: [
        { type: 'THRESHOLD', metric: 'endorsementsReceived', gte: 5 },
        {
          type: 'COMPOSITE',
          any: [
            { type: 'THRESHOLD', metric: 'avgQuality', gte: 4 },
            { type: 'THRESHOLD', metric: 'tasksAccepted', gte: 10 },
          ],
        },
      ],
    },
  },
];

/** Events of `badgeCatalog-main`: badges admins add to the seeded ones. */
export type BadgeCatalogEvent = {
  type: 'BadgeDefined';
  data: { code: string; name: string; description: string; rule: JsonObject; definedBy: string };
};

export const BADGE_CATALOG_STREAM = 'badgeCatalog-main';

export interface BadgeCatalogState {
  /** By code, in the order they were defined (the seeded ones first). */
  badges: Readonly<Record<string, BadgeDefinition>>;
}

export const initialBadgeCatalog: BadgeCatalogState = {
  badges: Object.fromEntries(SEEDED_BADGES.map((badge) => [badge.code, badge])),
};

export function evolveBadgeCatalog(state: BadgeCatalogState, event: BadgeCatalogEvent): BadgeCatalogState {
  switch (event.type) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one event type today; the switch stays exhaustive (house style) for the next
    case 'BadgeDefined': {
      const { code, name, description, rule } = event.data;
      return { badges: { ...state.badges, [code]: { code, name, description, rule: rule as unknown as BadgeRule } } };
    }
    default:
      return assertNever(event.type);
  }
}

export const badgeCatalogDecider: Decider<BadgeCatalogState, BadgeCatalogEvent> = {
  initialState: initialBadgeCatalog,
  evolve: evolveBadgeCatalog,
};

export function defineBadge(state: BadgeCatalogState, badge: BadgeDefinition, definedBy: string): BadgeCatalogEvent[] {
  if (Object.hasOwn(state.badges, badge.code))
    throw new DomainError('BADGE_EXISTS', `A badge ${badge.code} already exists`, { code: badge.code });
  return [{ type: 'BadgeDefined', data: { ...badge, rule: badge.rule, definedBy } }];
}

export function requireBadge(state: BadgeCatalogState, code: string): BadgeDefinition {
  const badge = Object.hasOwn(state.badges, code) ? state.badges[code] : undefined;
  if (!badge) throw new DomainError('BADGE_NOT_FOUND', `No badge ${code}`, { code });
  return badge;
}
