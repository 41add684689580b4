// Moments and the path (issue 13 item 5): what changed in the ladder that deserves a moment
// (a tier unlocked, a level reached, a streak extended, a reward claimable), and where the
// visitor goes next (the first open task, the next reward). Pure functions over `Ladder`, plus
// the tracker that decides which ladder changes are the visitor's own transitions.
import type { Ladder, LadderTask, LadderTier } from '@questboard/core';
import type {
  QuestLevelDetail,
  QuestRewardClaimableDetail,
  QuestStreakDetail,
  QuestUnlockDetail,
} from '../events.js';
import type { Translator } from '../i18n/index.js';

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

// --- the path ------------------------------------------------------------------------------

/** The first task the visitor can do now (available, or failed and retryable), in ladder order. */
export function firstOpenTask(ladder: Ladder): LadderTask | undefined {
  for (const tier of ladder.tiers)
    for (const task of tier.tasks)
      if (task.state === 'available' || task.state === 'failed') return task;
  return undefined;
}

/** What the header says about rewards: one ready to claim, else the next and how far it is. */
export type NextReward =
  | { kind: 'ready'; tier: LadderTier; reward: string }
  | { kind: 'next'; tier: LadderTier; reward: string; toGo: number };

/**
 * A claimable reward first (the earliest); else the earliest tier with an unclaimed reward,
 * and how many tasks are still to do for it: its own tasks not done, plus, while it is locked,
 * the tasks its unlock rule still needs.
 */
export function nextReward(ladder: Ladder): NextReward | undefined {
  let next: NextReward | undefined;
  for (const tier of ladder.tiers) {
    const reward = tier.tier.reward;
    if (!reward || tier.state === 'claimed') continue;
    if (tier.claimable) return { kind: 'ready', tier, reward: reward.title };
    if (next || tier.state === 'completed' || tier.state === 'ended') continue;
    const own = tier.tasks.filter((t) => t.state !== 'done').length;
    const unlock =
      tier.state === 'locked' && tier.unlock
        ? Math.max(0, tier.unlock.needed - tier.unlock.have)
        : 0;
    next = { kind: 'next', tier, reward: reward.title, toGo: own + unlock };
  }
  return next;
}

/**
 * Whether a tier has nothing left to do or show: every task done and its reward claimed (or no
 * reward). On-chain rewards stay unfolded: their mint or claim happens after `claimed`.
 */
export function isFinishedTier(tier: LadderTier, onchain: boolean): boolean {
  if (!tier.tasks.every((t) => t.state === 'done')) return false;
  if (!tier.tier.reward) return tier.state === 'completed' || tier.state === 'claimed';
  return tier.state === 'claimed' && !onchain;
}

// --- which changes are transitions ------------------------------------------------------------

/**
 * Decides which ladder changes are the visitor's own transitions. Every ladder change moves
 * the baseline silently (load, reload, a restored or switched wallet, progress pushed from
 * another tab or board), except while one of this board's own checks or claims is in flight;
 * when one lands, `take()` reports what changed since the baseline and moves it. Two answers
 * that land together therefore report each transition once: the second finds it in the
 * baseline already.
 */
export class MomentTracker {
  #seen: Ladder | null = null;
  #key = '';
  #acting = 0;

  /** Follows a ladder change (subscribe it to `$ladder`). */
  observe(ladder: Ladder | null, who: string): void {
    if (this.#acting === 0 || this.#key !== who || !this.#seen) this.#reset(ladder, who);
  }

  /** An own action (a check, a claim) starts. */
  begin(): void {
    this.#acting++;
  }

  /** It ended (after `take()`, or without an answer). */
  end(ladder: Ladder | null, who: string): void {
    this.#acting = Math.max(0, this.#acting - 1);
    if (this.#acting === 0) this.#reset(ladder, who);
  }

  /** What changed since the baseline (null for another campaign or visitor); moves the baseline. */
  take(ladder: Ladder | null, who: string): Moments | null {
    const before = this.#seen;
    const same = before && ladder && this.#key === who && before.campaignId === ladder.campaignId;
    this.#reset(ladder, who);
    return same ? momentsBetween(before, ladder) : null;
  }

  #reset(ladder: Ladder | null, who: string): void {
    this.#seen = ladder;
    this.#key = who;
  }
}
