import { Command } from '@nestjs/cqrs';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import type { DocumentMediaType } from '../domain/content-type';
import type { Reader } from '../domain/document.decide';
import type { DocType } from '../domain/document.events';
import type { DocumentStatus } from '../domain/document.state';

/** Commands on `document-<id>`. Ids derive from the command id, so a retry creates nothing new. */

export interface UploadedContent {
  content: Buffer;
  sha256: string;
  mediaType: DocumentMediaType;
}

export interface VersionResult {
  documentId: string;
  versionNumber: number;
  sha256: string;
  sizeBytes: number;
  mediaType: DocumentMediaType;
}

export class UploadDocument extends Command<VersionResult> {
  constructor(
    readonly title: string,
    readonly docType: DocType,
    readonly ventureId: string | null,
    readonly upload: UploadedContent,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export class AddDocumentVersion extends Command<VersionResult> {
  constructor(
    readonly documentId: string,
    readonly upload: UploadedContent,
    readonly context: WriteCause,
  ) {
    super();
  }
}

export type DocumentAction = 'archive' | 'delete';

export class ChangeDocumentStatus extends Command<{ documentId: string; status: DocumentStatus }> {
  constructor(
    readonly documentId: string,
    readonly action: DocumentAction,
    readonly context: WriteCause,
  ) {
    super();
  }
}

/** Serves one version's bytes after re-checking its hash, and records the view. */
export class ReadDocumentContent extends Command<{
  content: Buffer;
  mediaType: string;
  sha256: string;
  versionNumber: number;
}> {
  constructor(
    readonly documentId: string,
    readonly reader: Reader,
    readonly versionNumber: number | null,
    readonly context: WriteCause,
  ) {
    super();
  }
}
