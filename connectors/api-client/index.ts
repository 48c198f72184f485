export { createApiClient, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from './http-api-client';
export {
  validateRecords,
  readableId,
  type InvalidRecord,
  type RecordValidation,
  type ValidRecord,
} from './record-validation';
export { DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';
export * from './errors';
export * from './types';
