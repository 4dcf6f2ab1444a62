/**
 * A badge's rule in words, for the directory and the badge page. The generated contract types a
 * rule as an open object (it is recursive JSON), so it is read here with guards: anything this
 * page does not know is shown as "a rule this page cannot describe", never guessed at.
 */
export type RuleNode =
  | { kind: 'manual' }
  | { kind: 'threshold'; sentence: string }
  | { kind: 'group'; mode: 'all' | 'any'; children: RuleNode[] }
  | { kind: 'unknown' };

const METRIC_WORDS: Record<string, string> = {
  tasksAccepted: 'Tasks accepted',
  daysSinceJoin: 'Days since joining',
  criticalBugReports: 'Critical bug reports accepted',
  helpfulReviews: 'Reviews the venture owner marked helpful',
  reviewAgreementPct: 'Reviews that agreed with the outcome (%)',
  kycStatus: 'Identity check (KYC)',
  deviceCompliantDays: 'Days with every reported device compliant',
  policyViolations: 'Device policy violations',
  conversionsSettled: "BUZ conversions settled in a venture's first window",
  endorsementsReceived: 'Endorsements received',
  avgQuality: 'Average quality of accepted tasks',
};

const OPERATOR_WORDS: Record<string, string> = {
  gte: 'at least',
  gt: 'more than',
  lte: 'at most',
  lt: 'less than',
  eq: 'exactly',
  neq: 'anything but',
  in: 'one of',
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueWords(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'number' || typeof item === 'string'))
    return value.join(', ');
  return null;
}

function threshold(rule: Json): RuleNode {
  const metric = typeof rule.metric === 'string' ? (METRIC_WORDS[rule.metric] ?? rule.metric) : null;
  const operator = Object.keys(OPERATOR_WORDS).find((candidate) => rule[candidate] !== undefined);
  const value = operator ? valueWords(rule[operator]) : null;
  if (!metric || !operator || value === null) return { kind: 'unknown' };
  // "Identity check (KYC): exactly PASSED" reads badly; a word compared for equality reads as "is".
  const words = typeof rule[operator] === 'string' && operator === 'eq' ? 'is' : OPERATOR_WORDS[operator];
  return { kind: 'threshold', sentence: `${metric}: ${words} ${value}` };
}

export function readRule(rule: unknown): RuleNode {
  if (!isObject(rule)) return { kind: 'unknown' };
  if (rule.type === 'MANUAL') return { kind: 'manual' };
  if (rule.type === 'THRESHOLD') return threshold(rule);
  if (rule.type === 'COMPOSITE') {
    const mode = Array.isArray(rule.all) ? 'all' : Array.isArray(rule.any) ? 'any' : null;
    const children = mode === 'all' ? rule.all : mode === 'any' ? rule.any : null;
    if (!mode || !Array.isArray(children)) return { kind: 'unknown' };
    return { kind: 'group', mode, children: children.map(readRule) };
  }
  return { kind: 'unknown' };
}

/** One line for lists: "Tasks accepted: at least 1 and Days since joining: at most 90". */
export function ruleSentence(node: RuleNode): string {
  switch (node.kind) {
    case 'manual':
      return 'Awarded by an admin, by hand';
    case 'threshold':
      return node.sentence;
    case 'group':
      return node.children
        .map((child) => (child.kind === 'group' ? `(${ruleSentence(child)})` : ruleSentence(child)))
        .join(node.mode === 'all' ? ' and ' : ' or ');
    case 'unknown':
      return 'A rule this page cannot describe';
  }
}
