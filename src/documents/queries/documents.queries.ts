import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { KNEX } from '../../platform/platform.tokens';
import { DocumentsStreamWriter, documentTargets } from '../commands/documents-stream.writer';
import { requireOwner } from '../domain/document.decide';
import { documentStream, type DocType, type DocumentViewedData } from '../domain/document.events';
import { DocumentNotFoundError } from '../domain/document.errors';
import { isShareActive, type DocumentState, type DocumentStatus } from '../domain/document.state';
import { holdsCovering } from '../domain/legal-hold.state';

/** A `document_directory` row joined with its title (null once erased), as pg returns it. */
interface ListedDocumentRow {
  document_id: string;
  title: string | null;
  doc_type: DocType;
  owner_id: string;
  status: DocumentStatus;
  version_count: number;
  latest_sha256: string;
  registered_at: Date;
}

interface IntegrityAlarmRow {
  alarm_id: string;
  document_id: string;
  title: string | null;
  version_number: number;
  expected_sha256: string;
  actual_sha256: string | null;
  detected_at: Date;
  last_detected_at: Date;
  detection_count: number;
}

/**
 * Reads of documents. One document is folded from its stream, so what a caller sees is what the
 * decisions see; lists come from the `documents` projection.
 */
@Injectable()
export class DocumentsQueries {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  /** The owner, anyone holding a share to them (active or not: they see their own), auditors and compliance (`privileged`). */
  async document(documentId: string, callerId: string, privileged: boolean) {
    const state = await this.writer.loadDocument(documentId);
    const document = state.document;
    const mine = (share: { toUserId: string | null }) => share.toUserId === callerId;
    const owner = document?.ownerId === callerId;
    if (!document || (!owner && !privileged && !Object.values(state.shares).some(mine)))
      throw new DocumentNotFoundError(documentId);
    const now = this.writer.now();
    const holds = holdsCovering(await this.writer.loadHolds(), documentTargets(documentId, state));
    return {
      documentId,
      title: await this.title(documentId),
      docType: document.docType,
      ownerId: document.ownerId,
      status: state.status as NonNullable<DocumentState['status']>,
      registeredAt: document.registeredAt,
      retainUntil: document.retainUntil,
      ventureId: document.ventureId,
      versions: state.versions,
      shares: Object.values(state.shares)
        .filter((share) => owner || privileged || mine(share))
        .map((share) => ({ ...share, active: isShareActive(share, now) })),
      legalHolds: holds.map(({ holdId, scope, scopeId, placedAt }) => ({ holdId, scope, scopeId, placedAt })),
    };
  }

  /** Null once erased (or for a document whose details were never written). */
  async title(documentId: string): Promise<string | null> {
    const row = await this.knex<{ document_id: string; title: string }>('document_details')
      .where({ document_id: documentId })
      .first('title');
    return row?.title ?? null;
  }

  /** Documents the caller owns or was shared, newest first. */
  async list(callerId: string) {
    const rows = await this.knex('document_directory as directory')
      .leftJoin('document_details as details', 'details.document_id', 'directory.document_id')
      .where('directory.owner_id', callerId)
      .orWhereRaw('directory.shared_with @> ?::jsonb', [JSON.stringify([callerId])])
      .orderBy('directory.registered_at', 'desc')
      .limit(500)
      .select<ListedDocumentRow[]>('directory.*', 'details.title');
    return {
      documents: rows.map((row) => ({
        documentId: row.document_id,
        title: row.title,
        docType: row.doc_type,
        ownerId: row.owner_id,
        status: row.status,
        versionCount: row.version_count,
        latestSha256: row.latest_sha256,
        registeredAt: new Date(row.registered_at).toISOString(),
      })),
    };
  }

  /** Who viewed which version when, and through which share: the owner's and auditors' to see. */
  async views(documentId: string, callerId: string, auditor: boolean): Promise<{ views: DocumentViewedData[] }> {
    if (!auditor) requireOwner(await this.writer.loadDocument(documentId), documentId, callerId, 'see who viewed it');
    const events = await this.store.readStream(documentStream(documentId));
    if (events.length === 0) throw new DocumentNotFoundError(documentId);
    return {
      views: events.filter((event) => event.type === 'DocumentViewed').map((event) => event.data as DocumentViewedData),
    };
  }

  /** The 500 alarms refused most recently first; compliance and admins only (the permission matrix). */
  async integrityAlarms() {
    const rows = await this.knex('document_integrity_alarms as alarm')
      .leftJoin('document_details as details', 'details.document_id', 'alarm.document_id')
      .orderBy([
        { column: 'alarm.last_detected_at', order: 'desc' },
        { column: 'alarm.alarm_id', order: 'asc' },
      ])
      .limit(500)
      .select<IntegrityAlarmRow[]>('alarm.*', 'details.title');
    return {
      alarms: rows.map((row) => ({
        alarmId: row.alarm_id,
        documentId: row.document_id,
        title: row.title,
        versionNumber: row.version_number,
        expectedSha256: row.expected_sha256,
        actualSha256: row.actual_sha256,
        detectedAt: new Date(row.detected_at).toISOString(),
        lastDetectedAt: new Date(row.last_detected_at).toISOString(),
        detectionCount: row.detection_count,
      })),
    };
  }
}
