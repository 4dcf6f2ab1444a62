import { apiGet, apiPost, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type DevicePostureReport = BodyOf<'/api/v1/devices/posture', 'post'>;
export type UserDevices = ResponseOf<'/api/v1/users/{userId}/devices', 'get'>;
export type DevicePosture = UserDevices['devices'][number];
export type PolicyViolation = UserDevices['violations'][number];

export function reportDevicePosture(
  report: DevicePostureReport,
): Promise<ResponseOf<'/api/v1/devices/posture', 'post'>> {
  return apiPost('/api/v1/devices/posture', { body: report });
}

/** A read model: a report shows up here ~100 ms after it was accepted. */
export function getUserDevices(userId: string, options?: RequestOptions): Promise<UserDevices> {
  return apiGet('/api/v1/users/{userId}/devices', { path: { userId } }, options);
}
