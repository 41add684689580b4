/**
 * Every failure a user or integrator can hit carries a stable `code` (what code switches on),
 * a `shortMessage` (what a person sees, in English; UIs translate by `code`), optional
 * `details`, `cause` and `docsPath` — modelled on viem's `BaseError`.
 */
export const QUEST_ERROR_CODES = [
  'CAMPAIGN_INVALID',
  'CAMPAIGN_FETCH_FAILED',
  'CAMPAIGN_NOT_FOUND',
  'CAMPAIGN_NOT_STARTED',
  'CAMPAIGN_ENDED',
  'TASK_NOT_FOUND',
  'TIER_NOT_FOUND',
  'TASK_LOCKED',
  'TIER_LOCKED',
  'TIER_NOT_COMPLETE',
  /** A check of the task failed moments ago; wait `retryAfter` seconds (the task's cooldown). */
  'TASK_COOLDOWN',
  /** The task's `claimLimit` is used up (for this period: `retryAfter` until the next). */
  'CLAIM_LIMIT_REACHED',
  /** An on-chain reward claim the contract refused (`details`: its custom error's name). */
  'CLAIM_REVERTED',
  'WRONG_ANSWER',
  'INPUT_MISMATCH',
  'VERIFY_FAILED',
  'RULE_ERROR',
  'WALLET_REQUIRED',
  'SIGN_IN_REQUIRED',
  /** A session was presented that the backend no longer knows (expired, revoked, server restarted): sign in again. */
  'SESSION_EXPIRED',
  'SIGN_IN_FAILED',
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'NETWORK',
  'TIMEOUT',
  'BAD_REQUEST',
  'SERVER',
  'NOT_SUPPORTED',
  /** Something asked for does not exist (yet), e.g. a token proof before a round includes the address. */
  'NOT_FOUND',
  /** A badge or token reward needs a server to sign or prove it; this backend (memory) has no issuer. */
  'REWARD_NEEDS_SERVER',
  /** A referral binding was refused; `details` is the reason (`REFERRAL_REFUSALS`: `SELF`, `CAP_REACHED`, …). */
  'REFERRAL_REFUSED',
  /** Stored progress was unreadable and has been reset (memory backend warnings). */
  'STORAGE_CORRUPT',
  'UNKNOWN',
  // wallet
  'WALLET_NOT_FOUND',
  'WALLET_REJECTED',
  'WALLET_LOCKED',
  'WALLET_WRONG_CHAIN',
  'WALLET_DISCONNECTED',
  'WALLET_REQUEST_PENDING',
  'WALLET_CONFIG',
] as const;

export type QuestErrorCode = (typeof QUEST_ERROR_CODES)[number];

export interface QuestErrorOptions {
  details?: string;
  cause?: unknown;
  docsPath?: string;
  /** Issues behind a `CAMPAIGN_INVALID` or `BAD_REQUEST`: one per bad path. */
  issues?: readonly ValidationIssue[];
  /** Whether repeating the same call may succeed (network, timeout, rate limit, RPC down). */
  retryable?: boolean;
  /** Seconds to wait before retrying, when the source said so (HTTP `Retry-After`). */
  retryAfter?: number;
}

/** One problem in a piece of data, at a JSON path such as `tiers[1].tasks[0].points`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export class QuestError extends Error {
  override name = 'QuestError';
  readonly code: QuestErrorCode;
  readonly shortMessage: string;
  readonly details?: string;
  readonly docsPath?: string;
  readonly issues: readonly ValidationIssue[];
  readonly retryable: boolean;
  readonly retryAfter?: number;

  constructor(code: QuestErrorCode, shortMessage: string, options: QuestErrorOptions = {}) {
    const lines = [shortMessage];
    if (options.issues?.length) {
      for (const issue of options.issues)
        lines.push(`  - ${issue.path || '(root)'}: ${issue.message}`);
    }
    if (options.details) lines.push(`Details: ${options.details}`);
    if (options.docsPath) lines.push(`Docs: ${options.docsPath}`);
    super(lines.join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.docsPath = options.docsPath;
    this.issues = options.issues ?? [];
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
  }

  /** A plain JSON shape, as the HTTP protocol sends errors. */
  toJSON(): QuestErrorJSON {
    return {
      code: this.code,
      message: this.shortMessage,
      ...(this.details ? { details: this.details } : {}),
      ...(this.issues.length ? { issues: [...this.issues] } : {}),
      ...(this.retryable ? { retryable: true } : {}),
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
    };
  }
}

export interface QuestErrorJSON {
  code: QuestErrorCode;
  message: string;
  details?: string;
  issues?: ValidationIssue[];
  retryable?: boolean;
  retryAfter?: number;
}

export function isQuestError(value: unknown): value is QuestError {
  return (
    value instanceof QuestError ||
    (value instanceof Error && value.name === 'QuestError' && 'code' in value)
  );
}

/** Wraps anything thrown into a QuestError, keeping QuestErrors as they are. */
export function toQuestError(value: unknown, fallback: QuestErrorCode = 'UNKNOWN'): QuestError {
  if (isQuestError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new QuestError(fallback, message || 'Something went wrong.', { cause: value });
}
