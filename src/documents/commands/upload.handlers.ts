import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { IdempotencyConflictError } from '../../platform/event-store/stream-decider';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { DomainError } from '../../shared-kernel/domain-error';
import { ventureDecider } from '../../ventures/ventures.contract';
import { ventureStream } from '../../ventures/domain/venture.events';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { BLOB_STORE, type BlobStore } from '../blobs/blob-store.port';
import { addVersion, registerDocument, type NewVersion } from '../domain/document.decide';
import type { DocType, DocumentVersionData } from '../domain/document.events';
import type { DocumentState } from '../domain/document.state';
import { AddDocumentVersion, UploadDocument, type UploadedContent, type VersionResult } from './document.commands';
import { DocumentsStreamWriter } from './documents-stream.writer';

const DAY_MS = 86_400_000;

/**
 * Upload: the bytes go to the blob store first (content-addressed, so a retry or a twin upload
 * stores nothing new), the title to document_details, then the events. A document whose
 * events never got written is never listed: every read starts from its stream.
 */
@CommandHandler(UploadDocument)
export class UploadDocumentHandler implements ICommandHandler<UploadDocument, VersionResult> {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    private readonly streams: StreamWriter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ title, docType, ventureId, upload, context }: UploadDocument): Promise<VersionResult> {
    const documentId = derivedId(context.commandId, 'document');
    const ownerId = context.actorId as string;
    if (ventureId !== null) await this.requireVentureOwner(ventureId, ownerId);
    await this.blobs.reference(upload.sha256, documentId);
    await this.blobs.put({ sha256: upload.sha256, content: upload.content, mediaType: upload.mediaType });
    await this.knex('document_details').insert({ document_id: documentId, title }).onConflict('document_id').ignore();
    const result = await this.writer.writeDocument(documentId, context, (state, _holds, now) =>
      registerDocument(
        state,
        { documentId, ownerId, docType, registeredAt: now, retainUntil: this.retainUntil(docType, now), ventureId },
        newVersion(upload, ownerId, now),
      ),
    );
    if (result.replayed && result.state.versions[0]?.sha256 !== upload.sha256)
      throw new IdempotencyConflictError(context.commandId);
    return versionResult(documentId, result.state);
  }

  /** A document joins a venture only by its owner's hand: the venture's holds then cover it. */
  private async requireVentureOwner(ventureId: string, uploaderId: string): Promise<void> {
    const { venture } = await this.streams.load(ventureStream(ventureId), ventureDecider);
    if (!venture) throw new DomainError('VENTURE_NOT_FOUND', `No venture ${ventureId}`, { ventureId });
    if (venture.ownerId !== uploaderId)
      throw new DomainError('NOT_VENTURE_OWNER', "Only the venture's owner may file documents under it", { ventureId });
  }

  private retainUntil(docType: DocType, now: string): string {
    const days = this.config.DOCUMENT_RETENTION_DAYS[docType] ?? this.config.DOCUMENT_RETENTION_DEFAULT_DAYS;
    return new Date(Date.parse(now) + days * DAY_MS).toISOString();
  }
}

@CommandHandler(AddDocumentVersion)
export class AddDocumentVersionHandler implements ICommandHandler<AddDocumentVersion, VersionResult> {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute({ documentId, upload, context }: AddDocumentVersion): Promise<VersionResult> {
    // Refuse before storing anything for a document the caller may not change.
    addVersion(
      await this.writer.loadDocument(documentId),
      documentId,
      newVersion(upload, context.actorId as string, this.writer.now()),
    );
    await this.blobs.reference(upload.sha256, documentId);
    await this.blobs.put({ sha256: upload.sha256, content: upload.content, mediaType: upload.mediaType });
    const result = await this.writer.writeDocument(documentId, context, (state, _holds, now) =>
      addVersion(state, documentId, newVersion(upload, context.actorId as string, now)),
    );
    return versionResult(documentId, result.state);
  }
}

function newVersion(upload: UploadedContent, uploadedBy: string, now: string): NewVersion {
  return {
    sha256: upload.sha256,
    sizeBytes: upload.content.length,
    mediaType: upload.mediaType,
    uploadedBy,
    uploadedAt: now,
  };
}

function versionResult(documentId: string, state: DocumentState): VersionResult {
  const version = state.versions.at(-1) as DocumentVersionData;
  return {
    documentId,
    versionNumber: version.versionNumber,
    sha256: version.sha256,
    sizeBytes: version.sizeBytes,
    mediaType: version.mediaType,
  };
}
