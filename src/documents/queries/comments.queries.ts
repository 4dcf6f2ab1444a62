import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { KNEX } from '../../platform/platform.tokens';
import { DocumentsStreamWriter } from '../commands/documents-stream.writer';
import { requireAccess, type Reader } from '../domain/document.decide';
import { documentStream, type DocumentCommentedData } from '../domain/document.events';

/** A document's comments, for whoever may view it: the events say who and when, document_comments what. */
@Injectable()
export class CommentsQueries {
  constructor(
    private readonly writer: DocumentsStreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async list(documentId: string, reader: Reader) {
    requireAccess(await this.writer.loadDocument(documentId), documentId, reader, 'canView', this.writer.now());
    const events = (await this.store.readStream(documentStream(documentId)))
      .filter((event) => event.type === 'DocumentCommented')
      .map((event) => event.data as DocumentCommentedData);
    const bodies = new Map<string, string>(
      (
        await this.knex<{ comment_id: string; body: string }>('document_comments')
          .whereIn(
            'comment_id',
            events.map((event) => event.commentId),
          )
          .select('comment_id', 'body')
      ).map((row) => [row.comment_id, row.body]),
    );
    return { comments: events.map((event) => ({ ...event, body: bodies.get(event.commentId) ?? null })) };
  }
}
