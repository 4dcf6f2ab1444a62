import type { KycStatus, Role } from './auth';
import { deleteJson, getJson, postJson, type RequestOptions } from './http';

export interface AdminUser {
  userId: string;
  email: string;
  roles: Role[];
  mfaEnabled: boolean;
  kycStatus: KycStatus;
  /** ISO 8601. */
  registeredAt: string;
}

/** A read model: role changes show up here ~100 ms after they were accepted. */
export function listUsers(options?: RequestOptions): Promise<AdminUser[]> {
  return getJson('/api/v1/admin/users', options);
}

export function grantRole(userId: string, role: Role): Promise<{ written: boolean }> {
  return postJson(`/api/v1/admin/users/${encodeURIComponent(userId)}/roles`, { role });
}

export function revokeRole(userId: string, role: Role): Promise<{ written: boolean }> {
  return deleteJson(`/api/v1/admin/users/${encodeURIComponent(userId)}/roles/${encodeURIComponent(role)}`);
}
