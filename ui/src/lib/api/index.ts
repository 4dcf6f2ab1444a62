export { ApiError, errorMessage, type ApiErrorBody, type RequestOptions } from './http';
export {
  getLedgerStatus,
  type ChainBreak,
  type ChainStatus,
  type ChainVerification,
  type LedgerStatus,
  type ProjectionStatus,
} from './ledger';
