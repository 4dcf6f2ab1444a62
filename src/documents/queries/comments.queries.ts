import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { PersonNames } from '../../people/people.contract';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { KNEX } from '../../platform/platform.tokens';
import { DocumentsStreamWriter } from '../commands/documents-stream.writer';
import { requireAccess } from '../domain/document.decide';
import { documentStream, type DocumentCommentedData } from '../domain/document.events';

type Comment = DocumentCommentedData & { body: string | null; authorName: string | null };

/**
 * A document's comments: the events say who, when and through which share; document_comments
 * holds what they said (it may name people, so it stays out of the log and can be erased).
 */
@Injectable()
export class CommentsQueries {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    private readonly names: PersonNames,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  /** Every comment, for the owner and anyone whose active share lets them view it. */
  async list(documentId: string, userId: string) {
    requireAccess(await this.writer.loadDocument(documentId), documentId, { userId }, 'canView', this.writer.now());
    return { comments: await this.thread(documentId) };
  }

  /**
   * What a client's link shows: the owner's comments and those made through this very link. Other
   * clients' links and the members it is shared with are not this client's conversation.
   */
  async listForLink(documentId: string, shareId: string) {
    const state = await this.writer.loadDocument(documentId);
    requireAccess(state, documentId, { shareId }, 'canView', this.writer.now());
    const ownerId = state.document?.ownerId;
    const thread = await this.thread(documentId);
    return {
      comments: thread
        .filter((comment) => comment.shareId === shareId || (comment.authorId !== null && comment.authorId === ownerId))
        .map((comment) => ({
          commentId: comment.commentId,
          authorName: comment.authorName,
          fromThisLink: comment.shareId === shareId,
          body: comment.body,
          commentedAt: comment.commentedAt,
        })),
    };
  }

  /** Oldest first, each with its text and, for a member's comment, the member's display name. */
  private async thread(documentId: string): Promise<Comment[]> {
    const events = (await this.store.readStream(documentStream(documentId)))
      .filter((event) => event.type === 'DocumentCommented')
      .map((event) => event.data as DocumentCommentedData);
    const commentIds = events.map((event) => event.commentId);
    const rows: { comment_id: string; body: string }[] =
      commentIds.length === 0
        ? []
        : await this.knex('document_comments').whereIn('comment_id', commentIds).select('comment_id', 'body');
    const bodies = new Map(rows.map((row) => [row.comment_id, row.body]));
    const names = await this.names.displayNames(events.flatMap((event) => (event.authorId ? [event.authorId] : [])));
    return events.map((event) => ({
      ...event,
      body: bodies.get(event.commentId) ?? null,
      authorName: event.authorId ? (names.get(event.authorId) ?? null) : null,
    }));
  }
}
