import { describe, expect, it } from 'vitest';
import { SEEDED_BADGES } from '../../../src/badges/domain/badge-catalog';
import {
  badgeRuleSchema,
  describeRule,
  evaluateRule,
  type BadgeRule,
  type Metrics,
} from '../../../src/badges/domain/badge-rules';

const threshold = (rule: object): BadgeRule => badgeRuleSchema.parse({ type: 'THRESHOLD', ...rule });

describe('the badge rule engine: every operator', () => {
  it.each([
    // operator, operand, metric value, matches
    ['gte', 3, 3, true],
    ['gte', 3, 2, false],
    ['gt', 3, 4, true],
    ['gt', 3, 3, false],
    ['lte', 3, 3, true],
    ['lte', 3, 4, false],
    ['lt', 3, 2, true],
    ['lt', 3, 3, false],
    ['eq', 3, 3, true],
    ['eq', 3, 4, false],
    ['neq', 3, 4, true],
    ['neq', 3, 3, false],
    ['in', [1, 3, 5], 3, true],
    ['in', [1, 3, 5], 4, false],
  ])('tasksAccepted %s %j with a value of %j matches: %s', (operator, operand, value, matches) => {
    const outcome = evaluateRule(threshold({ metric: 'tasksAccepted', [operator]: operand }), { tasksAccepted: value });
    expect(outcome).toEqual(
      matches ? { matched: true, evidence: { tasksAccepted: value } } : { matched: false, evidence: {} },
    );
  });

  it('honours eq: 0 (zero is a value, not "unset")', () => {
    const rule = threshold({ metric: 'policyViolations', eq: 0 });
    expect(evaluateRule(rule, { policyViolations: 0 })).toEqual({ matched: true, evidence: { policyViolations: 0 } });
    expect(evaluateRule(rule, { policyViolations: 1 }).matched).toBe(false);
    expect(evaluateRule(threshold({ metric: 'tasksAccepted', lte: 0 }), { tasksAccepted: 0 }).matched).toBe(true);
  });

  it.each(['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'in'])(
    'never treats a missing metric as a match (%s)',
    (operator) => {
      const operand = operator === 'in' ? [0, 1] : 0;
      expect(evaluateRule(threshold({ metric: 'avgQuality', [operator]: operand }), { tasksAccepted: 0 })).toEqual({
        matched: false,
        evidence: {},
      });
    },
  );

  it('compares the one word metric, kycStatus, with eq, neq and in', () => {
    expect(evaluateRule(threshold({ metric: 'kycStatus', eq: 'PASSED' }), { kycStatus: 'PASSED' }).matched).toBe(true);
    expect(evaluateRule(threshold({ metric: 'kycStatus', neq: 'FAILED' }), { kycStatus: 'PENDING' }).matched).toBe(
      true,
    );
    expect(
      evaluateRule(threshold({ metric: 'kycStatus', in: ['PASSED', 'PENDING'] }), { kycStatus: 'FAILED' }).matched,
    ).toBe(false);
  });
});

describe('nested all / any', () => {
  const rule = badgeRuleSchema.parse({
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
  });

  it.each<[Metrics, boolean, object]>([
    [
      { endorsementsReceived: 5, avgQuality: 4.2, tasksAccepted: 2 },
      true,
      { endorsementsReceived: 5, avgQuality: 4.2 },
    ],
    [
      { endorsementsReceived: 6, avgQuality: 3.5, tasksAccepted: 10 },
      true,
      { endorsementsReceived: 6, tasksAccepted: 10 },
    ],
    [{ endorsementsReceived: 4, avgQuality: 5, tasksAccepted: 12 }, false, {}],
    [{ endorsementsReceived: 9, avgQuality: 3.9, tasksAccepted: 9 }, false, {}],
    [{ endorsementsReceived: 9, tasksAccepted: 9 }, false, {}],
  ])('%j → %s, with the values of the branch that matched as evidence', (metrics, matched, evidence) => {
    expect(evaluateRule(rule, metrics)).toEqual({ matched, evidence });
  });

  it('reads in words for the directory', () => {
    expect(describeRule(rule)).toBe(
      'endorsementsReceived at least 5 and (avgQuality at least 4 or tasksAccepted at least 10)',
    );
  });

  it('never matches a MANUAL rule by evaluation', () => {
    expect(evaluateRule({ type: 'MANUAL' }, { tasksAccepted: 100 })).toEqual({ matched: false, evidence: {} });
  });
});

describe('malformed rules are refused', () => {
  it.each([
    ['no type', { metric: 'tasksAccepted', gte: 1 }],
    ['an unknown type', { type: 'SOMETIMES' }],
    ['an unknown metric', { type: 'THRESHOLD', metric: 'karma', gte: 1 }],
    ['no operator', { type: 'THRESHOLD', metric: 'tasksAccepted' }],
    ['two operators', { type: 'THRESHOLD', metric: 'tasksAccepted', gte: 1, lte: 5 }],
    ['an unknown operator', { type: 'THRESHOLD', metric: 'tasksAccepted', between: [1, 2] }],
    ['a word for a number metric', { type: 'THRESHOLD', metric: 'tasksAccepted', gte: 'many' }],
    ['an ordering on a word metric', { type: 'THRESHOLD', metric: 'kycStatus', gte: 'PASSED' }],
    ['an empty in', { type: 'THRESHOLD', metric: 'tasksAccepted', in: [] }],
    ['a composite with both all and any', { type: 'COMPOSITE', all: [{ type: 'MANUAL' }], any: [{ type: 'MANUAL' }] }],
    ['a composite with neither', { type: 'COMPOSITE' }],
    ['an empty all', { type: 'COMPOSITE', all: [] }],
    ['a malformed child', { type: 'COMPOSITE', any: [{ type: 'THRESHOLD', metric: 'tasksAccepted', gte: null }] }],
    ['a MANUAL rule with extra keys', { type: 'MANUAL', metric: 'tasksAccepted' }],
    [
      'a rule nested too deep',
      {
        type: 'COMPOSITE',
        all: [
          {
            type: 'COMPOSITE',
            all: [
              {
                type: 'COMPOSITE',
                all: [{ type: 'COMPOSITE', all: [{ type: 'COMPOSITE', all: [{ type: 'MANUAL' }] }] }],
              },
            ],
          },
        ],
      },
    ],
    ['a number that is not finite', { type: 'THRESHOLD', metric: 'tasksAccepted', gte: Infinity }],
  ])('%s', (_, rule) => {
    expect(badgeRuleSchema.safeParse(rule).success).toBe(false);
  });

  it('accepts the six seeded badges as they are', () => {
    for (const badge of SEEDED_BADGES) expect(badgeRuleSchema.parse(badge.rule), badge.code).toEqual(badge.rule);
  });
});
