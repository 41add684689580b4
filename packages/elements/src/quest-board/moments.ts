// Moments (issue 13 item 5): what changed in the ladder that deserves a moment (a tier
// unlocked, a level reached, a streak extended, a reward claimable) and its words. Pure
// functions over `Ladder`; loaded with the board's first own check (a chunk of its own in the
// script-tag build). Which changes count as the visitor's own: `MomentTracker` in path.ts.
import type { Ladder, LadderTask } from '@questboard/core';
import type {
  QuestLevelDetail,
  QuestRewardClaimableDetail,
  QuestStreakDetail,
  QuestUnlockDetail,
} from '../events.js';
import { momentMessages } from '../i18n/en.moments.js';
import { scheduleMessages } from '../i18n/en.schedule.js';
import type { Translator } from '../i18n/index.js';
import { addEnglish } from '../i18n/index.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(momentMessages);
addEnglish(scheduleMessages);

/** Every kind of moment, in the order the board shows them. */
export const MOMENT_KINDS = ['unlock', 'level', 'streak', 'claimable'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

/** What changed between two ladders of the same campaign and visitor. */
export interface Moments {
  /** Tiers that went from locked to open, and tasks that went from locked to available. */
  unlock: QuestUnlockDetail | null;
  level: QuestLevelDetail | null;
  streaks: QuestStreakDetail[];
  claimable: QuestRewardClaimableDetail[];
}

/** One line of the board's moment banner. */
export interface MomentLine {
  kind: MomentKind;
  text: string;
}

/**
 * The moments between two ladders. Only increases count: a streak that ends with a period, a
 * reward that was claimed, a tier that locks again after a campaign change are not moments.
 */
export function momentsBetween(before: Ladder, after: Ladder): Moments {
  const oldTiers = new Map(before.tiers.map((t) => [t.tier.id, t] as const));
  const unlockedTiers: string[] = [];
  const unlockedTasks: string[] = [];
  const streaks: QuestStreakDetail[] = [];
  const claimable: QuestRewardClaimableDetail[] = [];
  for (const tier of after.tiers) {
    const old = oldTiers.get(tier.tier.id);
    if (!old) continue;
    if (old.state === 'locked' && tier.state !== 'locked') unlockedTiers.push(tier.tier.id);
    if (tier.claimable && !old.claimable)
      claimable.push({ tierId: tier.tier.id, reward: tier.tier.reward?.title ?? tier.tier.title });
    const oldTasks = new Map(old.tasks.map((t) => [t.task.id, t] as const));
    for (const task of tier.tasks) {
      const was = oldTasks.get(task.task.id);
      if (!was) continue;
      if (was.state === 'locked' && task.state === 'available') unlockedTasks.push(task.task.id);
      const streak = task.streak;
      if (streak && streak.current > (was.streak?.current ?? 0))
        streaks.push({
          scope: 'task',
          taskId: task.task.id,
          current: streak.current,
          best: streak.best,
        });
    }
  }
  const campaignStreak = after.streak;
  if (campaignStreak && campaignStreak.current > (before.streak?.current ?? 0))
    streaks.push({ scope: 'campaign', current: campaignStreak.current, best: campaignStreak.best });
  const { index, level } = after.level;
  return {
    unlock:
      unlockedTiers.length || unlockedTasks.length
        ? { tierIds: unlockedTiers, taskIds: unlockedTasks }
        : null,
    level:
      level && index > before.level.index
        ? {
            level: level.name,
            index,
            previous: before.level.level?.name ?? null,
            points: after.points,
          }
        : null,
    streaks,
    claimable,
  };
}

/** Whether there is anything to show or tell. */
export function hasMoments(m: Moments): boolean {
  return !!(m.unlock?.tierIds.length || m.level || m.streaks.length || m.claimable.length);
}

/** The streak unit of a schedule (`day`, `week`, `month`, or `period` for `{ seconds }`). */
function unitOf(every: unknown): 'day' | 'week' | 'month' | 'period' {
  return every === 'day' || every === 'week' || every === 'month' ? every : 'period';
}

/** The banner's lines (and the live region's words) for the moments, in the visitor's locale. */
export function momentLines(
  i18n: Translator,
  moments: Moments,
  ladder: Ladder,
  campaignStreakEvery?: unknown,
): MomentLine[] {
  const tiers = new Map(ladder.tiers.map((t) => [t.tier.id, t] as const));
  const tasks = new Map<string, LadderTask>();
  for (const tier of ladder.tiers) for (const t of tier.tasks) tasks.set(t.task.id, t);
  const lines: MomentLine[] = [];
  for (const tierId of moments.unlock?.tierIds ?? [])
    lines.push({
      kind: 'unlock',
      text: i18n.t('live.unlocked', { tier: tiers.get(tierId)?.tier.title ?? tierId }),
    });
  if (moments.level)
    lines.push({ kind: 'level', text: i18n.t('moment.level', { level: moments.level.level }) });
  for (const s of moments.streaks) {
    if (s.scope === 'task') {
      const task = s.taskId ? tasks.get(s.taskId) : undefined;
      const streak = i18n.t(`task.streak.${unitOf(task?.task.schedule?.every)}`, { n: s.current });
      lines.push({
        kind: 'streak',
        text: i18n.t('moment.streak', { task: task?.task.title ?? s.taskId ?? '', streak }),
      });
    } else {
      const streak = i18n.t(`task.streak.${unitOf(campaignStreakEvery)}`, { n: s.current });
      lines.push({ kind: 'streak', text: i18n.t('moment.campaignStreak', { streak }) });
    }
  }
  for (const c of moments.claimable)
    lines.push({ kind: 'claimable', text: i18n.t('moment.claimable', { reward: c.reward }) });
  return lines;
}
