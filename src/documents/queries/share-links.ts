import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { linkTokenHash } from '../commands/share.handlers';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export class ShareLinkInvalidError extends DomainError {
  constructor() {
    super('SHARE_LINK_INVALID', 'Open the link you were sent: its token is missing or unknown');
  }
}

/**
 * Finds the share a link token opens, by the token's hash. This only locates the share; whether
 * it is still active (not expired, not revoked) is decided on the document's stream.
 */
@Injectable()
export class ShareLinks {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async resolve(token: string | undefined): Promise<{ shareId: string; documentId: string }> {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new ShareLinkInvalidError();
    const row = await this.knex<{ share_id: string; document_id: string; token_sha256: string }>('document_share_links')
      .where({ token_sha256: linkTokenHash(token) })
      .first('share_id', 'document_id');
    if (!row) throw new ShareLinkInvalidError();
    return { shareId: row.share_id, documentId: row.document_id };
  }
}
