import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import {
  EventAfterTreeSizeError,
  EventNotInLogError,
  NoCheckpointYetError,
  type InclusionProof,
  AuditQueries,
} from '../../audit/audit.contract';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { documentStream } from '../domain/document.events';
import { signatureRequestDecider, type SignatureRequestState } from '../domain/signature.decide';
import { signatureStream, type SignatureRequestedData } from '../domain/signature.events';
import { signingKeysDecider, signingKeysStream } from '../domain/signing-key.events';

/** An event of the evidence, with its inclusion proof in the signed log once the sealer has reached it. */
export interface ProvenRecord {
  eventId: string;
  streamId: string;
  revision: string;
  type: string;
  hash: string;
  /** Null until a checkpoint covers the event: fetch the evidence again later. */
  inclusion: InclusionProof | null;
}

/** A `signature_records` row as pg returns it. */
interface SignatureRecordRow {
  event_id: string;
  request_id: string;
  document_id: string;
  document_sha256: string;
  signer_id: string;
  key_id: string;
  public_key_hex: string;
  statement: string;
  signature_hex: string;
  signed_at: Date;
}

export const EVIDENCE_FORMAT = 'smartstart-signature-evidence/1' as const;

/** Signature requests, evidence packages and signatures by document hash; all from the event log except the hash index. */
@Injectable()
export class SignatureQueries {
  constructor(
    private readonly streams: StreamWriter,
    private readonly audit: AuditQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async request(requestId: string, callerId: string, privileged: boolean) {
    const state = await this.visibleRequest(requestId, callerId, privileged);
    const request = state.request as SignatureRequestedData;
    const message = await this.knex<{ request_id: string; message: string }>('signature_request_messages')
      .where({ request_id: requestId })
      .first('message');
    return {
      ...request,
      message: message?.message ?? null,
      status: state.completedAt ? ('COMPLETED' as const) : ('PENDING' as const),
      completedAt: state.completedAt,
      signatures: state.signatures,
      pendingSignerIds: request.signers
        .filter((signer) => !state.signatures.some((signature) => signature.signerId === signer.signerId))
        .map((signer) => signer.signerId),
    };
  }

  /**
   * The evidence package: the document hash, every signer, key, statement, signature and time,
   * and each event behind them (the version's upload, the request, every signature, the
   * completion) with its inclusion proof against the latest signed checkpoint.
   */
  async evidence(requestId: string, callerId: string, privileged: boolean) {
    const summary = await this.request(requestId, callerId, privileged);
    const requestEvents = await this.store.readStream(signatureStream(requestId));
    const versionEvent = (await this.store.readStream(documentStream(summary.documentId))).find(
      (event) => event.type === 'DocumentVersionAdded' && event.data.versionNumber === summary.versionNumber,
    );
    const signers = await Promise.all(
      summary.signatures.map(async (signature) => {
        const keys = await this.streams.load(signingKeysStream(signature.signerId), signingKeysDecider);
        const signer = summary.signers.find((named) => named.signerId === signature.signerId);
        return {
          ...signature,
          kind: signer?.kind ?? 'user',
          shareId: signer?.shareId ?? null,
          keyRevokedAt: Object.hasOwn(keys.keys, signature.keyId) ? keys.keys[signature.keyId].revokedAt : null,
        };
      }),
    );
    const events = [...(versionEvent ? [versionEvent] : []), ...requestEvents];
    return {
      format: EVIDENCE_FORMAT,
      request: {
        requestId,
        documentId: summary.documentId,
        versionNumber: summary.versionNumber,
        requesterId: summary.requesterId,
        requestedAt: summary.requestedAt,
        dueAt: summary.dueAt,
        status: summary.status,
        completedAt: summary.completedAt,
      },
      document: {
        documentId: summary.documentId,
        versionNumber: summary.versionNumber,
        sha256: summary.documentSha256,
      },
      signers,
      verification: {
        algorithm: 'ECDSA P-256 with SHA-256 over the UTF-8 bytes of `statement`; signatureHex is IEEE P1363 r ‖ s',
        checkpointKey: this.audit.publicKey(),
      },
      events: await Promise.all(events.map((event) => this.proven(event))),
    };
  }

  /** Every signature recorded over a document with this SHA-256, each with its event's inclusion proof. */
  async bySha256(sha256: string) {
    const rows = await this.knex<SignatureRecordRow>('signature_records')
      .where({ document_sha256: sha256 })
      .orderBy('signed_at')
      .limit(200);
    const signatures = await Promise.all(
      rows.map(async (row) => ({
        requestId: row.request_id,
        documentId: row.document_id,
        signerId: row.signer_id,
        keyId: row.key_id,
        publicKeyHex: row.public_key_hex,
        statement: row.statement,
        signatureHex: row.signature_hex,
        signedAt: row.signed_at.toISOString(),
        eventId: row.event_id,
        inclusion: await this.inclusionOrNull(row.event_id),
      })),
    );
    return { sha256, signatures, checkpointKey: this.audit.publicKey() };
  }

  private async visibleRequest(
    requestId: string,
    callerId: string,
    privileged: boolean,
  ): Promise<SignatureRequestState> {
    const state = await this.streams.load(signatureStream(requestId), signatureRequestDecider);
    const request = state.request;
    const involved =
      request &&
      (privileged ||
        request.requesterId === callerId ||
        request.signers.some((signer) => signer.signerId === callerId));
    if (!involved)
      throw new DomainError('SIGNATURE_REQUEST_NOT_FOUND', `No signature request ${requestId} that you take part in`, {
        requestId,
      });
    return state;
  }

  private async proven(event: RecordedEvent): Promise<ProvenRecord> {
    return {
      eventId: event.eventId,
      streamId: event.streamId,
      revision: event.revision.toString(),
      type: event.type,
      hash: event.hash,
      inclusion: await this.inclusionOrNull(event.eventId),
    };
  }

  private async inclusionOrNull(eventId: string): Promise<InclusionProof | null> {
    try {
      return await this.audit.inclusionProof(eventId);
    } catch (error) {
      if (
        error instanceof EventNotInLogError ||
        error instanceof NoCheckpointYetError ||
        error instanceof EventAfterTreeSizeError
      )
        return null;
      throw error;
    }
  }
}
