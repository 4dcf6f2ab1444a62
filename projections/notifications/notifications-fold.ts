import { categoryOf } from '../../src/platform/event-store/event-naming';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { NotificationKind, NotificationRow } from './notifications.contract';

export type NewNotification = Omit<NotificationRow, 'created_at'> & { created_at: string };

/** What the projection remembered of earlier events: who claimed a task, asked for a conversion, is a member. */
export interface RememberedFacts {
  assignees: Map<string, string>;
  requesters: Map<string, string>;
  /** Loaded only when the batch opens a window, the one event that notifies every member. */
  members: Set<string> | null;
}

/** The rows a batch writes: each table's final state for the keys it touched, and the new notifications. */
export interface NotificationWrites {
  assignees: Map<string, string>;
  requesters: Map<string, string>;
  membership: Map<string, boolean>;
  notifications: NewNotification[];
}

/** A handled event with the key of its stream, the one parse every later step reads. */
export interface KeyedEvent {
  event: RecordedEvent;
  category: string;
  streamKey: string;
  data: Record<string, unknown>;
}

export function keyed(event: RecordedEvent): KeyedEvent {
  const category = categoryOf(event.streamId);
  const data = event.data as Record<string, unknown>;
  return { event, category, streamKey: event.streamId.slice(category.length + 1), data };
}

/**
 * Pure: folds a batch in feed order over the remembered facts (which it updates, so a claim and
 * a review in the same batch meet), as one statement per event used to. A task's latest claim
 * wins; a conversion keeps its first requester.
 */
export function foldNotifications(events: readonly KeyedEvent[], facts: RememberedFacts): NotificationWrites {
  const writes: NotificationWrites = {
    assignees: new Map(),
    requesters: new Map(),
    membership: new Map(),
    notifications: [],
  };
  for (const keyedEvent of events) {
    const { event, category, streamKey, data } = keyedEvent;
    switch (event.type) {
      case 'RoleGranted':
      case 'RoleRevoked':
        if (category === 'user' && data.role === 'member') setMember(facts, writes, streamKey, event.type);
        break;
      case 'TaskClaimed':
        facts.assignees.set(streamKey, data.assigneeId as string);
        writes.assignees.set(streamKey, data.assigneeId as string);
        break;
      case 'ConversionRequested':
        if (!facts.requesters.has(streamKey)) {
          facts.requesters.set(streamKey, data.userId as string);
          writes.requesters.set(streamKey, data.userId as string);
        }
        break;
      default: {
        const notification = notificationOf(keyedEvent);
        for (const recipient_id of recipientsOf(keyedEvent, facts))
          writes.notifications.push({ ...notification, recipient_id });
      }
    }
  }
  return writes;
}

function setMember(facts: RememberedFacts, writes: NotificationWrites, userId: string, type: string): void {
  const granted = type === 'RoleGranted';
  writes.membership.set(userId, granted);
  if (granted) facts.members?.add(userId);
  else facts.members?.delete(userId);
}

function recipientsOf({ event, category, streamKey }: KeyedEvent, facts: RememberedFacts): string[] {
  const one = (recipient: string | undefined) => (recipient === undefined ? [] : [recipient]);
  switch (event.type) {
    case 'BuzIssued':
      return category === 'wallet' ? [streamKey] : [];
    case 'TaskReviewed':
      return one(facts.assignees.get(streamKey));
    case 'ConversionApproved':
    case 'ConversionRejected':
      return one(facts.requesters.get(streamKey));
    case 'WindowOpened':
      return [...(facts.members ?? [])];
    default:
      return [];
  }
}

function notificationOf({ event, streamKey, data }: KeyedEvent): Omit<NewNotification, 'recipient_id'> {
  const base = { event_id: event.eventId, position: event.position, created_at: event.metadata.occurredAt };
  // PostgreSQL text can't hold NUL: an id an integration made up must not stop the projection.
  const text = (value: unknown) => (typeof value === 'string' && !value.includes('\u0000') ? value : null);
  const of = (kind: NotificationKind, fields: Partial<NewNotification>) => ({
    ...base,
    kind,
    subject_id: null,
    amount_buz: null,
    outcome: null,
    ...fields,
  });
  switch (event.type) {
    case 'BuzIssued':
      return of('BUZ_ARRIVED', { subject_id: text(data.taskId), amount_buz: text(data.amountBuz) });
    case 'TaskReviewed':
      return of('REVIEW_ARRIVED', { subject_id: streamKey, outcome: text(data.verdict) });
    case 'ConversionApproved':
      return of('REQUEST_DECIDED', { subject_id: streamKey, outcome: 'APPROVED' });
    case 'ConversionRejected':
      return of('REQUEST_DECIDED', { subject_id: streamKey, outcome: 'REJECTED' });
    default:
      return of('WINDOW_OPENED', { subject_id: streamKey });
  }
}
