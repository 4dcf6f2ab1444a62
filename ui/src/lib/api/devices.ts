import { getJson, postJson, type RequestOptions } from './http';

export interface DevicePostureReport {
  deviceId: string;
  diskEncrypted: boolean;
  osUpToDate: boolean;
  screenLock: boolean;
}

export interface DevicePosture extends DevicePostureReport {
  compliant: boolean;
  /** ISO 8601; null while not compliant. */
  compliantSince: string | null;
  daysCompliant: number;
  /** ISO 8601. */
  lastReportedAt: string;
}

export interface PolicyViolation {
  violationId: string;
  policy: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH';
  recordedBy: string;
  /** ISO 8601. */
  recordedAt: string;
}

export interface UserDevices {
  devices: DevicePosture[];
  violations: PolicyViolation[];
}

export function reportDevicePosture(report: DevicePostureReport): Promise<{ compliant: boolean }> {
  return postJson('/api/v1/devices/posture', report);
}

/** A read model: a report shows up here ~100 ms after it was accepted. */
export function getUserDevices(userId: string, options?: RequestOptions): Promise<UserDevices> {
  return getJson(`/api/v1/users/${encodeURIComponent(userId)}/devices`, options);
}
