/** The auditor API (README "Auditors"). Every call needs the auditor role and an MFA-verified session. */

import type { ConsistencyProof, InclusionProof, LoggedCheckpoint, PublicKey } from './audit-types';
import { apiGet, apiPost, type InputOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type {
  ConsistencyProof,
  InclusionProof,
  LoggedCheckpoint,
  ProvenEvent,
  PublicKey,
  SignedCheckpoint,
} from './audit-types';

type StreamPage = ResponseOf<'/api/v1/audit/streams/{streamId}', 'get'>;
export type StreamEvent = StreamPage['events'][number];
export type StreamListing = ResponseOf<'/api/v1/audit/streams', 'get'>['streams'][number];
export type VerificationRun = ResponseOf<'/api/v1/audit/verify', 'post'>;
export type LogBreak = NonNullable<NonNullable<VerificationRun['report']>['firstBreak']>;
export type IntegrityCheck = NonNullable<ResponseOf<'/api/debug/worm/integrity', 'get'>['lastCheck']>;
export type StreamReplay = ResponseOf<'/api/v1/audit/replay/{streamId}', 'get'>;
export type CrossCheck = StreamReplay['crossCheck'];
export type FieldValue = CrossCheck['differences'][number]['replayed'];

export type EventSearch = Query<'/api/v1/audit/events'>;
export type EventSearchPage = ResponseOf<'/api/v1/audit/events', 'get'>;
export type FoundEvent = EventSearchPage['events'][number];

export type ReplayTarget = { atRevision: string } | { at: string } | Record<string, never>;
type Query<
  Path extends
    '/api/v1/audit/checkpoints' | '/api/v1/audit/streams' | '/api/v1/audit/streams/{streamId}' | '/api/v1/audit/events',
> = NonNullable<InputOf<Path, 'get'>['query']>;

export function getPublicKey(options?: RequestOptions): Promise<PublicKey> {
  return apiGet('/api/v1/audit/public-key', {}, options);
}

/** Newest first; pass `nextBefore` back as `before` for older ones. */
export function listCheckpoints(
  page: Query<'/api/v1/audit/checkpoints'> = {},
  options?: RequestOptions,
): Promise<{ checkpoints: LoggedCheckpoint[]; nextBefore: string | null }> {
  return apiGet('/api/v1/audit/checkpoints', { query: page }, options);
}

export function getInclusionProof(eventId: string, options?: RequestOptions): Promise<InclusionProof> {
  return apiGet('/api/v1/audit/proofs/inclusion/{eventId}', { path: { eventId } }, options);
}

export function startVerification(): Promise<VerificationRun> {
  return apiPost('/api/v1/audit/verify', { body: {} });
}

export function getVerification(id: string, options?: RequestOptions): Promise<VerificationRun> {
  return apiGet('/api/v1/audit/verify/{id}', { path: { id } }, options);
}

export function getWormIntegrity(options?: RequestOptions): Promise<ResponseOf<'/api/debug/worm/integrity', 'get'>> {
  return apiGet('/api/debug/worm/integrity', {}, options);
}

/** Keyset-paged by stream id; pass `nextAfter` back as `after`. */
export function listStreams(
  page: Query<'/api/v1/audit/streams'>,
  options?: RequestOptions,
): Promise<ResponseOf<'/api/v1/audit/streams', 'get'>> {
  return apiGet('/api/v1/audit/streams', { query: page }, options);
}

export function getStream(
  streamId: string,
  page: Query<'/api/v1/audit/streams/{streamId}'> = {},
  options?: RequestOptions,
): Promise<StreamPage> {
  return apiGet('/api/v1/audit/streams/{streamId}', { path: { streamId }, query: page }, options);
}

export function replayStream(streamId: string, target: ReplayTarget, options?: RequestOptions): Promise<StreamReplay> {
  return apiGet('/api/v1/audit/replay/{streamId}', { path: { streamId }, query: target }, options);
}

/** A proof that the tree of `from` leaves is the start of the tree of `to`; the browser checks it (consistency-check.ts). */
export function getConsistencyProof(from: number, to: number, options?: RequestOptions): Promise<ConsistencyProof> {
  return apiGet('/api/v1/audit/proofs/consistency', { query: { from, to } }, options);
}

/** The whole log searched by event id, stream, type and time recorded; pass `nextAfter` back as `after`. */
export function searchEvents(search: EventSearch, options?: RequestOptions): Promise<EventSearchPage> {
  return apiGet('/api/v1/audit/events', { query: search }, options);
}

/** The audit bundle as one tar archive (a download, not JSON: see ./download.ts). */
export const AUDIT_BUNDLE_PATH = '/api/v1/audit/bundle';
