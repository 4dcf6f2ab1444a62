import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';

/**
 * Badge rules: THRESHOLD (one metric, one operator), COMPOSITE (nested `all` / `any`) and
 * MANUAL (awarded by an admin only). Rules are JSON, validated by `badgeRuleSchema` when a
 * badge is created, and evaluated against metrics folded from events (./badge-metrics.ts).
 */
export const METRICS = [
  'tasksAccepted',
  'daysSinceJoin',
  'criticalBugReports',
  'helpfulReviews',
  'reviewAgreementPct',
  'kycStatus',
  'deviceCompliantDays',
  'policyViolations',
  'conversionsSettled',
  'endorsementsReceived',
  'avgQuality',
] as const;
export type MetricName = (typeof METRICS)[number];
/** The one metric that is a word, not a number. */
const TEXT_METRICS: readonly MetricName[] = ['kycStatus'];

export type MetricValue = number | string;
/** A member's metrics; a metric with no data (no reviews yet, no device reported) is absent. */
export type Metrics = Partial<Record<MetricName, MetricValue>>;

export const OPERATORS = ['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'in'] as const;
export type Operator = (typeof OPERATORS)[number];
const ORDERING: readonly Operator[] = ['gte', 'gt', 'lte', 'lt'];

export type ThresholdRule = { type: 'THRESHOLD'; metric: MetricName } & Partial<
  Record<Exclude<Operator, 'in'>, MetricValue>
> & { in?: MetricValue[] };
export type BadgeRule =
  ThresholdRule | { type: 'COMPOSITE'; all?: BadgeRule[]; any?: BadgeRule[] } | { type: 'MANUAL' };

/** Metrics are counts, days, percentages and averages: never negative, never huge. */
const scalar = z.union([
  z.number().min(0, 'rule values are 0 or more').max(1_000_000, 'rule values are at most 1,000,000'),
  safeText().min(1).max(40),
]);

const thresholdSchema = z
  .object({
    type: z.literal('THRESHOLD'),
    metric: z.enum(METRICS, { error: `metric must be one of: ${METRICS.join(', ')}` }),
    gte: scalar.optional(),
    gt: scalar.optional(),
    lte: scalar.optional(),
    lt: scalar.optional(),
    eq: scalar.optional(),
    neq: scalar.optional(),
    in: z.array(scalar).min(1, 'in needs at least one value').max(20).optional(),
  })
  .strict()
  .superRefine((rule, context) => {
    const operators = OPERATORS.filter((operator) => rule[operator] !== undefined);
    if (operators.length !== 1)
      context.addIssue({
        code: 'custom',
        message: `a THRESHOLD rule takes exactly one operator of ${OPERATORS.join(', ')}; got ${operators.length}`,
      });
    const isText = TEXT_METRICS.includes(rule.metric);
    for (const operator of operators) {
      const values = operator === 'in' ? (rule.in as MetricValue[]) : [rule[operator] as MetricValue];
      if (isText && ORDERING.includes(operator))
        context.addIssue({
          code: 'custom',
          path: [operator],
          message: `${rule.metric} is a word: compare it with eq, neq or in`,
        });
      else if (values.some((value) => typeof value !== (isText ? 'string' : 'number'))) {
        context.addIssue({
          code: 'custom',
          path: [operator],
          message: `${rule.metric} is compared with ${isText ? 'strings' : 'numbers'}`,
        });
      }
    }
  });

const MAX_DEPTH = 4;

function ruleSchemaAt(depth: number): z.ZodType<BadgeRule> {
  const children =
    depth >= MAX_DEPTH
      ? z.array(thresholdSchema).min(1).max(10)
      : z
          .array(z.lazy(() => ruleSchemaAt(depth + 1)))
          .min(1)
          .max(10);
  const composite = z
    .object({ type: z.literal('COMPOSITE'), all: children.optional(), any: children.optional() })
    .strict()
    .refine(
      (rule) => (rule.all === undefined) !== (rule.any === undefined),
      'a COMPOSITE rule takes exactly one of all, any',
    );
  const manual = z.object({ type: z.literal('MANUAL') }).strict();
  return z.discriminatedUnion('type', [thresholdSchema, composite, manual], {
    error: 'type must be THRESHOLD, COMPOSITE or MANUAL',
  });
}

export const badgeRuleSchema: z.ZodType<BadgeRule> = ruleSchemaAt(1);

export interface RuleOutcome {
  matched: boolean;
  /** The metric values that satisfied the rule (only the branch that matched, for `any`). */
  evidence: Record<string, MetricValue>;
}

const NO_MATCH: RuleOutcome = { matched: false, evidence: {} };

/** A missing metric never matches, whatever the operator (`neq` included); `eq: 0` is a real comparison. */
export function evaluateRule(rule: BadgeRule, metrics: Metrics): RuleOutcome {
  switch (rule.type) {
    case 'MANUAL':
      return NO_MATCH;
    case 'THRESHOLD': {
      const value = metrics[rule.metric];
      if (value === undefined) return NO_MATCH;
      return compare(rule, value) ? { matched: true, evidence: { [rule.metric]: value } } : NO_MATCH;
    }
    case 'COMPOSITE':
      return rule.all ? allOf(rule.all, metrics) : anyOf(rule.any ?? [], metrics);
  }
}

function allOf(rules: BadgeRule[], metrics: Metrics): RuleOutcome {
  const evidence: Record<string, MetricValue> = {};
  for (const child of rules) {
    const outcome = evaluateRule(child, metrics);
    if (!outcome.matched) return NO_MATCH;
    Object.assign(evidence, outcome.evidence);
  }
  return { matched: true, evidence };
}

function anyOf(rules: BadgeRule[], metrics: Metrics): RuleOutcome {
  for (const child of rules) {
    const outcome = evaluateRule(child, metrics);
    if (outcome.matched) return outcome;
  }
  return NO_MATCH;
}

function compare(rule: ThresholdRule, value: MetricValue): boolean {
  if (rule.in !== undefined) return rule.in.includes(value);
  if (rule.eq !== undefined) return value === rule.eq;
  if (rule.neq !== undefined) return value !== rule.neq;
  if (typeof value !== 'number') return false;
  if (rule.gte !== undefined) return value >= (rule.gte as number);
  if (rule.gt !== undefined) return value > (rule.gt as number);
  if (rule.lte !== undefined) return value <= (rule.lte as number);
  if (rule.lt !== undefined) return value < (rule.lt as number);
  return false;
}

const OPERATOR_WORDS: Record<Operator, string> = {
  gte: 'at least',
  gt: 'more than',
  lte: 'at most',
  lt: 'less than',
  eq: 'exactly',
  neq: 'not',
  in: 'one of',
};

/** The rule in words, for the badge directory: "tasksAccepted at least 1 and daysSinceJoin at most 90". */
export function describeRule(rule: BadgeRule): string {
  switch (rule.type) {
    case 'MANUAL':
      return 'awarded by an admin';
    case 'THRESHOLD': {
      const operator = OPERATORS.find((candidate) => rule[candidate] !== undefined) as Operator;
      const value = operator === 'in' ? (rule.in as MetricValue[]).join(', ') : String(rule[operator]);
      return `${rule.metric} ${OPERATOR_WORDS[operator]} ${value}`;
    }
    case 'COMPOSITE': {
      const parts = (rule.all ?? rule.any ?? []).map((child) =>
        child.type === 'COMPOSITE' ? `(${describeRule(child)})` : describeRule(child),
      );
      return parts.join(rule.all ? ' and ' : ' or ');
    }
  }
}
