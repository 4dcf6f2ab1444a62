import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared-kernel/domain-error';
import { newId } from '../../shared-kernel/ids';
import { VerifiedContentReader } from '../content/verified-content';
import { archiveDocument, deleteDocument, recordView, requireAccess } from '../domain/document.decide';
import { ChangeDocumentStatus, ReadDocumentContent } from './document.commands';
import { DocumentsStreamWriter } from './documents-stream.writer';
import type { DocumentStatus } from '../domain/document.state';

/** Archive and delete: the owner's, refused with 409 LEGAL_HOLD while a hold covers the document. */
@CommandHandler(ChangeDocumentStatus)
export class ChangeDocumentStatusHandler implements ICommandHandler<
  ChangeDocumentStatus,
  { documentId: string; status: DocumentStatus }
> {
  constructor(private readonly writer: DocumentsStreamWriter) {}

  async execute({
    documentId,
    action,
    context,
  }: ChangeDocumentStatus): Promise<{ documentId: string; status: DocumentStatus }> {
    const actorId = context.actorId as string;
    const decide = action === 'archive' ? archiveDocument : deleteDocument;
    const result = await this.writer.writeDocument(documentId, context, (state, holds, now) =>
      decide(state, documentId, actorId, holds, now),
    );
    return { documentId, status: result.state.status as DocumentStatus };
  }
}

/**
 * A read of one version's bytes: allowed by the decision that records the view, served only
 * after the hash re-check. The view is recorded before the bytes leave, so no read goes unseen.
 */
@CommandHandler(ReadDocumentContent)
export class ReadDocumentContentHandler implements ICommandHandler<ReadDocumentContent> {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    private readonly content: VerifiedContentReader,
  ) {}

  async execute({ documentId, reader, versionNumber, context }: ReadDocumentContent) {
    const state = await this.writer.loadDocument(documentId);
    requireAccess(state, documentId, reader, 'canView', this.writer.now());
    const version =
      versionNumber === null
        ? state.versions.at(-1)
        : state.versions.find((candidate) => candidate.versionNumber === versionNumber);
    if (!version)
      throw new DomainError('VERSION_NOT_FOUND', `Document ${documentId} has no version ${String(versionNumber)}`, {
        documentId,
        versionNumber,
      });
    const blob = await this.content.read(documentId, version);
    // Every view is its own event, so each gets a fresh command id.
    await this.writer.writeDocument(documentId, { ...context, commandId: newId() }, (current, _holds, now) =>
      recordView(current, documentId, reader, version.versionNumber, now),
    );
    return {
      content: blob.content,
      mediaType: version.mediaType,
      sha256: version.sha256,
      versionNumber: version.versionNumber,
    };
  }
}
