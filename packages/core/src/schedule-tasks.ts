// Schedules applied to a campaign: the current period of a task, its completions and streaks,
// and the period a late completion repairs. Pure functions of (campaign, progress, now), shared
// by the ladder engine and the verification core, so the browser and the server agree.
import type { Campaign, Task } from './campaign/campaign.js';
import { completionCount, everDone, periodCompletions } from './ladder/completions.js';
import type { Progress } from './ladder/progress.js';
import { indexOfKey, type Period, periodAt, periodOf, type Streak, streakOf } from './schedule.js';

export { completionCount, everDone, periodCompletions };

/** Where fixed-length (`{ seconds }`) periods count from: the campaign's start, else the epoch. */
export const scheduleAnchor = (campaign: Campaign): number =>
  campaign.startsAt ? Date.parse(campaign.startsAt) : 0;

/** The campaign's time zone (default UTC). */
export const timeZoneOf = (campaign: Campaign): string => campaign.timeZone ?? 'UTC';

/** The period of a scheduled task that contains `now`; `undefined` for a one-off task. */
export function taskPeriod(campaign: Campaign, task: Task, now: number): Period | undefined {
  if (!task.schedule) return undefined;
  return periodOf(task.schedule, now, timeZoneOf(campaign), scheduleAnchor(campaign));
}

/** Indices of the periods of a scheduled task with a completion (keys of other schedules skipped). */
function completedIndices(progress: Progress, task: Task): number[] {
  const indices: number[] = [];
  for (const key of Object.keys(periodCompletions(progress, task.id))) {
    const index = indexOfKey(task.schedule!, key);
    if (index !== undefined) indices.push(index);
  }
  return indices;
}

/** A scheduled task's streak (`undefined` unless it keeps one), from its stored completions. */
export function taskStreak(
  campaign: Campaign,
  progress: Progress,
  task: Task,
  now: number,
): Streak | undefined {
  const period = taskPeriod(campaign, task, now);
  if (!period || !task.streak) return undefined;
  return streakOf(completedIndices(progress, task), period.index, {
    freezes: task.streak.freezes ?? 0,
  });
}

/**
 * The campaign streak (`undefined` unless the campaign has `streak`): consecutive periods of the
 * campaign's streak schedule in which any task was completed, from the completions' times.
 */
export function campaignStreak(
  campaign: Campaign,
  progress: Progress,
  now: number,
): Streak | undefined {
  const rules = campaign.streak;
  if (!rules) return undefined;
  const zone = timeZoneOf(campaign);
  const anchor = scheduleAnchor(campaign);
  const indexOf = (at: number) => periodOf(rules, at, zone, anchor).index;
  const indices: number[] = [];
  for (const c of Object.values(progress.completed)) indices.push(indexOf(Date.parse(c.at)));
  for (const byKey of Object.values(progress.periods ?? {}))
    for (const c of Object.values(byKey)) indices.push(indexOf(Date.parse(c.at)));
  return streakOf(
    indices.filter((i) => Number.isFinite(i)),
    indexOf(now),
    { freezes: rules.freezes ?? 0 },
  );
}

/**
 * The period a completion now would repair, if any: the task keeps a streak with a
 * `repairWindow`, the current period is already done, and the latest missed period within the
 * window follows an earlier completion (there is a streak to mend). Otherwise `undefined`.
 */
export function repairPeriod(
  campaign: Campaign,
  progress: Progress,
  task: Task,
  now: number,
): Period | undefined {
  const window = task.streak?.repairWindow ?? 0;
  const current = taskPeriod(campaign, task, now);
  if (!current || window <= 0) return undefined;
  const done = new Set(completedIndices(progress, task));
  if (!done.has(current.index)) return undefined;
  for (let index = current.index - 1; index >= current.index - window; index--) {
    if (done.has(index)) continue;
    const earlier = [...done].some((i) => i < index);
    if (!earlier) return undefined;
    return periodAt(task.schedule!, index, timeZoneOf(campaign), scheduleAnchor(campaign));
  }
  return undefined;
}

/** Every streak of a visitor: the campaign's (when it has one) and each streak task's. */
export interface Streaks {
  campaign?: Streak;
  tasks: Record<string, Streak>;
}

/** Every streak of a visitor at `now`, from the stored completions (what progress answers carry). */
export function streaksOf(campaign: Campaign, progress: Progress, now: number): Streaks {
  const tasks: Record<string, Streak> = {};
  for (const tier of campaign.tiers)
    for (const task of tier.tasks) {
      const streak = taskStreak(campaign, progress, task, now);
      if (streak) tasks[task.id] = streak;
    }
  const overall = campaignStreak(campaign, progress, now);
  return { ...(overall ? { campaign: overall } : {}), tasks };
}
