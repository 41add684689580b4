// The ladder engine with the schedule engine built in: what servers and Node code call. Its body
// is ./derive.ts (the schedule engine passed in), which browser bundles use without this file.
import type { Campaign } from '../campaign/campaign.js';
import { scheduleEngine } from '../schedule-engine.js';
import { deriveLadderWith, nextWindowChangeWith } from './derive.js';
import type { DeriveOptions, Ladder } from './ladder.js';
import type { Progress } from './progress.js';

export {
  allTasks,
  campaignWindow,
  deriveLadderWith,
  findTask,
  findTier,
  hasSchedules,
  levelFor,
  nextWindowChangeWith,
  RECENT_PERIODS,
  requiredCount,
} from './derive.js';

/**
 * Derives the whole ladder — each task's and tier's state, points and level — from a campaign
 * and a visitor's progress. Pure: the same input always gives the same output.
 * Completions of tasks the campaign no longer has are ignored.
 */
export function deriveLadder(
  campaign: Campaign,
  progress: Progress,
  options: DeriveOptions = {},
): Ladder {
  return deriveLadderWith(scheduleEngine, campaign, progress, options);
}

/**
 * The next instant (ms) at which a derived state changes on its own — the window opens or closes,
 * a scheduled task's period resets — or null. Lets stores re-derive on time.
 */
export function nextWindowChange(campaign: Campaign, now: number): number | null {
  return nextWindowChangeWith(scheduleEngine, campaign, now);
}
