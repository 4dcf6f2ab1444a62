import type { Knex } from 'knex';
import type { NotificationRow } from '../../projections/notifications/notifications.contract';
import type { FeedNotice } from './notices';

/**
 * Addresses "new notification" notices to exactly the recipients the notifications projection
 * wrote rows for. Asked only for released notices, which waited for that projection.
 */
export class NotificationRecipients {
  constructor(private readonly knex: Knex) {}

  /** One query per call at most, for the notifying events among the notices. */
  async complete(notices: readonly FeedNotice[]): Promise<void> {
    const notifying = notices.filter((notice) => notice.notifiesRecipients);
    if (notifying.length === 0) return;
    const rows = await this.knex<NotificationRow>('notifications')
      .whereIn(
        'position',
        notifying.map((notice) => notice.position),
      )
      .select('position', 'recipient_id');
    const byPosition = new Map<string, string[]>();
    for (const row of rows) byPosition.set(row.position, [...(byPosition.get(row.position) ?? []), row.recipient_id]);
    for (const notice of notifying)
      notice.audience = { userIds: byPosition.get(notice.position) ?? [], roles: [], everyone: false };
  }
}
