import type { Level, Task, Tier, TierUnlock } from '../campaign/campaign.js';
import type { QuestError } from '../errors.js';
import type { Period, Streak } from '../schedule.js';

/**
 * - `locked`: its tier is locked or a required task is not done.
 * - `available`: can be attempted now.
 * - `verifying`: a verification is in flight.
 * - `done`: completed (recorded by the backend).
 * - `failed`: the last verification did not pass or errored; can be retried.
 * - `upcoming` / `ended`: outside the campaign window (done tasks stay `done`).
 */
export type TaskState =
  | 'locked'
  | 'available'
  | 'verifying'
  | 'done'
  | 'failed'
  | 'upcoming'
  | 'ended';

/** `completed`: every task done; `claimed`: its reward claimed. */
export type TierState = 'locked' | 'available' | 'completed' | 'claimed' | 'upcoming' | 'ended';

export type WindowState = 'upcoming' | 'live' | 'ended';

/** Transient, client-side state of one task (not stored by backends). */
export type PendingState =
  | { state: 'verifying' }
  | {
      state: 'failed';
      error: QuestError | { code: string; shortMessage: string };
      current?: number;
      target?: number;
    };

export interface LadderTask {
  task: Task;
  tierId: string;
  state: TaskState;
  /** Ids of `requires` tasks not yet done. */
  waitingFor: string[];
  /** Present when `state` is `failed`. */
  failure?: PendingState & { state: 'failed' };
  /** Scheduled tasks: the current period (it resets at `period.end`). */
  period?: Period;
  /** Scheduled tasks: how many periods it has been done in. */
  completions?: number;
  /** Scheduled tasks that keep a streak: current and best, from the stored completions. */
  streak?: Streak;
  /**
   * Streak tasks: the last `RECENT_PERIODS` periods, oldest first, ending with the current one,
   * and whether each was done (the board's compact calendar).
   */
  recent?: { key: string; start: number; done: boolean }[];
}

export interface LadderTier {
  tier: Tier;
  state: TierState;
  tasks: LadderTask[];
  done: number;
  /** Present when the tier has an unlock rule; `met` says whether it holds. */
  unlock?: TierUnlock & {
    met: boolean;
    needed: number;
    have: number;
    /** With `streak`: the best streak so far, against `streak.atLeast`. */
    streakBest?: number;
    /** With `segment`: whether the wallet is in it (`Progress.segments`). */
    inSegment?: boolean;
  };
  /** Whether the reward can be claimed now (completed, has a reward, not claimed). */
  claimable: boolean;
}

export interface LevelInfo {
  /** Index into `campaign.levels`, -1 when the campaign has none or none is reached. */
  index: number;
  level: Level | null;
  next: Level | null;
}

export interface Ladder {
  campaignId: string;
  window: WindowState;
  tiers: LadderTier[];
  /** Points earned so far (scheduled tasks count every completed period). */
  points: number;
  /**
   * Points of one completion of every task. A scheduled task counts once: with no end to its
   * periods there is no maximum, so `points` can pass `maxPoints` on a campaign with schedules.
   */
  maxPoints: number;
  /** Tasks done (a scheduled task counts as done once it was completed in any period). */
  done: number;
  /** Tasks in the campaign. */
  total: number;
  level: LevelInfo;
  /** The campaign streak, when the campaign has `streak`. */
  streak?: Streak;
}

export interface DeriveOptions {
  /** Milliseconds since the epoch; defaults to `Date.now()`. */
  now?: number;
  pending?: Readonly<Record<string, PendingState>>;
}
