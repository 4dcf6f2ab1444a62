import { Module } from '@nestjs/common';
import { NotificationReads } from './commands/notification-reads';
import { InboxController } from './http/inbox.controller';
import { InboxQueries } from './queries/inbox.queries';
import { NotificationsQueries } from './queries/notifications.queries';

/** The signed-in person's dashboard and in-app notifications (#16 §5), read from read models. */
@Module({
  controllers: [InboxController],
  providers: [InboxQueries, NotificationsQueries, NotificationReads],
})
export class InboxModule {}
