import { apiGet, type ResponseOf } from './contract';
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
