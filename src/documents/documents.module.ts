import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PersonNames } from '../people/people.contract';
import type { Knex } from 'knex';
import { KNEX } from '../platform/platform.tokens';
import { BLOB_STORE } from './blobs/blob-store.port';
import { blobStoreFor } from './blobs/blob-store.factory';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { ChangeDocumentStatusHandler, ReadDocumentContentHandler } from './commands/document-lifecycle.handlers';
import { DocumentsStreamWriter } from './commands/documents-stream.writer';
import { AddDocumentVersionHandler, UploadDocumentHandler } from './commands/upload.handlers';
import { VerifiedContentReader } from './content/verified-content';
import { DocumentsController } from './http/documents.controller';
import { SignaturesController } from './http/signatures.controller';
import { LegalHoldsController } from './http/legal-holds.controller';
import { ClientsController } from './http/clients.controller';
import { AddClientHandler, EndClientHandler, UpdateClientHandler } from './commands/client.handlers';
import { PlaceLegalHoldHandler, ReleaseLegalHoldHandler } from './commands/legal-hold.handlers';
import { DocumentRetentionService } from './jobs/document-retention.service';
import { ShareLinkController } from './http/share-link.controller';
import { ShareLinkSigningController } from './http/share-link-signing.controller';
import { SharesController } from './http/shares.controller';
import { CommentOnDocumentHandler, RevokeShareHandler, ShareDocumentHandler } from './commands/share.handlers';
import { CommentsQueries } from './queries/comments.queries';
import { ShareLinks } from './queries/share-links';
import { SigningKeysController } from './http/signing-keys.controller';
import {
  RegisterSigningKeyHandler,
  RequestSignaturesHandler,
  RevokeSigningKeyHandler,
  SignDocumentHandler,
} from './commands/signature.handlers';
import { SignatureListQueries } from './queries/signature-list.queries';
import { SignatureQueries } from './queries/signature.queries';
import { UploadReader } from './http/upload-reader';
import { DocumentsQueries } from './queries/documents.queries';

/** Documents, their versions and content, shares, signatures and legal holds (issue #15). */
@Module({
  imports: [AuditModule],
  controllers: [
    ClientsController,
    DocumentsController,
    LegalHoldsController,
    SharesController,
    ShareLinkController,
    ShareLinkSigningController,
    SignaturesController,
    SigningKeysController,
  ],
  providers: [
    {
      provide: BLOB_STORE,
      useFactory: (knex: Knex, config: AppConfig) => blobStoreFor(config, knex),
      inject: [KNEX, APP_CONFIG],
    },
    DocumentsStreamWriter,
    VerifiedContentReader,
    UploadReader,
    DocumentsQueries,
    UploadDocumentHandler,
    AddDocumentVersionHandler,
    ChangeDocumentStatusHandler,
    ReadDocumentContentHandler,
    SignatureQueries,
    SignatureListQueries,
    CommentsQueries,
    PersonNames,
    ShareLinks,
    ShareDocumentHandler,
    RevokeShareHandler,
    CommentOnDocumentHandler,
    RegisterSigningKeyHandler,
    RevokeSigningKeyHandler,
    RequestSignaturesHandler,
    SignDocumentHandler,
    PlaceLegalHoldHandler,
    ReleaseLegalHoldHandler,
    DocumentRetentionService,
    AddClientHandler,
    UpdateClientHandler,
    EndClientHandler,
  ],
  exports: [DocumentRetentionService],
})
export class DocumentsModule {}
