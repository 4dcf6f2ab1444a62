import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { CurrentPrincipal, WriteContext, type Principal } from '../../identity/identity.contract';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import { newId } from '../../shared-kernel/ids';
import { AcceptsMultipart, RespondsWith, RespondsWithContent } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import {
  AddDocumentVersion,
  ChangeDocumentStatus,
  ReadDocumentContent,
  UploadDocument,
} from '../commands/document.commands';
import { DocumentsQueries } from '../queries/documents.queries';
import {
  documentListSchema,
  documentResponseSchema,
  integrityAlarmsResponseSchema,
  statusResponseSchema,
  versionResponseSchema,
  viewsResponseSchema,
} from './documents.responses';
import {
  contentQuerySchema,
  documentIdParamSchema,
  emptyBodySchema,
  uploadFieldsSchema,
  versionFieldsSchema,
} from './documents.schemas';
import { UploadReader } from './upload-reader';

const documentId = () => Param('documentId', new ZodValidationPipe(documentIdParamSchema));
const hasRole = (principal: Principal, ...roles: string[]) => principal.roles.some((role) => roles.includes(role));

@Controller('api/v1/documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly documents: DocumentsQueries,
    private readonly uploads: UploadReader,
  ) {}

  /** multipart {title, docType, file}: the only non-JSON body the API takes. */
  @Post()
  @AcceptsMultipart(uploadFieldsSchema)
  @RespondsWith(versionResponseSchema)
  async upload(@Req() request: Request, @WriteContext() context: WriteCause) {
    const { fields, upload } = await this.uploads.read(request, uploadFieldsSchema);
    return this.commands.execute(new UploadDocument(fields.title, fields.docType, fields.ventureId, upload, context));
  }

  @Get()
  @RespondsWith(documentListSchema)
  list(@CurrentPrincipal() principal: Principal) {
    return this.documents.list(principal.userId as string);
  }

  /** Compliance's and admins' view of reads whose content no longer matched its hash. */
  @Get('integrity-alarms')
  @RespondsWith(integrityAlarmsResponseSchema)
  integrityAlarms() {
    return this.documents.integrityAlarms();
  }

  @Get(':documentId')
  @RespondsWith(documentResponseSchema)
  get(@documentId() id: string, @CurrentPrincipal() principal: Principal) {
    return this.documents.document(id, principal.userId as string, hasRole(principal, 'auditor', 'compliance'));
  }

  @Post(':documentId/versions')
  @AcceptsMultipart(versionFieldsSchema)
  @RespondsWith(versionResponseSchema)
  async addVersion(@documentId() id: string, @Req() request: Request, @WriteContext() context: WriteCause) {
    const { upload } = await this.uploads.read(request, versionFieldsSchema);
    return this.commands.execute(new AddDocumentVersion(id, upload, context));
  }

  /** The bytes of a version (the latest by default), after the hash re-check; the view is recorded. */
  @Get(':documentId/content')
  @RespondsWithContent(
    'application/octet-stream',
    "The document's bytes, served with the media type its content was sniffed as.",
  )
  async content(
    @documentId() id: string,
    @Query(new ZodValidationPipe(contentQuerySchema)) query: z.infer<typeof contentQuerySchema>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const userId = principal.userId as string;
    const read = await this.commands.execute(
      new ReadDocumentContent(id, { userId }, query.version ?? null, { commandId: newId(), actorId: userId }),
    );
    return sendContent(response, read);
  }

  @Get(':documentId/views')
  @RespondsWith(viewsResponseSchema)
  views(@documentId() id: string, @CurrentPrincipal() principal: Principal) {
    return this.documents.views(id, principal.userId as string, hasRole(principal, 'auditor'));
  }

  @Post(':documentId/archive')
  @HttpCode(200)
  @RespondsWith(statusResponseSchema)
  archive(
    @documentId() id: string,
    @Body(new ZodValidationPipe(emptyBodySchema)) _body: unknown,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(new ChangeDocumentStatus(id, 'archive', context));
  }

  /** Deletion: no longer served or listed; the content itself goes with the retention purge. */
  @Delete(':documentId')
  @HttpCode(200)
  @RespondsWith(statusResponseSchema)
  remove(@documentId() id: string, @WriteContext() context: WriteCause) {
    return this.commands.execute(new ChangeDocumentStatus(id, 'delete', context));
  }
}

/** Bytes as an attachment of their sniffed type, with the hash they were checked against. */
export function sendContent(
  response: Response,
  read: { content: Buffer; mediaType: string; sha256: string; versionNumber: number },
): StreamableFile {
  response.setHeader('x-content-sha256', read.sha256);
  response.setHeader('x-document-version', String(read.versionNumber));
  response.setHeader('cache-control', 'private, no-store');
  return new StreamableFile(read.content, {
    type: read.mediaType,
    disposition: 'attachment',
    length: read.content.length,
  });
}
