import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';
import { requireBadge } from '../domain/badge-catalog';
import {
  achievementDocument,
  issuerDocument,
  openBadgeCredential,
  statusListCredential,
} from '../credentials/open-badge';
import { ISSUER_KEY, PUBLIC_BASE_URL } from '../credentials/issuer.provider';
import type { IssuerKey } from '../credentials/issuer-key';
import { encodeStatusList } from '../credentials/status-list';
import { STATUS_LIST_ID } from '../domain/credential-status';
import { BadgeNames } from './badge-names';

/**
 * Open Badges 3.0 documents, signed on request: Ed25519 is deterministic, so a credential is the
 * same bytes every time it is served, and nothing signed needs storing.
 */
/** A `badge_credentials` row as pg returns it. */
interface CredentialRow {
  credential_id: string;
  user_id: string;
  badge_code: string;
  award_event_id: string;
  award_event_hash: string;
  awarded_at: string;
  status_index: number;
  revoked_at: string | null;
}

@Injectable()
export class CredentialsQueries {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(ISSUER_KEY) private readonly key: IssuerKey,
    @Inject(PUBLIC_BASE_URL) private readonly baseUrl: string,
    private readonly catalog: BadgeNames,
  ) {}

  async credential(credentialId: string) {
    const row = await this.knex<CredentialRow>('badge_credentials').where({ credential_id: credentialId }).first();
    if (!row) throw new DomainError('CREDENTIAL_NOT_FOUND', `No credential ${credentialId}`, { credentialId });
    const badge = requireBadge(await this.catalog.catalog(), row.badge_code);
    return openBadgeCredential(this.baseUrl, this.key, badge, {
      credentialId,
      userId: row.user_id,
      awardEventId: row.award_event_id,
      awardEventHash: row.award_event_hash,
      awardedAt: row.awarded_at,
      statusListIndex: row.status_index,
    });
  }

  async achievement(code: string) {
    return achievementDocument(this.baseUrl, requireBadge(await this.catalog.catalog(), code));
  }

  issuer() {
    return issuerDocument(this.baseUrl, this.key);
  }

  /** Signed as of its latest revocation, so an unchanged list is the same document every time. */
  async statusList(listId: string) {
    if (listId !== STATUS_LIST_ID)
      throw new DomainError('CREDENTIAL_NOT_FOUND', `No status list ${listId}`, { listId });
    const revoked = await this.knex('badge_credentials')
      .whereNotNull('revoked_at')
      .select('status_index', 'revoked_at');
    const latest =
      revoked
        .map((row: { revoked_at: string }) => row.revoked_at)
        .sort()
        .pop() ?? '2026-01-01T00:00:00.000Z';
    return statusListCredential(
      this.baseUrl,
      this.key,
      encodeStatusList(revoked.map((row: { status_index: number }) => row.status_index)),
      latest,
    );
  }
}
