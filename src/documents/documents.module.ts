import { Module } from '@nestjs/common';
import type { Knex } from 'knex';
import { KNEX } from '../platform/platform.tokens';
import { BLOB_STORE } from './blobs/blob-store.port';
import { PostgresBlobStore } from './blobs/postgres-blob-store';
import { ChangeDocumentStatusHandler, ReadDocumentContentHandler } from './commands/document-lifecycle.handlers';
import { DocumentsStreamWriter } from './commands/documents-stream.writer';
import { AddDocumentVersionHandler, UploadDocumentHandler } from './commands/upload.handlers';
import { VerifiedContentReader } from './content/verified-content';
import { DocumentsController } from './http/documents.controller';
import { UploadReader } from './http/upload-reader';
import { DocumentsQueries } from './queries/documents.queries';

/** Documents, their versions and content, shares, signatures and legal holds (issue #15). */
@Module({
  controllers: [DocumentsController],
  providers: [
    { provide: BLOB_STORE, useFactory: (knex: Knex) => new PostgresBlobStore(knex), inject: [KNEX] },
    DocumentsStreamWriter,
    VerifiedContentReader,
    UploadReader,
    DocumentsQueries,
    UploadDocumentHandler,
    AddDocumentVersionHandler,
    ChangeDocumentStatusHandler,
    ReadDocumentContentHandler,
  ],
})
export class DocumentsModule {}
