import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { KNEX } from '../../platform/platform.tokens';
import { StreamNotFoundError } from '../audit.errors';
import type { LoggedCheckpoint } from '../checkpoints/checkpoint';
import { CheckpointLog } from '../checkpoints/checkpoint-log';
import type { SigningKey } from '../checkpoints/signing-key';
import { CHECKPOINT_SIGNING_KEY } from '../checkpoints/signing-key.provider';
import type { BundlePublicKey } from '../offline/bundle-format';
import {
  AuditProofs,
  provenEvent,
  type ConsistencyProof,
  type InclusionProof,
  type ProvenEvent,
} from '../proofs/audit-proofs';
import { MerkleLeavesRepository } from '../sealer/merkle-leaves.repository';
import { MerkleNodesRepository } from '../sealer/merkle-nodes.repository';
import { AuditEventSearchRepository, type EventSearch, type FoundEvent } from './audit-event-search.repository';
import { AuditStreamsRepository, type StreamListing } from './audit-streams.repository';
import { IntegrityChecksRepository, type IntegrityCheck } from '../../ledger/ledger.contract';

/** Everything auditors read: keys, checkpoints, proofs, streams and the integrity job's result. */
@Injectable()
export class AuditQueries {
  private readonly checkpoints: CheckpointLog;
  private readonly proofs: AuditProofs;
  private readonly streams: AuditStreamsRepository;
  private readonly eventSearch: AuditEventSearchRepository;
  private readonly integrityChecks: IntegrityChecksRepository;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) knex: Knex,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: SigningKey,
  ) {
    this.checkpoints = new CheckpointLog(store);
    this.proofs = new AuditProofs(
      new MerkleLeavesRepository(knex),
      new MerkleNodesRepository(knex),
      this.checkpoints,
      store,
    );
    this.streams = new AuditStreamsRepository(knex);
    this.eventSearch = new AuditEventSearchRepository(knex);
    this.integrityChecks = new IntegrityChecksRepository(knex);
  }

  /** The same shape as the bundle's public-key.json. */
  publicKey(): BundlePublicKey {
    return { algorithm: 'ECDSA-P256-SHA256', keyId: this.key.keyId, publicKey: this.key.publicKey };
  }

  async checkpointPage(
    before: bigint | undefined,
    limit: number,
  ): Promise<{ checkpoints: LoggedCheckpoint[]; nextBefore: string | null }> {
    const checkpoints = await this.checkpoints.page({ before, limit });
    const oldest = checkpoints.at(-1);
    return {
      checkpoints,
      nextBefore: checkpoints.length === limit && oldest && oldest.revision !== '0' ? oldest.revision : null,
    };
  }

  inclusionProof(eventId: string, treeSize?: number): Promise<InclusionProof> {
    return this.proofs.inclusion(eventId, treeSize);
  }

  consistencyProof(from: number, to?: number): Promise<ConsistencyProof> {
    return this.proofs.consistency(from, to);
  }

  async streamPage(options: {
    category?: string;
    after?: string;
    limit: number;
  }): Promise<{ streams: StreamListing[]; nextAfter: string | null }> {
    const streams = await this.streams.page(options);
    return { streams, nextAfter: streams.length === options.limit ? (streams.at(-1)?.streamId ?? null) : null };
  }

  /** One stream's events with their hashes, so an auditor can walk the chain. */
  async stream(
    streamId: string,
    fromRevision: bigint,
    limit: number,
  ): Promise<{ streamId: string; events: (ProvenEvent & { occurredAt: string })[] }> {
    const events = await this.store.readStream(streamId, { fromRevision, maxCount: limit });
    if (events.length === 0 && fromRevision === 0n) throw new StreamNotFoundError(streamId);
    return {
      streamId,
      events: events.map((event) => ({ ...provenEvent(event), occurredAt: event.metadata.occurredAt })),
    };
  }

  async searchEvents(search: EventSearch): Promise<{ events: FoundEvent[]; nextAfter: string | null }> {
    const events = await this.eventSearch.search(search);
    return { events, nextAfter: events.length === search.limit ? (events.at(-1)?.globalPosition ?? null) : null };
  }

  wormIntegrity(): Promise<IntegrityCheck | null> {
    return this.integrityChecks.latestFinished();
  }
}
