import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { CurrentPrincipal, WriteContext, type Principal } from '../../identity/identity.contract';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CommentOnDocument, RevokeShare, ShareDocument, type ShareTarget } from '../commands/share.commands';
import { CommentsQueries } from '../queries/comments.queries';
import { documentIdParamSchema, emptyBodySchema, shareIdParamSchema } from './documents.schemas';
import {
  commentAddedResponseSchema,
  commentsResponseSchema,
  sharedResponseSchema,
  shareRevokedResponseSchema,
} from './shares.responses';
import { commentSchema, shareSchema } from './shares.schemas';

const documentId = () => Param('documentId', new ZodValidationPipe(documentIdParamSchema));

@Controller('api/v1/documents/:documentId')
export class SharesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly comments: CommentsQueries,
  ) {}

  /** To a user, or to a client through a link whose token is in the answer, this once. */
  @Post('share')
  @RespondsWith(sharedResponseSchema)
  share(
    @documentId() id: string,
    @Body(new ZodValidationPipe(shareSchema)) body: z.infer<typeof shareSchema>,
    @WriteContext() context: WriteCause,
  ) {
    const target = (
      body.toUserId !== undefined ? { toUserId: body.toUserId } : { clientId: body.clientId }
    ) as ShareTarget;
    const { canView, canComment, canSign, expiresAt } = body;
    return this.commands.execute(new ShareDocument(id, target, { canView, canComment, canSign, expiresAt }, context));
  }

  @Post('shares/:shareId/revoke')
  @HttpCode(200)
  @RespondsWith(shareRevokedResponseSchema)
  revoke(
    @documentId() id: string,
    @Param('shareId', new ZodValidationPipe(shareIdParamSchema)) shareId: string,
    @Body(new ZodValidationPipe(emptyBodySchema)) _body: unknown,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(new RevokeShare(id, shareId, context));
  }

  @Post('comments')
  @RespondsWith(commentAddedResponseSchema)
  comment(
    @documentId() id: string,
    @Body(new ZodValidationPipe(commentSchema)) body: z.infer<typeof commentSchema>,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(new CommentOnDocument(id, { userId: context.actorId as string }, body.body, context));
  }

  @Get('comments')
  @RespondsWith(commentsResponseSchema)
  list(@documentId() id: string, @CurrentPrincipal() principal: Principal) {
    return this.comments.list(id, principal.userId as string);
  }
}
