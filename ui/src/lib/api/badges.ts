import { apiGet, apiPost, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

/** A badge of the directory: its rule, the rule in words, and how many hold it. */
export type Badge = ResponseOf<'/api/v1/badges/{code}', 'get'>;

export function listBadges(options?: RequestOptions): Promise<Badge[]> {
  return apiGet('/api/v1/badges', {}, options).then((answer) => answer.badges);
}

export function getBadge(code: string, options?: RequestOptions): Promise<Badge> {
  return apiGet('/api/v1/badges/{code}', { path: { code } }, options);
}

/**
 * Where the signed OpenBadgeCredential downloads as a file (a public route: the credential is
 * meant to be shown to anyone). A link, not a fetch, so the browser saves it with the server's name.
 */
export function credentialDownloadUrl(credentialId: string): string {
  return `/api/v1/credentials/${encodeURIComponent(credentialId)}/download`;
}

/** The credential as JSON, for "view" links. */
export function credentialUrl(credentialId: string): string {
  return `/api/v1/credentials/${encodeURIComponent(credentialId)}`;
}

export type NewBadge = BodyOf<'/api/v1/badges', 'post'>;
export type BadgeAward = ResponseOf<'/api/v1/badges/{code}/award', 'post'>;

/** Admin: the rule is validated by the server's zod schema; a malformed one is a 400 naming each problem. */
export function defineBadge(badge: NewBadge): Promise<ResponseOf<'/api/v1/badges', 'post'>> {
  return apiPost('/api/v1/badges', { body: badge });
}

/** Admin: MANUAL badges only. Awarding one already held answers `awarded: false`. */
export function awardBadge(code: string, userId: string, reason: string): Promise<BadgeAward> {
  return apiPost('/api/v1/badges/{code}/award', { path: { code }, body: { userId, reason } });
}

/** Admin: needs a reason; flips the credential's status bit. */
export function revokeBadge(
  code: string,
  userId: string,
  reason: string,
): Promise<ResponseOf<'/api/v1/badges/{code}/revoke', 'post'>> {
  return apiPost('/api/v1/badges/{code}/revoke', { path: { code }, body: { userId, reason } });
}
