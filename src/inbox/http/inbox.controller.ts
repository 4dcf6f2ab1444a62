import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { DomainError } from '../../shared-kernel/domain-error';
import { NotificationReads } from '../commands/notification-reads';
import { InboxQueries } from '../queries/inbox.queries';
import { NotificationsQueries } from '../queries/notifications.queries';
import { inboxSchema, notificationsSchema, unreadSchema } from './inbox.responses';
import { notificationIdParamSchema, notificationsQuerySchema } from './inbox.schemas';
import { CurrentPrincipal, type Principal } from '../../identity/identity.contract';

/** The signed-in person's own dashboard and notifications: never anyone else's. */
@Controller('api/v1/me')
export class InboxController {
  constructor(
    private readonly inbox: InboxQueries,
    private readonly notifications: NotificationsQueries,
    private readonly reads: NotificationReads,
  ) {}

  /** Each section of the dashboard with its count and first items. */
  @Get('inbox')
  @RespondsWith(inboxSchema)
  dashboard(@CurrentPrincipal() principal: Principal) {
    return this.inbox.of(personOf(principal), principal.roles.includes('board'));
  }

  @Get('notifications')
  @RespondsWith(notificationsSchema)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(notificationsQuerySchema)) query: z.infer<typeof notificationsQuerySchema>,
  ) {
    return this.notifications.list(personOf(principal), query.limit);
  }

  /** Idempotent: marking a read notification again changes nothing. */
  @Post('notifications/:notificationId/read')
  @HttpCode(200)
  @RespondsWith(unreadSchema)
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @Param('notificationId', new ZodValidationPipe(notificationIdParamSchema)) notificationId: string,
  ) {
    const userId = personOf(principal);
    await this.reads.markRead(userId, notificationId);
    return { unread: await this.notifications.unread(userId) };
  }

  /** Idempotent: every notification there is now is read; later ones arrive unread. */
  @Post('notifications/read-all')
  @HttpCode(200)
  @RespondsWith(unreadSchema)
  async markAllRead(@CurrentPrincipal() principal: Principal) {
    const userId = personOf(principal);
    await this.reads.markAllRead(userId);
    return { unread: await this.notifications.unread(userId) };
  }
}

function personOf(principal: Principal): string {
  if (!principal.userId) throw new DomainError('UNAUTHENTICATED', 'Integration tokens have no inbox');
  return principal.userId;
}
