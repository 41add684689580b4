import type { Address, Rule } from '@questboard/rules';
import type { ReferralRules } from '../referrals.js';
import type { Schedule, StreakRules } from '../schedule.js';

/** A `0x`-prefixed, checksummed EVM address (the rules package's, declared once). */
export type { Address };

/** Current campaign schema version. A campaign declares it as `schemaVersion`. */
export const SCHEMA_VERSION = 1 as const;

/**
 * A campaign: JSON only (bigints as decimal strings), validated by `parseCampaign`.
 * See docs/campaign-format.md for every field with examples.
 */
export interface Campaign {
  schemaVersion: typeof SCHEMA_VERSION;
  /** URL-safe id: letters, digits, `-` and `_`. */
  id: string;
  title: string;
  description?: string;
  /** ISO 8601 instant before which tasks are `upcoming`. */
  startsAt?: string;
  /** ISO 8601 instant after which unfinished tasks are `ended`. */
  endsAt?: string;
  /** Chains the campaign's on-chain tasks read from, keyed by decimal chain id. */
  chains?: Record<string, ChainConfig>;
  /** Levels by point threshold, ascending; the first usually has `minPoints: 0`. */
  levels?: Level[];
  /** Origins allowed to embed the campaign (used by servers for CORS and the SIWE domain). */
  origins?: string[];
  /**
   * IANA time zone (`Europe/Madrid`) the calendar schedules (`day`, `week`, `month`) and the
   * campaign streak follow. Default `UTC`.
   */
  timeZone?: string;
  /**
   * A campaign-wide streak: consecutive periods in which the visitor completed any task.
   * Absent: no campaign streak (tasks may still keep their own).
   */
  streak?: Schedule & Omit<StreakRules, 'repairWindow'>;
  /**
   * Referrals: invite links, when a referee qualifies and what the referrer earns (see
   * docs/campaign-format.md#referrals). Absent: no referrals.
   */
  referral?: ReferralRules;
  tiers: Tier[];
}

export interface ChainConfig {
  name?: string;
  rpcUrls: string[];
  /** Block explorer, for links to transactions (`https:` or `http:`). */
  explorer?: string;
  nativeCurrency?: { name: string; symbol: string; decimals: number };
}

export interface Level {
  name: string;
  minPoints: number;
}

/** How many of the referenced tier's tasks must be done. */
export type UnlockRequirement = 'all' | 'any' | { atLeast: number };

/**
 * A tier unlocks after (all / any / at least N of) the tasks of another tier are done and, with
 * `streak`, once a streak has reached a length (a streak milestone: the tier's reward pays it).
 * With `segment`, only for wallets in that saved segment of the server (`after`, `segment` or both).
 */
export interface TierUnlock {
  /** The earlier tier whose tasks open this one; may be absent when `segment` is given. */
  after?: string;
  /**
   * A saved segment of the server (`PUT /admin/segments/{name}`): the tier opens only for its
   * members (the backend reports them in `Progress.segments`). Publishing names an existing one.
   */
  segment?: string;
  require?: UnlockRequirement;
  /**
   * Also needed: the best streak of `task` (a scheduled task with a `streak`), or of the campaign
   * streak when `task` is absent, is at least `atLeast` periods. Once reached it stays reached.
   */
  streak?: { atLeast: number; task?: string };
}

/** Every reward kind, in the order the docs list them; `credential` when `kind` is absent. */
export const REWARD_KINDS = ['credential', 'badge', 'token', 'allowlist'] as const;

export type RewardKind = (typeof REWARD_KINDS)[number];

/** What every reward has: what the card shows. */
export interface RewardBase {
  title: string;
  description?: string;
  /** An image URL (`https:`/`http:`). */
  image?: string;
}

/** Today's reward: the claim is recorded (and a server signs a credential for it). */
export interface CredentialReward extends RewardBase {
  kind?: 'credential';
}

/**
 * A soulbound badge minted on a `QuestBadge` contract from a voucher the server signs. The
 * badge's name defaults to the reward's `title`, its image to `image`.
 */
export interface BadgeReward extends RewardBase {
  kind: 'badge';
  /** The chain the contract is on; must be listed under the campaign's `chains`. */
  chainId: number;
  /** The `QuestBadge` contract. */
  contract: Address;
  /** The badge's name on chain, when it differs from `title`. */
  name?: string;
  /**
   * The badge's image in the contract's metadata (`https://` or `ipfs://`, at most 2048 bytes),
   * when it differs from `image` (which the reward card shows, and which must then be `https:`).
   */
  chainImage?: string;
}

/** The ERC-20 a token reward pays. */
export interface RewardToken {
  address: Address;
  symbol: string;
  /** 0–36. */
  decimals: number;
}

/**
 * How much a token tier pays, in the token's base units (decimal strings, no bigint in JSON):
 * a fixed amount, or an amount per point of the tier's tasks.
 */
