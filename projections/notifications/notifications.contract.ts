/** The notifications read model's rows and names, as the inbox and the live feed read them: its public contract. */

export const NOTIFICATIONS_PROJECTION = 'notifications';

export const NOTIFICATION_KINDS = ['BUZ_ARRIVED', 'REVIEW_ARRIVED', 'REQUEST_DECIDED', 'WINDOW_OPENED'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The events that notify someone; the projection reads others only to find recipients. */
export const NOTIFYING_EVENTS = [
  'BuzIssued',
  'TaskReviewed',
  'ConversionApproved',
  'ConversionRejected',
  'WindowOpened',
] as const;

/** A `notifications` row as pg returns it (bigint as text). */
export interface NotificationRow {
  recipient_id: string;
  event_id: string;
  position: string;
  kind: NotificationKind;
  /** The task (BUZ, review), conversion request or window it is about. */
  subject_id: string | null;
  amount_buz: string | null;
  /** The review's verdict, or the request's decision (APPROVED, REJECTED). */
  outcome: string | null;
  created_at: Date;
}
