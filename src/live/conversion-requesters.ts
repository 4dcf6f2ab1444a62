import type { Knex } from 'knex';
import type { FeedNotice } from './notices';

// Requesters of recent conversions, learnt as their requests pass; the read model answers the rest.
const REMEMBERED_CONVERSIONS = 10_000;

/**
 * Completes the audience of conversion notices whose event doesn't name the requester (votes,
 * approvals, cancellations): the requester must hear about them, and nobody else but the board.
 * Asked only for released notices, so the conversions read model already holds the request.
 */
export class ConversionRequesters {
  private readonly known = new Map<string, string>();

  constructor(private readonly knex: Knex) {}

  /** One query per call at most, for the conversions not seen before. */
  async complete(notices: readonly FeedNotice[]): Promise<void> {
    for (const notice of notices) {
      if (notice.topic === 'conversion' && !notice.requesterOf && notice.audience.userIds[0])
        this.remember(notice.ids[0], notice.audience.userIds[0]);
    }
    const missing = [
      ...new Set(
        notices.flatMap((notice) =>
          notice.requesterOf && !this.known.has(notice.requesterOf) ? [notice.requesterOf] : [],
        ),
      ),
    ];
    if (missing.length > 0) {
      const rows = await this.knex<{ conversion_id: string; user_id: string }>('conversions')
        .whereIn('conversion_id', missing)
        .select('conversion_id', 'user_id');
      for (const row of rows) this.remember(row.conversion_id, row.user_id);
    }
    for (const notice of notices) {
      const requester = notice.requesterOf ? this.known.get(notice.requesterOf) : undefined;
      if (requester) notice.audience = { ...notice.audience, userIds: [requester] };
    }
  }

  private remember(conversionId: string, userId: string): void {
    this.known.delete(conversionId);
    this.known.set(conversionId, userId);
    // A Map iterates in insertion order: the first key is the one least recently learnt.
    if (this.known.size > REMEMBERED_CONVERSIONS) this.known.delete(this.known.keys().next().value as string);
  }
}
