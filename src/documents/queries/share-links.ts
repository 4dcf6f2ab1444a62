import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { idempotencyKeySchema } from '../../identity/identity.contract';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import { DomainError } from '../../shared-kernel/domain-error';
import { newId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { DocumentsStreamWriter } from '../commands/documents-stream.writer';
import { linkTokenHash } from '../commands/share.handlers';
import { requireAccess } from '../domain/document.decide';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export class ShareLinkInvalidError extends DomainError {
  constructor() {
    super('SHARE_LINK_INVALID', 'Open the link you were sent: its token is missing or unknown');
  }
}

export interface LinkedShare {
  shareId: string;
  documentId: string;
}

/**
 * Finds the share a link token opens, by the token's hash. `resolve` only locates the share;
 * whether it is still active (not expired, not revoked) is decided on the document's stream.
 */
@Injectable()
export class ShareLinks {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    private readonly writer: DocumentsStreamWriter,
  ) {}

  async resolve(token: string | undefined): Promise<LinkedShare> {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new ShareLinkInvalidError();
    const row = await this.knex<{ share_id: string; document_id: string; token_sha256: string }>('document_share_links')
      .where({ token_sha256: linkTokenHash(token) })
      .first('share_id', 'document_id');
    if (!row) throw new ShareLinkInvalidError();
    return { shareId: row.share_id, documentId: row.document_id };
  }

  /**
   * The share of a link that may sign now: active and allowing signing, on the document's stream
   * (410 SHARE_EXPIRED or SHARE_REVOKED after its end, 403 SHARE_NOT_ALLOWED without signing).
   */
  async signingShare(token: string | undefined): Promise<LinkedShare> {
    const linked = await this.resolve(token);
    const state = await this.writer.loadDocument(linked.documentId);
    requireAccess(state, linked.documentId, { shareId: linked.shareId }, 'canSign', this.writer.now());
    return linked;
  }
}

/** A write through a link has no actor; its Idempotency-Key is scoped to the share, as a member's is to them. */
export function linkWriteCause(shareId: string, idempotencyKey: string | undefined): WriteCause {
  const key = idempotencyKey === undefined ? newId() : idempotencyKeySchema.parse(idempotencyKey);
  return { commandId: `share:${shareId}:${key}`, actorId: null };
}
