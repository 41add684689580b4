import type { Address } from '../campaign/campaign.js';

/** One recorded completion. */
export interface Completion {
  /** ISO 8601 instant. */
  at: string;
  points: number;
}

/**
 * What a backend knows of one visitor (address, or anonymous) in one campaign.
 * Only completions and claims are stored; everything else (states, points, streaks) is derived
 * by the ladder engine.
 */
export interface Progress {
  campaignId: string;
  /** `null` for an anonymous visitor (no wallet yet). */
  address: Address | null;
  /** Completions of one-off tasks (tasks without a `schedule`), by task id. */
  completed: Record<string, Completion>;
  /**
   * Completions of scheduled tasks: by task id, then by period key (`2026-12-01`, `s42`…, see
   * `periodOf`). Absent or empty when there are none.
   */
  periods?: Record<string, Record<string, Completion>>;
  claimed: Record<string, { at: string }>;
  /**
   * The segments named by the campaign's tiers (`unlock.segment`) this wallet is in, as the
   * backend reports them (never stored with the progress). Absent: in none.
   */
  segments?: string[];
}

export function emptyProgress(campaignId: string, address: Address | null = null): Progress {
  return { campaignId, address, completed: {}, claimed: {} };
}

/**
 * Adds a completion to `progress` in place: a one-off task's (`period` `''`) under `completed`,
 * a scheduled task's under `periods[taskId][period]`. Returns false, changing nothing, when that
 * task already has a completion for that period.
 */
export function addCompletion(
  progress: Progress,
  taskId: string,
  period: string,
  completion: Completion,
): boolean {
  if (period === '') {
    if (Object.hasOwn(progress.completed, taskId)) return false;
    progress.completed[taskId] = completion;
    return true;
  }
  const periods = progress.periods ?? {};
  const byKey = Object.hasOwn(periods, taskId) ? periods[taskId]! : {};
  if (Object.hasOwn(byKey, period)) return false;
  byKey[period] = completion;
  periods[taskId] = byKey;
  progress.periods = periods;
  return true;
}
