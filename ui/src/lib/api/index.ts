export { ApiError, errorMessage, isApiError, onSessionExpired, type ApiErrorBody, type RequestOptions } from './http';
export { csrfToken, forgetCsrfToken } from './csrf';
export {
  getLedgerStatus,
  type ChainBreak,
  type ChainStatus,
  type ChainVerification,
  type LedgerStatus,
  type ProjectionStatus,
} from './ledger';
export {
  ROLES,
  confirmMfa,
  enrollMfa,
  getMe,
  login,
  logout,
  register,
  verifyMfa,
  type KycStatus,
  type LoginResult,
  type Me,
  type MfaEnrolment,
  type MfaProof,
  type Role,
} from './auth';
export {
  DOCUMENT_TYPES,
  decideKyc,
  getKycQueue,
  submitKyc,
  type DocumentType,
  type KycDecision,
  type KycEvidence,
  type KycQueueEntry,
} from './kyc';
export {
  getUserDevices,
  reportDevicePosture,
  type DevicePosture,
  type DevicePostureReport,
  type PolicyViolation,
  type UserDevices,
} from './devices';
export { grantRole, listUsers, revokeRole, type AdminUser } from './admin';
export {
  approveMfaReset,
  changePassword,
  issueResetLink,
  listPendingMfaResets,
  listSessions,
  requestMfaReset,
  revokeSession,
  useResetLink,
  type ActiveSession,
  type PendingMfaReset,
  type ResetLink,
} from './account';
export { listJobs, runJob, type JobHealth, type JobName, type JobRun } from './jobs';
