/** What other contexts may use of the ledger context: the integrity checks' record (the audit shows them). */
export { IntegrityChecksRepository } from './verification/integrity-checks.repository';
export type { IntegrityCheck } from './verification/integrity-checks.repository';
