import type { Role } from './auth';
import { apiDelete, apiGet, apiPost, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type AdminUser = ResponseOf<'/api/v1/admin/users', 'get'>[number];
type WriteOutcome = ResponseOf<'/api/v1/admin/users/{userId}/roles', 'post'>;

/** A read model: role changes show up here ~100 ms after they were accepted. */
export function listUsers(options?: RequestOptions): Promise<AdminUser[]> {
  return apiGet('/api/v1/admin/users', {}, options);
}

export function grantRole(userId: string, role: Role): Promise<WriteOutcome> {
  return apiPost('/api/v1/admin/users/{userId}/roles', { path: { userId }, body: { role } });
}

export function revokeRole(userId: string, role: Role): Promise<WriteOutcome> {
  return apiDelete('/api/v1/admin/users/{userId}/roles/{role}', { path: { userId, role } });
}
