/**
 * The Questboard HTTP protocol (version 1): request and response bodies shared by the
 * reference server and `httpBackend()`. The server serves the same contract as an
 * OpenAPI 3.1 document at `GET /openapi.json`; docs/server.md describes it in prose.
 *
 * Conventions: JSON bodies (`Content-Type: application/json`); the session travels as
 * `Authorization: Bearer <token>` (no cookies); state-changing calls accept an
 * `Idempotency-Key` header (same key, same answer); every error is a
 * {@link ProtocolError} body with a 4xx/5xx status.
 */
import type { Address, Campaign } from '../campaign/campaign.js';
import type { Credential } from '../credential.js';
import type { QuestErrorJSON } from '../errors.js';
import type { Progress } from '../ladder/progress.js';

export const PROTOCOL_VERSION = 1;

/** Header carrying the protocol version on every response. */
export const PROTOCOL_HEADER = 'Questboard-Protocol';

/** Every error response: `{ error: { code, message, details?, issues?, retryable?, retryAfter? } }`. */
export interface ProtocolError {
  error: QuestErrorJSON;
}

/** `POST /auth/nonce` → */
export interface NonceResponse {
  nonce: string;
  /** ISO 8601: the nonce must be used (signed and sent back) before then. */
  expiresAt: string;
}

/** `POST /auth/verify` body. `campaignId` narrows the accepted SIWE domains to that campaign's origins. */
export interface SignInBody {
  message: string;
  signature: `0x${string}`;
  campaignId?: string;
}

/** `POST /auth/verify` → and `GET /auth/session` → */
export interface SessionResponse {
  token: string;
  address: Address;
  chainId: number;
  expiresAt: string;
}

/** `GET /campaigns` → */
export interface CampaignListResponse {
  campaigns: { id: string; title: string; archived: boolean; updatedAt: string }[];
}

/** `GET /campaigns/{id}` → the campaign JSON itself, with an `ETag`. */
export type CampaignResponse = Campaign;

/** `GET /campaigns/{id}/progress/{address}` → */
export type ProgressResponse = Progress & { points: number };

/** `POST /campaigns/{id}/tasks/{taskId}/verify` body. */
export interface VerifyBody {
  /** Answer of a `quiz` task, text of an `input` task. */
  input?: string;
}

/** `POST /campaigns/{id}/tasks/{taskId}/verify` → (200 both when it passes and when it does not). */
export type VerifyResponse =
  | { ok: true; progress: Progress; credential?: Credential; firstCompletion: boolean }
  | {
      ok: false;
      code: 'WRONG_ANSWER' | 'INPUT_MISMATCH' | 'VERIFY_FAILED';
      reason: string;
      current?: number;
      target?: number;
    };

/** `POST /campaigns/{id}/tiers/{tierId}/claim` → */
export interface ClaimResponse {
  progress: Progress;
  firstClaim: boolean;
}

/** `GET /campaigns/{id}/leaderboard?offset&limit` → */
export interface LeaderboardResponse {
  entries: { rank: number; address: Address; points: number }[];
  total: number;
  offset: number;
  limit: number;
}

/** `GET /credentials/{address}?campaignId` → */
export interface CredentialsResponse {
  credentials: Credential[];
}

/** `GET /campaigns/{id}/funnel` (admin) → */
export interface FunnelResponse {
  campaignId: string;
  /** Wallets with at least one completion in the campaign. */
  wallets: number;
  tiers: {
    tierId: string;
    /** Wallets for which the tier was unlocked (reached). */
    reached: number;
    /** Wallets that completed every task of the tier. */
    completed: number;
    claimed: number;
  }[];
  tasks: { taskId: string; tierId: string; completions: number }[];
}

/** `GET /health` → */
export interface HealthResponse {
  ok: true;
  version: string;
}

/** `GET /ready` → (503 with `ok: false` when the database is unreachable) */
export interface ReadyResponse {
  ok: boolean;
  database: 'ok' | 'down';
}

/** Limits a client can rely on. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
export const MAX_LEADERBOARD_LIMIT = 100;
