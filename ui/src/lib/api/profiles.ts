import { apiGet, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

/** A member's public profile: progress only, nothing personal. */
export type Profile = ResponseOf<'/api/v1/profiles/{userId}', 'get'>;

export function getProfile(userId: string, options?: RequestOptions): Promise<Profile> {
  return apiGet('/api/v1/profiles/{userId}', { path: { userId } }, options);
}
