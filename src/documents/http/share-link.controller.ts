import { Body, Controller, Get, Headers, Post, Res, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { z } from 'zod';
import { newId } from '../../shared-kernel/ids';
import { RespondsWith, RespondsWithContent } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { DocumentsStreamWriter } from '../commands/documents-stream.writer';
import { ReadDocumentContent } from '../commands/document.commands';
import { CommentOnDocument } from '../commands/share.commands';
import { requireAccess } from '../domain/document.decide';
import { CommentsQueries } from '../queries/comments.queries';
import { DocumentsQueries } from '../queries/documents.queries';
import { linkWriteCause, ShareLinks } from '../queries/share-links';
import { sendContent } from './documents.controller';
import { commentAddedResponseSchema, linkCommentsResponseSchema, sharedLinkResponseSchema } from './shares.responses';
import { commentSchema } from './shares.schemas';

/** The token travels in a header, never in the URL, so no access log or Referer ever holds it. */
export const TOKEN_HEADER = 'x-share-token';

/**
 * What a client opens with their link, without an account: the shared document, its content and
 * comments, as far as the share allows and only while it is active (410 once expired or revoked).
 */
@Controller('api/v1/share-link')
export class ShareLinkController {
  constructor(
    private readonly commands: CommandBus,
    private readonly links: ShareLinks,
    private readonly writer: DocumentsStreamWriter,
    private readonly documents: DocumentsQueries,
    private readonly comments: CommentsQueries,
  ) {}

  @Get()
  @RespondsWith(sharedLinkResponseSchema)
  async open(@Headers(TOKEN_HEADER) token: string | undefined) {
    const { shareId, documentId } = await this.links.resolve(token);
    const state = await this.writer.loadDocument(documentId);
    const share = requireAccess(state, documentId, { shareId }, 'canView', this.writer.now());
    const version = state.versions.at(-1);
    if (!state.document || !share || !version)
      throw new Error(`share ${shareId} resolved to a document without a version`);
    const { versionNumber, sha256, mediaType, sizeBytes } = version;
    const { canView, canComment, canSign, expiresAt } = share;
    return {
      documentId,
      shareId,
      title: await this.documents.title(documentId),
      docType: state.document.docType,
      latestVersion: { versionNumber, sha256, mediaType, sizeBytes },
      canView,
      canComment,
      canSign,
      expiresAt,
    };
  }

  @Get('content')
  @RespondsWithContent(
    'application/octet-stream',
    "The document's bytes, served with the media type its content was sniffed as.",
  )
  async content(
    @Headers(TOKEN_HEADER) token: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { shareId, documentId } = await this.links.resolve(token);
    const read = await this.commands.execute(
      new ReadDocumentContent(documentId, { shareId }, null, { commandId: newId(), actorId: null }),
    );
    return sendContent(response, read);
  }

  /** The conversation with the owner: their comments and this link's own, while the link is active. */
  @Get('comments')
  @RespondsWith(linkCommentsResponseSchema)
  async listComments(@Headers(TOKEN_HEADER) token: string | undefined) {
    const { shareId, documentId } = await this.links.resolve(token);
    return this.comments.listForLink(documentId, shareId);
  }

  @Post('comments')
  @RespondsWith(commentAddedResponseSchema)
  async comment(
    @Headers(TOKEN_HEADER) token: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body(new ZodValidationPipe(commentSchema)) body: z.infer<typeof commentSchema>,
  ) {
    const { shareId, documentId } = await this.links.resolve(token);
    return this.commands.execute(
      new CommentOnDocument(documentId, { shareId }, body.body, linkWriteCause(shareId, idempotencyKey)),
    );
  }
}
