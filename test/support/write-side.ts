import { eventCount } from './identity';
import type { TestApp } from './test-app';

/** Write-side tables a request could change without an event (sessions, MFA, KYC evidence, tokens…). */
const GUARDED_TABLES = [
  'accounts',
  'api_tokens',
  'audit_verifications',
  'kyc_decisions',
  'kyc_submissions',
  'mfa_factors',
  'recovery_codes',
  'sessions',
];

/** The event count and every row of the write-side tables (as text), for "nothing was written" assertions. */
export async function writeSideSnapshot(app: TestApp): Promise<Record<string, string | string[]>> {
  const snapshot: Record<string, string | string[]> = { events: String(await eventCount(app)) };
  for (const table of GUARDED_TABLES) {
    const { rows } = await app.database.pool.query<{ row: string }>(`select t::text as row from ${table} t order by 1`);
    snapshot[table] = rows.map((row) => row.row);
  }
  return snapshot;
}
