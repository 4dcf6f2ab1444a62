import { z } from 'zod';

/**
 * The field types event schemas are built from. Text needs no storable-text check here: the
 * canonical JSON every append goes through refuses what the ledger cannot store (canonical-json.ts).
 */
export const eventFields = {
  /** An id: a UUID, or an integration's own key (`ext-…`); never empty. */
  id: () => z.string().min(1),
  text: () => z.string(),
  /** A whole number ≥ 0 written as a decimal string (BUZ, basis points, micro-points): never a float. */
  wholeNumberText: () =>
    z.string().regex(/^(0|[1-9][0-9]*)$/, 'must be a whole number ≥ 0 written as a decimal string'),
  /** A whole number that may be negative (an adjustment), as a decimal string. */
  signedWholeNumberText: () =>
    z.string().regex(/^(0|-?[1-9][0-9]*)$/, 'must be a whole number written as a decimal string'),
  /** A decimal with a fixed number of places, as the issuance formula records its intermediate values. */
  decimalText: () => z.string().regex(/^(0|[1-9][0-9]*)\.[0-9]+$/, 'must be a decimal number written as a string'),
  count: () => z.number().int().nonnegative(),
  /** A UTC day, YYYY-MM-DD. */
  utcDay: () => z.iso.date(),
  /** An instant as the app writes it: ISO-8601 UTC. */
  instant: () => z.iso.datetime(),
};
