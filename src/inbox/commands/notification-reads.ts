import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { DomainError } from '../../shared-kernel/domain-error';
import { KNEX } from '../../platform/platform.tokens';

/**
 * "Read" is the recipient's own state, not an event: nothing in the log changes when someone
 * opens their notifications. Each mark is an insert that ignores one made already, so repeating
 * it, or two tabs doing it at once, leaves the same single row with the first time it was read.
 */
@Injectable()
export class NotificationReads {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async markRead(recipientId: string, eventId: string): Promise<void> {
    const notification = await this.knex<{ recipient_id: string; event_id: string }>('notifications')
      .where({ recipient_id: recipientId, event_id: eventId })
      .first('event_id');
    if (!notification)
      throw new DomainError('NOTIFICATION_NOT_FOUND', 'You have no notification with this id', {
        notificationId: eventId,
      });
    await this.knex('notification_reads')
      .insert({ recipient_id: recipientId, event_id: eventId, read_at: this.clock.now() })
      .onConflict(['recipient_id', 'event_id'])
      .ignore();
  }

  async markAllRead(recipientId: string): Promise<void> {
    await this.knex.raw(
      `insert into notification_reads (recipient_id, event_id, read_at)
         select recipient_id, event_id, ? from notifications where recipient_id = ?
       on conflict (recipient_id, event_id) do nothing`,
      [this.clock.now(), recipientId],
    );
  }
}
