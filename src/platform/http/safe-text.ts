import { z } from 'zod';
import { describeUnstorable, findUnstorableCharacter } from '../text/storable-text';

/**
 * The check every request string carries (see storable-text.ts for the rule). One shared
 * instance, so a test can tell that a schema's strings were built with `safeText()`.
 */
export const SAFE_TEXT_CHECK = z.check<string>((payload) => {
  const found = findUnstorableCharacter(payload.value);
  if (found) payload.issues.push({ code: 'custom', message: describeUnstorable(found), input: payload.value });
});

/**
 * The string type of every request schema (bodies, query strings, path parameters, headers):
 * `z.string()` that refuses text the ledger cannot store or canonicalise. Chain `.trim()`,
 * `.regex()`, `.max()`… on it as on `z.string()`.
 */
export function safeText(params?: Parameters<typeof z.string>[0]): z.ZodString {
  return z.string(params).check(SAFE_TEXT_CHECK);
}
