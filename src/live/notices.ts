import type { Role } from '../identity/domain/roles.contract';
import type { GlobalPosition, RecordedEvent } from '../platform/event-store/event-store.port';
import type { JsonValue } from '../shared-kernel/json';
import { categoryOf } from '../platform/event-store/event-naming';
import { NOTIFICATIONS_PROJECTION, NOTIFYING_EVENTS } from '../../projections/notifications/notifications.contract';

/** What the portal's pages listen for. */
export const TOPICS = [
  'wallet',
  'profile',
  'task',
  'venture',
  'conversion',
  'window',
  'account',
  'ledger',
  'verification',
  'notification',
  'ring',
] as const;
export type Topic = (typeof TOPICS)[number];

/**
 * What a tab receives: which kind of thing changed, and which ones. Never the change itself: the
 * page refetches what it shows through the API, whose rules decide what it may read, so a notice
 * can't leak more than the ids, and those only to its audience.
 */
export interface Notice {
  topic: Topic;
  ids: string[];
}

/** Who may receive a notice: the users it concerns, holders of one of the roles, or everyone signed in. */
export interface Audience {
  userIds: string[];
  roles: Role[];
  everyone: boolean;
}

/** The notice of one feed event, before it is released. */
export interface FeedNotice extends Notice {
  position: GlobalPosition;
  audience: Audience;
  /**
   * The projection that must have applied the event before anyone is told: otherwise the page
   * refetches and still sees the old row. Null when the page reads the stream itself.
   */
  readModel: string | null;
  /** A conversion event that doesn't name its requester: who that is must be looked up. */
  requesterOf?: string;
  /** A user whose roles or MFA changed: their open streams filter by the old ones and must reconnect. */
  reauthenticates?: string;
  /** A notification: its recipients are the rows the notifications projection wrote for the event. */
  notifiesRecipients?: true;
}

const RESTREAMING_EVENTS = new Set(['RoleGranted', 'RoleRevoked', 'MfaEnabled', 'MfaResetApproved']);
// Failed sign-ins change no page: nothing to refetch, and nobody else's business.
const SILENT_EVENTS = new Set(['LoginFailed', 'LoginFailuresCleared']);

const toUsers = (...userIds: string[]): Audience => ({ userIds, roles: [], everyone: false });
const toRoles = (...roles: Role[]): Audience => ({ userIds: [], roles, everyone: false });
const toEveryone: Audience = { userIds: [], roles: [], everyone: true };

/**
 * The notice an event gives, by its stream: wallets and XP to their owner; tasks and ventures to
 * members (every member may read them); conversions to the board and the requester; windows to
 * everyone; endorsement rings to compliance and admins; account changes to the user, and to the admins and compliance officers whose lists show
 * them. Streams no page shows (the sealer's checkpoints) give none; every event still moves the
 * ledger totals, which the live feed coalesces itself.
 */
export function feedNoticeOf(
  event: RecordedEvent,
  readModelOf: (eventType: string) => string | null,
): FeedNotice | null {
  const category = categoryOf(event.streamId);
  const id = event.streamId.slice(category.length + 1);
  const base = { position: event.position, readModel: readModelOf(event.type) };
  switch (category) {
    case 'wallet':
      return { ...base, topic: 'wallet', ids: [id], audience: toUsers(id) };
    case 'member':
      return { ...base, topic: 'profile', ids: [id], audience: toUsers(id) };
    case 'task':
      return { ...base, topic: 'task', ids: withOptional(id, event.data.ventureId), audience: toRoles('member') };
    case 'venture':
      return { ...base, topic: 'venture', ids: [id], audience: toRoles('member') };
    case 'window':
      return { ...base, topic: 'window', ids: withOptional(id, event.data.ventureId), audience: toEveryone };
    case 'conversion':
      return conversionNotice(event, id, base);
    // Endorsement rings, flagged and reviewed: for the compliance page, which admins read too.
    case 'endorsementRing':
      return { ...base, topic: 'ring', ids: [id], audience: toRoles('compliance', 'admin') };
    case 'user':
      if (SILENT_EVENTS.has(event.type)) return null;
      return {
        ...base,
        topic: 'account',
        ids: [id],
        audience: { userIds: [id], roles: ['admin', 'compliance'], everyone: false },
        reauthenticates: RESTREAMING_EVENTS.has(event.type) ? id : undefined,
      };
    default:
      return null;
  }
}

function conversionNotice(
  event: RecordedEvent,
  conversionId: string,
  base: Pick<FeedNotice, 'position' | 'readModel'>,
): FeedNotice {
  // ConversionRequested and ConversionSettled name the requester; votes and decisions don't.
  const requester = typeof event.data.userId === 'string' ? event.data.userId : null;
  return {
    ...base,
    topic: 'conversion',
    ids: withOptional(conversionId, event.data.windowId),
    audience: { userIds: requester ? [requester] : [], roles: ['board'], everyone: false },
    requesterOf: requester ? undefined : conversionId,
  };
}

function withOptional(id: string, other: JsonValue | undefined): string[] {
  return typeof other === 'string' && other !== id ? [id, other] : [id];
}

const NOTIFYING = new Set<string>(NOTIFYING_EVENTS);

/**
 * The second notice of an event that notifies someone: "you have a new notification", to nobody
 * yet. Who gets it is only known once the notifications projection has applied the event (it
 * finds the assignee, the requester, the members), so the live feed fills the audience in from
 * its rows when it releases the notice, and a notification reaches its recipients and nobody else.
 */
export function notificationNoticeOf(event: RecordedEvent): FeedNotice | null {
  if (!NOTIFYING.has(event.type)) return null;
  return {
    position: event.position,
    topic: 'notification',
    ids: [event.eventId],
    audience: { userIds: [], roles: [], everyone: false },
    readModel: NOTIFICATIONS_PROJECTION,
    notifiesRecipients: true,
  };
}
