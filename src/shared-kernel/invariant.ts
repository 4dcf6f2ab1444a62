/**
 * A state that must never arise did arise: an `evolve` was handed an event that breaks one of
 * its aggregate's invariants (a wallet locking more than it holds, a vote on a settled request).
 * The deciders never emit such an event, so this is a bug or a tampered log, never a user's
 * mistake: it is not a DomainError (no 4xx), and nothing clamps it into a plausible state. It
 * stops the fold loudly, before the event is appended when a decision produced it, and names
 * the broken rule when a stored history holds it (the audit replay reports where).
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';

  constructor(
    readonly aggregate: string,
    readonly rule: string,
    readonly details: Readonly<Record<string, string | number | boolean | null>> = {},
  ) {
    super(`${aggregate} invariant broken: ${rule} ${JSON.stringify(details)}`);
  }
}

/** Throws an InvariantViolation unless `holds`. */
export function invariant(
  holds: boolean,
  aggregate: string,
  rule: string,
  details?: Readonly<Record<string, string | number | boolean | null>>,
): asserts holds {
  if (!holds) throw new InvariantViolation(aggregate, rule, details);
}
