/** The auditor API (README "Auditors"). Every call needs the auditor role and an MFA-verified session. */

import type { InclusionProof, LoggedCheckpoint, ProvenEvent, PublicKey } from './audit-types';
import { getJson, postJson, type RequestOptions } from './http';

export type { InclusionProof, LoggedCheckpoint, ProvenEvent, PublicKey, SignedCheckpoint } from './audit-types';

export interface StreamEvent extends ProvenEvent {
  occurredAt: string;
}

export interface StreamListing {
  streamId: string;
  category: string;
  eventCount: number;
  lastRevision: string;
  lastHash: string;
  lastEventType: string;
  lastOccurredAt: string;
}

export interface LogBreak {
  problem: string;
  streamId: string | null;
  revision: string | null;
  expected: string | null;
  actual: string | null;
  detail: string;
}

export interface VerificationRun {
  id: string;
  status: 'RUNNING' | 'VERIFIED' | 'BROKEN' | 'FAILED';
  startedAt: string;
  finishedAt: string | null;
  eventsChecked: number;
  eventsTotal: number;
  report: { status: 'VERIFIED' | 'BROKEN'; eventsChecked: number; streamsChecked: number; checkpointsChecked: number; firstBreak: LogBreak | null; durationMs: number } | null;
  error: string | null;
}

export interface IntegrityCheck {
  status: 'RUNNING' | 'VERIFIED' | 'BROKEN' | 'FAILED';
  startedAt: string;
  finishedAt: string | null;
  eventsChecked: number;
  streamsChecked: number;
  firstBreak: { streamId: string; revision: string; problem: string } | null;
  error: string | null;
}

export type FieldValue = string | boolean | string[] | null;

export interface CrossCheck {
  checked: boolean;
  matches: boolean;
  differences: { field: string; replayed: FieldValue; readModel: FieldValue }[];
  readModel: string | null;
  reason: string | null;
}

export interface StreamReplay {
  streamId: string;
  category: string;
  /** Null when no event was applied: the moment is before the stream began. */
  revision: string | null;
  headRevision: string;
  at: string | null;
  lastEventAt: string | null;
  eventsApplied: number;
  state: unknown;
  crossCheck: CrossCheck;
}

export type ReplayTarget = { atRevision: string } | { at: string } | Record<string, never>;

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '').map(([key, value]) => [key, String(value)]));
  const text = search.toString();
  return text ? `?${text}` : '';
};
const segment = encodeURIComponent;

export function getPublicKey(options?: RequestOptions): Promise<PublicKey> {
  return getJson('/api/v1/audit/public-key', options);
}

/** Newest first; pass `nextBefore` back as `before` for older ones. */
export function listCheckpoints(page: { before?: string; limit?: number } = {}, options?: RequestOptions): Promise<{ checkpoints: LoggedCheckpoint[]; nextBefore: string | null }> {
  return getJson(`/api/v1/audit/checkpoints${query(page)}`, options);
}

export function getInclusionProof(eventId: string, options?: RequestOptions): Promise<InclusionProof> {
  return getJson(`/api/v1/audit/proofs/inclusion/${segment(eventId)}`, options);
}

export function startVerification(): Promise<VerificationRun> {
  return postJson('/api/v1/audit/verify', {});
}

export function getVerification(id: string, options?: RequestOptions): Promise<VerificationRun> {
  return getJson(`/api/v1/audit/verify/${segment(id)}`, options);
}

export function getWormIntegrity(options?: RequestOptions): Promise<{ lastCheck: IntegrityCheck | null }> {
  return getJson('/api/debug/worm/integrity', options);
}

/** Keyset-paged by stream id; pass `nextAfter` back as `after`. */
export function listStreams(page: { category?: string; after?: string; limit?: number }, options?: RequestOptions): Promise<{ streams: StreamListing[]; nextAfter: string | null }> {
  return getJson(`/api/v1/audit/streams${query(page)}`, options);
}

export function getStream(streamId: string, page: { fromRevision?: string; limit?: number } = {}, options?: RequestOptions): Promise<{ streamId: string; events: StreamEvent[] }> {
  return getJson(`/api/v1/audit/streams/${segment(streamId)}${query(page)}`, options);
}

export function replayStream(streamId: string, target: ReplayTarget, options?: RequestOptions): Promise<StreamReplay> {
  return getJson(`/api/v1/audit/replay/${segment(streamId)}${query(target)}`, options);
}
