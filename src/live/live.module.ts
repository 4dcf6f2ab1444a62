import { Module } from '@nestjs/common';
import { LiveController } from './http/live.controller';
import { LiveFeed } from './live-feed.service';
import { LiveHub } from './live-hub.service';

/** Live updates: one follower of the feed per instance, fanned out to every tab's SSE stream. */
@Module({
  controllers: [LiveController],
  providers: [LiveFeed, LiveHub],
  exports: [LiveHub],
})
export class LiveModule {}
