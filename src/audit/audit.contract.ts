/** What other contexts may use of audit: each name here is exported on purpose. */
export { AuditQueries } from './queries/audit.queries';
export type { InclusionProof } from './proofs/audit-proofs';
export { EventAfterTreeSizeError, EventNotInLogError, NoCheckpointYetError } from './audit.errors';
