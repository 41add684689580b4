import type { QuestError, VerifyResult } from '@questboard/core';

/** `quest-verify`: a verification finished (passed or not). */
export interface QuestVerifyDetail {
  taskId: string;
  result: VerifyResult;
}

/** `quest-complete`: a task was completed (first time only). */
export interface QuestCompleteDetail {
  taskId: string;
  /** Points the task gave. */
  points: number;
  /** The visitor's points after it. */
  totalPoints: number;
}

/**
 * `quest-unlock`: tiers and tasks that opened because of a completion (the "tier unlocked"
 * moment). Fired once per real transition: computed from the ladder before and after, so two
 * verify answers that land together never report the same tier twice.
 */
export interface QuestUnlockDetail {
  tierIds: string[];
  taskIds: string[];
}

/** `quest-claim`: a tier's reward was claimed (`firstClaim: false` when claimed before). */
export interface QuestClaimDetail {
  tierId: string;
  firstClaim: boolean;
}

/**
 * `quest-level`: the visitor reached a higher level of `campaign.levels` (points thresholds).
 * Once per level reached by the visitor's own action; never on load, reload or reconnect.
 */
export interface QuestLevelDetail {
  /** The level's name, as in the campaign. */
  level: string;
  /** Its index in `campaign.levels`. */
  index: number;
  /** The level before it (`null` when the visitor had none). */
  previous: string | null;
  /** The visitor's points now. */
  points: number;
}

/**
 * `quest-streak`: a streak grew by one period. `scope: 'task'` for a scheduled task that keeps
 * a streak (`taskId` set), `'campaign'` for the campaign streak.
 */
export interface QuestStreakDetail {
  scope: 'task' | 'campaign';
  taskId?: string;
  /** Periods in the streak now. */
  current: number;
  /** The longest streak ever (at least `current`). */
  best: number;
}

/** `quest-reward-claimable`: a tier's reward became claimable (its tasks are all done). */
export interface QuestRewardClaimableDetail {
  tierId: string;
  /** The reward's title. */
  reward: string;
}

/** `quest-error`: something failed; `taskId` when it concerns one task. */
export interface QuestErrorDetail {
  error: QuestError;
  taskId?: string;
}

/**
 * `quest-wallet-request`: a wallet task needs the wallet (connect, sign in, switch chain), or a
 * check or claim needs a wallet or a sign-in first (the backend declares `needs.signIn`).
 * Cancelable: call `preventDefault()` when your page handles it; otherwise the board opens its
 * own picker and signs in. Either way the check waits ("Sign in to continue") and is sent once
 * the identity arrives.
 */
export interface QuestWalletRequestDetail {
  kind: 'wallet.connect' | 'wallet.signIn' | 'wallet.chain';
  taskId: string;
  /** The chain a `wallet.chain` task asks for. */
  chainId?: number;
}

/**
 * `quest-reward-sent`: the wallet sent a reward's on-chain claim (mint a badge, claim tokens).
 * `hash` for a transaction; `callsId` (EIP-5792) for a sponsored claim, whose hash comes with
 * `quest-reward-confirmed`.
 */
export interface QuestRewardSentDetail {
  tierId: string;
  kind: 'badge' | 'token';
  sponsored: boolean;
  hash?: `0x${string}`;
  callsId?: string;
}

/** `quest-reward-confirmed`: a reward's on-chain claim was mined (its transaction `hash`). */
export interface QuestRewardConfirmedDetail {
  tierId: string;
  kind: 'badge' | 'token';
  sponsored: boolean;
  hash: `0x${string}`;
}

/** Every public `quest-*` event of the board and its detail. */
export interface QuestEventDetails {
  'quest-verify': QuestVerifyDetail;
  'quest-complete': QuestCompleteDetail;
  'quest-unlock': QuestUnlockDetail;
  'quest-claim': QuestClaimDetail;
  'quest-level': QuestLevelDetail;
  'quest-streak': QuestStreakDetail;
  'quest-reward-claimable': QuestRewardClaimableDetail;
  'quest-error': QuestErrorDetail;
  'quest-wallet-request': QuestWalletRequestDetail;
  'quest-reward-sent': QuestRewardSentDetail;
  'quest-reward-confirmed': QuestRewardConfirmedDetail;
}

export type QuestVerifyEvent = CustomEvent<QuestVerifyDetail>;
export type QuestCompleteEvent = CustomEvent<QuestCompleteDetail>;
export type QuestUnlockEvent = CustomEvent<QuestUnlockDetail>;
export type QuestClaimEvent = CustomEvent<QuestClaimDetail>;
export type QuestLevelEvent = CustomEvent<QuestLevelDetail>;
export type QuestStreakEvent = CustomEvent<QuestStreakDetail>;
export type QuestRewardClaimableEvent = CustomEvent<QuestRewardClaimableDetail>;
export type QuestErrorEvent = CustomEvent<QuestErrorDetail>;
export type QuestWalletRequestEvent = CustomEvent<QuestWalletRequestDetail>;
export type QuestRewardSentEvent = CustomEvent<QuestRewardSentDetail>;
export type QuestRewardConfirmedEvent = CustomEvent<QuestRewardConfirmedDetail>;

declare global {
  interface HTMLElementEventMap {
    'quest-verify': QuestVerifyEvent;
    'quest-complete': QuestCompleteEvent;
    'quest-unlock': QuestUnlockEvent;
    'quest-claim': QuestClaimEvent;
    'quest-level': QuestLevelEvent;
    'quest-streak': QuestStreakEvent;
    'quest-reward-claimable': QuestRewardClaimableEvent;
    'quest-error': QuestErrorEvent;
    'quest-wallet-request': QuestWalletRequestEvent;
    'quest-reward-sent': QuestRewardSentEvent;
    'quest-reward-confirmed': QuestRewardConfirmedEvent;
  }
}

/** Creates a public event: bubbling and composed (it leaves the shadow root), typed detail. */
export function questEvent<K extends keyof QuestEventDetails>(
  name: K,
  detail: QuestEventDetails[K],
  init: { cancelable?: boolean } = {},
): CustomEvent<QuestEventDetails[K]> {
  return new CustomEvent(name, {
    detail,
    bubbles: true,
    composed: true,
    cancelable: init.cancelable ?? false,
  });
}
