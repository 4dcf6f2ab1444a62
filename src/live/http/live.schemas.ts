import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { FEED_POSITION_PATTERN } from '../../platform/event-store/feed-position';

/** A feed position as the stream sent it in `id:`. */
export const lastEventIdSchema = safeText().regex(
  FEED_POSITION_PATTERN,
  'Last-Event-ID must be a feed position the stream sent (digits:digits)',
);

/**
 * A browser that reconnects on its own sends the `Last-Event-ID` header; a new EventSource can't
 * set headers, so the portal passes the position it had in the query instead.
 */
export const liveQuerySchema = z.strictObject({ lastEventId: lastEventIdSchema.optional() });
