import { QuestError, type QuestErrorCode, type QuestErrorOptions } from '@questboard/core';

const STATUS: Partial<Record<QuestErrorCode, number>> = {
  BAD_REQUEST: 400,
  CAMPAIGN_INVALID: 422,
  SIGN_IN_REQUIRED: 401,
  SESSION_EXPIRED: 401,
  SIGN_IN_FAILED: 401,
  UNAUTHORIZED: 401,
  WALLET_REQUIRED: 401,
  CAMPAIGN_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  TIER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  CAMPAIGN_NOT_STARTED: 409,
  CAMPAIGN_ENDED: 409,
  TASK_LOCKED: 409,
  TIER_LOCKED: 409,
  TIER_NOT_COMPLETE: 409,
  RATE_LIMITED: 429,
  RULE_ERROR: 503,
  NETWORK: 503,
  TIMEOUT: 504,
  NOT_SUPPORTED: 400,
  SERVER: 500,
};

/** A `QuestError` with the HTTP status it is sent with. */
export class ApiError extends QuestError {
  readonly status: number;
  constructor(
    status: number,
    code: QuestErrorCode,
    message: string,
    options: QuestErrorOptions = {},
  ) {
    super(code, message, options);
    this.status = status;
  }
}

export function statusOf(error: QuestError): number {
  if (error instanceof ApiError) return error.status;
  if (error.code === 'RULE_ERROR') return error.retryable ? 503 : 502;
  return STATUS[error.code] ?? 400;
}

export const badRequest = (message: string, options: QuestErrorOptions = {}) =>
  new ApiError(400, 'BAD_REQUEST', message, options);
