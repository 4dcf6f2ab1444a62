import { describe, expect, it } from 'vitest';
import { SEEDED_BADGES } from '../../../src/badges/domain/badge-catalog';
import { METRICS, OPERATORS } from '../../../src/badges/domain/badge-rules';
import { readRule, ruleSentence } from '../../../ui/src/lib/badge-rules';

// The portal reads rules from the contract's open JSON object; these pin it to the server's rule language.
describe("the portal's badge criteria in words", () => {
  it('names every metric the server evaluates in words, never by its identifier', () => {
    for (const metric of METRICS) {
      const node = readRule({ type: 'THRESHOLD', metric, gte: 1 });
      expect(node.kind, metric).toBe('threshold');
      expect(ruleSentence(node), metric).not.toContain(metric);
    }
  });

  it('words every operator, and reads eq on a word as "is"', () => {
    const sentences = OPERATORS.map((operator) =>
      ruleSentence(
        readRule({ type: 'THRESHOLD', metric: 'tasksAccepted', [operator]: operator === 'in' ? [1, 2] : 0 }),
      ),
    );
    expect(sentences).toEqual([
      'Tasks accepted: at least 0',
      'Tasks accepted: more than 0',
      'Tasks accepted: at most 0',
      'Tasks accepted: less than 0',
      'Tasks accepted: exactly 0',
      'Tasks accepted: anything but 0',
      'Tasks accepted: one of 1, 2',
    ]);
    expect(ruleSentence(readRule({ type: 'THRESHOLD', metric: 'kycStatus', eq: 'PASSED' }))).toBe(
      'Identity check (KYC): is PASSED',
    );
  });

  it('describes every seeded badge, nested all/any included', () => {
    const words = Object.fromEntries(SEEDED_BADGES.map((badge) => [badge.code, ruleSentence(readRule(badge.rule))]));
    expect(Object.values(words).join(' ')).not.toContain('cannot describe');
    expect(words.COMMUNITY_BUILDER).toBe(
      'Endorsements received: at least 5 and (Average quality of accepted tasks: at least 4 or Tasks accepted: at least 10)',
    );
    expect(ruleSentence(readRule({ type: 'MANUAL' }))).toBe('Awarded by an admin, by hand');
  });

  it('says it cannot describe a rule it does not know, instead of guessing', () => {
    for (const rule of [
      null,
      'x',
      { type: 'THRESHOLD', metric: 'tasksAccepted' },
      { type: 'COMPOSITE' },
      { type: 'SOMETHING' },
      { type: 'THRESHOLD', metric: 'tasksAccepted', gte: { nested: 1 } },
    ]) {
      expect(readRule(rule).kind, JSON.stringify(rule)).toBe('unknown');
    }
  });
});
