import { createHash, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { requireKnownUsers } from '../../identity/identity.contract';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { clientDecider, clientStream, requireLiveClient } from '../domain/client.decide';
import { addComment, revokeShare, shareDocument } from '../domain/document.decide';
import { DocumentsStreamWriter } from './documents-stream.writer';
import { CommentOnDocument, RevokeShare, ShareDocument } from './share.commands';

/** SHA-256 of a link token: the only form in which tokens are stored or looked up. */
export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Shares a document with a user, or with one of the owner's clients through a link: 256 random
 * bits, returned once, stored only as their SHA-256.
 */
@CommandHandler(ShareDocument)
export class ShareDocumentHandler implements ICommandHandler<ShareDocument> {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ documentId, target, permissions, context }: ShareDocument) {
    const actorId = context.actorId as string;
    const shareId = derivedId(context.commandId, 'share');
    if (target.toUserId !== undefined) await requireKnownUsers(this.store, [target.toUserId]);
    else
      requireLiveClient(
        await this.streams.load(clientStream(target.clientId), clientDecider),
        target.clientId,
        actorId,
      );
    // Refuse before a token exists for a share that will never be written.
    const sharedAt = this.writer.now();
    const share = {
      shareId,
      toUserId: target.toUserId ?? null,
      clientId: target.clientId ?? null,
      ...permissions,
      sharedAt,
    };
    shareDocument(await this.writer.loadDocument(documentId), documentId, actorId, share);
    const linkToken = target.clientId === undefined ? null : await this.storeLinkToken(shareId, documentId);
    await this.writer.writeDocument(documentId, context, (state, _holds, now) =>
      shareDocument(state, documentId, actorId, { ...share, sharedAt: now }),
    );
    return { shareId, linkToken };
  }

  /** Null when a retry finds the link stored already: its token was shown the first time and cannot be shown again. */
  private async storeLinkToken(shareId: string, documentId: string): Promise<string | null> {
    const token = randomBytes(32).toString('base64url');
    const inserted = await this.knex('document_share_links')
      .insert({ share_id: shareId, document_id: documentId, token_sha256: linkTokenHash(token) })
      .onConflict('share_id')
      .ignore()
      .returning('share_id');
    return inserted.length > 0 ? token : null;
  }
}

@CommandHandler(RevokeShare)
export class RevokeShareHandler implements ICommandHandler<RevokeShare> {
  constructor(private readonly writer: DocumentsStreamWriter) {}

  async execute({ documentId, shareId, context }: RevokeShare) {
    const result = await this.writer.writeDocument(documentId, context, (state, _holds, now) =>
      revokeShare(state, documentId, context.actorId as string, shareId, now),
    );
    return { shareId, revokedAt: result.state.shares[shareId].revokedAt as string };
  }
}

/** The text goes to document_comments (it may name people); the event records who, when and through which share. */
@CommandHandler(CommentOnDocument)
export class CommentOnDocumentHandler implements ICommandHandler<CommentOnDocument> {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ documentId, reader, body, context }: CommentOnDocument) {
    const commentId = derivedId(context.commandId, 'comment');
    addComment(await this.writer.loadDocument(documentId), documentId, reader, commentId, this.writer.now());
    await this.knex('document_comments')
      .insert({ comment_id: commentId, document_id: documentId, body })
      .onConflict('comment_id')
      .ignore();
    await this.writer.writeDocument(documentId, context, (state, _holds, now) =>
      addComment(state, documentId, reader, commentId, now),
    );
    return { commentId };
  }
}
