/**
 * What the auditor API sends to prove an event is in the log, as the browser checks it: the
 * server's declared answers (./generated/openapi.ts). Type-only, so the checkers (and their
 * unit tests under Node) load nothing else from the portal.
 */
// With .js: the server's test type check (moduleResolution nodenext) reads this file too.
import type { paths } from './generated/openapi.js';

type Json<T> = T extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;

export type PublicKey = Json<paths['/api/v1/audit/public-key']['get']>;
export type InclusionProof = Json<paths['/api/v1/audit/proofs/inclusion/{eventId}']['get']>;
/** A checkpoint as it sits in the log: the event that carries it, and when it was signed. */
export type LoggedCheckpoint = NonNullable<InclusionProof['checkpoint']>;
export type SignedCheckpoint = Pick<LoggedCheckpoint, 'origin' | 'treeSize' | 'rootHash' | 'keyId' | 'signature'>;
/** An event with everything needed to recompute its hash. */
export type ProvenEvent = NonNullable<InclusionProof['event']>;
export type ConsistencyProof = Json<paths['/api/v1/audit/proofs/consistency']['get']>;
