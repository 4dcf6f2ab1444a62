import { apiGet, apiPost, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type Inbox = ResponseOf<'/api/v1/me/inbox', 'get'>;
export type InboxTask = Inbox['myTasks']['items'][number];
export type InboxWindow = Inbox['windowsOpen']['items'][number];
export type Notifications = ResponseOf<'/api/v1/me/notifications', 'get'>;
export type AppNotification = Notifications['items'][number];

/** The signed-in person's dashboard: each section's count and first items. */
export function getMyInbox(options?: RequestOptions): Promise<Inbox> {
  return apiGet('/api/v1/me/inbox', {}, options);
}

/** Newest first, with the unread count. */
export function listNotifications(limit = 20, options?: RequestOptions): Promise<Notifications> {
  return apiGet('/api/v1/me/notifications', { query: { limit } }, options);
}

export function markNotificationRead(notificationId: string): Promise<{ unread: number }> {
  return apiPost('/api/v1/me/notifications/{notificationId}/read', { path: { notificationId } });
}

export function markAllNotificationsRead(): Promise<{ unread: number }> {
  return apiPost('/api/v1/me/notifications/read-all', {});
}
