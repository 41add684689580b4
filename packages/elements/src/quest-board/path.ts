// The ladder as a path (issue 13 item 5): where the visitor goes next (the first open task, the
// next reward), which tiers are finished, and which ladder changes are the visitor's own
// transitions. Small and eager (the board renders it); the moments' words and detection load
// with the first own check (moments.ts).
import type { Ladder, LadderTask, LadderTier } from '@questboard/core';

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

  /**
   * The baseline and the ladder now (null for another campaign or visitor), to compare with
   * `momentsBetween`; moves the baseline.
   */
  take(ladder: Ladder | null, who: string): { before: Ladder; after: Ladder } | null {
    const before = this.#seen;
    const same = before && ladder && this.#key === who && before.campaignId === ladder.campaignId;
    this.#reset(ladder, who);
    return same ? { before, after: ladder } : null;
  }

  #reset(ladder: Ladder | null, who: string): void {
    this.#seen = ladder;
    this.#key = who;
  }
}
