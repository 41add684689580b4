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
import type { Campaign } from '../campaign/campaign.js';
import type { Credential } from '../credential.js';
import type { QuestErrorJSON } from '../errors.js';
import type { Progress } from '../ladder/progress.js';
import type { LeaderboardEntry, LeaderboardPage } from '../leaderboard.js';
import type { ReferralBinding, ReferralsOverview } from '../referrals.js';
import type { Streaks } from '../schedule-tasks.js';
import type {
  ClaimResult,
  Session,
  SignInRequest,
  TokenProof,
  VerifyFailed,
  VerifyPassed,
  VerifyRequest,
} from './backend.js';

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
export type SignInBody = SignInRequest & { campaignId?: string };

/** `POST /auth/verify` → and `GET /auth/session` → */
export type SessionResponse = Session;

/** `GET /campaigns` → */
export interface CampaignListResponse {
  campaigns: { id: string; title: string; archived: boolean; updatedAt: string }[];
}

/** `GET /campaigns/{id}` → the campaign JSON itself, with an `ETag`. */
export type CampaignResponse = Campaign;

/**
 * `GET /campaigns/{id}/progress/{address}` → the stored progress, the points of its ledger and
 * the visitor's streaks (derived by `streaksOf` at the server's clock).
 */
export type ProgressResponse = Progress & { points: number; streaks: Streaks };

/** `POST /campaigns/{id}/tasks/{taskId}/verify` body. */
export type VerifyBody = Pick<VerifyRequest, 'input' | 'chainId'>;

/** `POST /campaigns/{id}/tasks/{taskId}/verify` → (200 both when it passes and when it does not). */
export type VerifyResponse = (VerifyPassed & { firstCompletion: boolean }) | VerifyFailed;

/** `POST /campaigns/{id}/tiers/{tierId}/claim` → */
export type ClaimResponse = ClaimResult;

/** `GET /campaigns/{id}/tiers/{tierId}/proof/{address}` → (404 `NOT_FOUND` while no closed round includes it) */
export type TokenProofResponse = TokenProof;

/** `POST /campaigns/{id}/referral` body: the code of the invite link the visitor came by. */
export interface ReferralBindBody {
  code: string;
}

/** `POST /campaigns/{id}/referral` → (refusals: `REFERRAL_REFUSED`, the reason in `details`) */
export type ReferralBindResponse = ReferralBinding;

/** `GET /campaigns/{id}/referrals` → (the signed-in referrer's) */
export type ReferralsResponse = ReferralsOverview;

/** `GET /campaigns/{id}/leaderboard?period&cursor&limit&address` → */
export type LeaderboardResponse = LeaderboardPage;

/** `GET /campaigns/{id}/leaderboard/rank?period&address` → (`entry` null: no points on the board) */
export interface LeaderboardRankResponse {
  period: LeaderboardPage['period'];
  key?: string;
  entry: LeaderboardEntry | null;
}

/**
 * `GET /credentials/{address}?campaignId&taskId&issuer&after&limit` → one page, oldest first.
 * `next` is the `after` cursor of the following page; absent on the last page.
 */
export interface CredentialsResponse {
  credentials: Credential[];
  next?: string;
}

/** Largest (and default) `limit` of `GET /credentials/{address}`. */
export const MAX_CREDENTIALS_PAGE = 500;

/**
 * `GET /.well-known/questboard.json` → what a partner server needs to trust this one's
 * credentials in its `credential` rules.
 */
export interface WellKnownResponse {
  protocol: typeof PROTOCOL_VERSION;
  /** The address that signs this server's credentials (the `issuer` of `credential` rules). */
  issuer: `0x${string}`;
  /** Where the credentials are listed: `{credentials}/{address}`. */
  credentials: string;
  /** The EAS schema string and its UID, and the EAS domain the credentials are signed for. */
  schema: { definition: string; uid: `0x${string}` };
  eas: { name: string; version: string; chainId: number; verifyingContract: `0x${string}` };
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
/**
 * The board's beacon, `POST /campaigns/{id}/events`: a batch of anonymous events by a random
 * per-page visitor id (never an address). The server stamps the time.
 */
export const BEACON_EVENT_TYPES = ['viewed', 'connected', 'task_started'] as const;
export type BeaconEventType = (typeof BEACON_EVENT_TYPES)[number];
/** Events in one beacon request at most. */
export const MAX_BEACON_EVENTS = 20;
export interface BeaconBody {
  visitor: string;
  /** `task` with `task_started` only. */
  events: { type: BeaconEventType; task?: string }[];
}
