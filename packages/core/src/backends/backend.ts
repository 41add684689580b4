import type { Address, Campaign } from '../campaign/campaign.js';
import type { Credential } from '../credential.js';
import type { Progress } from '../ladder/progress.js';
import type { LeaderboardPage, LeaderboardQuery } from '../leaderboard.js';
import type { ReferralBinding, ReferralsOverview } from '../referrals.js';
import type { VerifyFailCode } from '../verify/verify.js';
import type { BadgeVoucherJson } from '../voucher.js';

/** A signed-in session (Sign-In with Ethereum). */
export interface Session {
  address: Address;
  chainId: number;
  /** Opaque bearer token (HTTP backend) or a local id (memory backend). */
  token: string;
  /** ISO 8601 instant. */
  expiresAt: string;
}

export interface VerifyRequest {
  campaignId: string;
  taskId: string;
  /** The connected wallet, if any. */
  address?: Address | null;
  /**
   * The chain the wallet reports now (for `wallet.chain` tasks). The memory backend judges on
   * it; the server judges on the chain of the signed session and uses this only to say "sign
   * in again on the new chain".
   */
  chainId?: number;
  /** Free text for `quiz` and `input` tasks. */
  input?: string;
  /**
   * The session from `signIn`. A backend that no longer knows it (expired, revoked, server
   * restarted) throws `SESSION_EXPIRED`: drop it and sign in again.
   */
  session?: Session | null;
  /** Same key, same answer: a retry never counts twice. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** The task passed: the completion is recorded and returned with the new progress. */
export interface VerifyPassed {
  ok: true;
  progress: Progress;
  credential?: Credential;
}

/** The task did not pass (yet). Not an error: the visitor can act and try again. */
export interface VerifyFailed {
  ok: false;
  /** Plain-language reason, e.g. "holds 0.4 of the 1.0 USDC required". */
  reason: string;
  /** A stable code for UIs that translate (`WRONG_ANSWER`, `INPUT_MISMATCH`, `VERIFY_FAILED`). */
  code: VerifyFailCode;
  /** Partial progress, when the rule reports it (n of m). */
  current?: number;
  target?: number;
  /** The task's cooldown: seconds before it can be checked again (`TASK_COOLDOWN` until then). */
  retryAfter?: number;
}

export type VerifyResult = VerifyPassed | VerifyFailed;

export interface ClaimRequest {
  campaignId: string;
  tierId: string;
  address?: Address | null;
  session?: Session | null;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ClaimResult {
  progress: Progress;
  /** False when the reward had been claimed before (claims are idempotent). */
  firstClaim: boolean;
  /**
   * What the claim delivers and what the visitor does next (by the reward's kind). Given on
   * every claim, the first and repeated ones (a repeat gives the same voucher). Absent only
   * from backends that predate rewards.
   */
  delivery?: RewardDelivery;
}

/**
 * A merkle proof for `QuestDrop.claim(amount, proof)`: the address is in closed round `round`
 * (published as `root`) with the cumulative `amount`.
 */
export interface TokenProof {
  round: number;
  root: `0x${string}`;
  /** Cumulative base units over every round so far (what `claim` takes, not this tier's). */
  amount: string;
  proof: `0x${string}`[];
}

/** What a claimed reward delivers, by the reward's kind. */
export type RewardDelivery =
  /** Nothing more to do: the claim is the reward. */
  | { kind: 'credential' }
  /** Send `QuestBadge.claim(voucher, signature)` to `contract` on `chainId`. */
  | {
      kind: 'badge';
      chainId: number;
      contract: Address;
      /** `badgeVoucherToJson(voucher)`; `badgeVoucherFromJson` gives what `claim` takes. */
      voucher: BadgeVoucherJson;
      signature: `0x${string}`;
    }
  /**
   * This tier's `amount` in base units, paid by the drop at `contract` once a round including
   * it is closed and published; `proof` is there once a closed round includes the address.
   */
  | {
      kind: 'token';
      chainId: number;
      contract: Address;
      token: { address: Address; symbol: string; decimals: number };
      amount: string;
      proof?: TokenProof;
    }
  /** The address is on the operator's list `list`. */
  | { kind: 'allowlist'; list: string };

export type { LeaderboardEntry, LeaderboardPage, LeaderboardQuery } from '../leaderboard.js';

/** Who asks about referrals: the visitor's wallet and, for servers, their session. */
export interface ReferralRequest {
  campaignId: string;
  address: Address;
  session?: Session | null;
  signal?: AbortSignal;
}

export interface SignInRequest {
  /** The EIP-4361 message exactly as signed. */
  message: string;
  signature: `0x${string}`;
}

/**
 * What a backend needs before it can record progress, declared up front so the board asks the
 * visitor for it (connect, sign in) before the call instead of catching an error and retrying.
 */
export interface BackendNeeds {
  /**
   * Progress is recorded only for a signed-in wallet (SIWE session): the reference server.
   * The board connects and signs in before `verify` and `claim`.
   */
  readonly signIn: boolean;
}

/**
 * The adapter between the board and whatever verifies and stores progress.
 * Every method returns typed results or throws a `QuestError` with a code the UI can show.
 */
export interface QuestBackend {
  /** What this backend needs before `verify` / `claim` (default: nothing). */
  readonly needs?: BackendNeeds;
  /**
   * Carries progress made without a wallet (address `null`) over to `address`, once, and
   * returns the address's merged progress. Backends that keep anonymous progress (the memory
   * backend) implement it; the board calls it when a wallet connects.
   */
  adoptAnonymous?(campaignId: string, address: Address): Promise<Progress>;
  /**
   * Whether the backend still knows a session kept from earlier (a reload): `false` when it was
   * forgotten (server restarted, expired, signed out elsewhere, revoked), so the board shows
   * signed-out with a sign-in action instead of "Signed in". `true` when it cannot tell (offline).
   */
  checkSession?(session: Session): Promise<boolean>;
  /**
   * Settles when the checks a backend defers past `loadCampaign` are done for a loaded campaign
   * (the memory backend's `deferPatternCheck`: input tasks' patterns); rejects with the
   * `CAMPAIGN_INVALID` error naming the field when they refuse it. The quest state awaits it
   * after showing the ladder and turns a refusal into its error state. Absent: nothing deferred.
   */
  campaignChecked?(campaignId: string): Promise<void>;
  /** Resolves a campaign from an id or URL (backend-specific) or validates a given object. */
  loadCampaign(ref: string | Campaign, options?: { signal?: AbortSignal }): Promise<Campaign>;
  getProgress(
    campaignId: string,
    address?: Address | null,
    session?: Session | null,
  ): Promise<Progress>;
  verify(request: VerifyRequest): Promise<VerifyResult>;
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /**
   * The merkle proof `address` claims a token tier's drop with, from the latest closed round
   * that includes it; `undefined` while no closed round does. Backends without rounds (the
   * memory backend) answer `undefined`.
   */
  tokenProof?(
    campaignId: string,
    tierId: string,
    address: Address,
    options?: { signal?: AbortSignal },
  ): Promise<TokenProof | undefined>;
  /** A fresh single-use nonce for a SIWE message. */
  getNonce(): Promise<string>;
  signIn(request: SignInRequest): Promise<Session>;
  signOut(session: Session): Promise<void>;
  /**
   * One page of a campaign's all-time or per-period board (order and ties: `leaderboard.ts`),
   * with the asking wallet's own entry as `me` when `address` is given. Optional capability:
   * the board hides its leaderboard when the backend has none.
   */
  leaderboard?(campaignId: string, query?: LeaderboardQuery): Promise<LeaderboardPage>;
  credentials(address: Address): Promise<Credential[]>;
  /**
   * Binds the visitor to the referrer whose invite `code` brought them, once and for good (the
   * same code again answers the binding). Refusals throw `REFERRAL_REFUSED` with the reason in
   * `details` (`SELF`, `UNKNOWN_CODE`, `ALREADY_BOUND`, `NOT_NEW`, `CAP_REACHED`, `NOT_ENABLED`).
   */
  bindReferral?(request: ReferralRequest & { code: string }): Promise<ReferralBinding>;
  /** The visitor's invite code (issued on first call) and their referees with their states. */
  referrals?(request: ReferralRequest): Promise<ReferralsOverview>;
  /** Optional push of progress changed elsewhere (another tab, the server). Returns unsubscribe. */
  subscribe?(
    campaignId: string,
    address: Address | null,
    listener: (progress: Progress) => void,
  ): () => void;
}