export type TokenAmount = string | { perPoint: string };

/** Tokens from a `QuestDrop` merkle drop, paid round by round (the operator closes rounds). */
export interface TokenReward extends RewardBase {
  kind: 'token';
  /** The chain the drop is on; must be listed under the campaign's `chains`. */
  chainId: number;
  /** The `QuestDrop` contract. */
  contract: Address;
  token: RewardToken;
  amount: TokenAmount;
}

/** A place on a named list the operator exports (`GET /admin/campaigns/{id}/allowlists/{list}.csv`). */
export interface AllowlistReward extends RewardBase {
  kind: 'allowlist';
  /** The list's name: 1–64 letters, digits, `-` or `_`. */
  list: string;
}

export type Reward = CredentialReward | BadgeReward | TokenReward | AllowlistReward;

export interface Tier {
  id: string;
  title: string;
  description?: string;
  /** Absent: the tier is open from the start. */
  unlock?: TierUnlock;
  tasks: Task[];
  /** Claimable once every task of the tier is done. */
  reward?: Reward;
}

/** Every task kind, in the order the docs list them. */
export const TASK_KINDS = [
  'visit',
  'quiz',
  'input',
  'wallet.connect',
  'wallet.signIn',
  'wallet.chain',
  'onchain',
  'http',
  'credential',
] as const;

export type TaskKind = (typeof TASK_KINDS)[number];

/** The kinds whose check is a declarative rule (`@questboard/rules`). */
export const RULE_TASK_KINDS = [
  'onchain',
  'http',
  'credential',
] as const satisfies readonly TaskKind[];

export type RuleTaskKind = (typeof RULE_TASK_KINDS)[number];

export interface TaskBase<K extends TaskKind> {
  id: string;
  kind: K;
  title: string;
  description?: string;
  /** Label of the call-to-action button; a per-kind default is used when absent. */
  cta?: string;
  /** Non-negative integer. */
  points: number;
  /** Ids of tasks (in any tier) that must be done before this one is available. */
  requires?: string[];
  /**
   * A recurring task: done once per period (in the campaign's `timeZone`), worth its points each
   * time. The backend computes the period from its own clock, never from the client.
   */
  schedule?: Schedule;
  /** Keep a streak of consecutive periods done (scheduled tasks only). */
  streak?: StreakRules;
  /**
   * Most completions of this task by all visitors together: `perPeriod` (scheduled tasks) and
   * `total`. Past it the task answers `CLAIM_LIMIT_REACHED`.
   */
  claimLimit?: ClaimLimit;
  /** Seconds a visitor waits after a failed check before the next one (`TASK_COOLDOWN`). */
  retryAfter?: number;
}

/** Caps on a task's completions by all visitors together; at least one of the two. */
export interface ClaimLimit {
  perPeriod?: number;
  total?: number;
}

export interface VisitTask extends TaskBase<'visit'> {
  /** `https:` or `http:` link the visitor opens. */
  url: string;
}

/**
 * The answer is never in the JSON: `answer.hash` is the hex SHA-256 of
 * `salt + ':' + normalize(answer)` where normalize trims, lowercases and collapses spaces.
 * `hashQuizAnswer()` computes it for campaign authors.
 */
export interface QuizTask extends TaskBase<'quiz'> {
  question: string;
  /** Multiple-choice options; free text when absent. */
  options?: string[];
  /**
   * The salted answer hash. Absent in the public view of a server-checked campaign (the server
   * keeps it and checks answers); a browser-only campaign carries it (a client-side check).
   */
  answer?: { salt: string; hash: string };
}

export interface InputTask extends TaskBase<'input'> {
  /** Label of the text field. */
  label?: string;
  placeholder?: string;
  /** A regular expression (source, without slashes) the whole trimmed input must match. */
  pattern: string;
  /** Regular expression flags, from `i`, `m`, `s`, `u`. */
  flags?: string;
  /** Max input length (default 500). */
  maxLength?: number;
}

export type WalletConnectTask = TaskBase<'wallet.connect'>;
export type WalletSignInTask = TaskBase<'wallet.signIn'>;
export interface WalletChainTask extends TaskBase<'wallet.chain'> {
  /** The chain the wallet must be on (added via EIP-3085 from `chains` if unknown). */
  chainId: number;
}

export interface RuleTask<K extends RuleTaskKind = RuleTaskKind> extends TaskBase<K> {
  /** The declarative rule the backend evaluates (see `@questboard/rules`). */
  rule: Rule;
  /** Optional link the visitor follows to do the action (a dApp page). */
  url?: string;
}

export type Task =
  | VisitTask
  | QuizTask
  | InputTask
  | WalletConnectTask
  | WalletSignInTask
  | WalletChainTask
  | RuleTask<'onchain'>
  | RuleTask<'http'>
  | RuleTask<'credential'>;
