import type { Campaign, Level, Task, Tier, UnlockRequirement } from '../campaign/campaign.js';
import type {
  DeriveOptions,
  Ladder,
  LadderTask,
  LadderTier,
  LevelInfo,
  TaskState,
  TierState,
  WindowState,
} from './ladder.js';
import type { Progress } from './progress.js';

/** Where `now` falls in the campaign's start/end window. */
export function campaignWindow(campaign: Campaign, now: number): WindowState {
  if (campaign.startsAt && now < Date.parse(campaign.startsAt)) return 'upcoming';
  if (campaign.endsAt && now >= Date.parse(campaign.endsAt)) return 'ended';
  return 'live';
}

/** How many tasks `require` asks for out of `count`. */
export function requiredCount(require: UnlockRequirement | undefined, count: number): number {
  if (require === 'any') return Math.min(1, count);
  if (typeof require === 'object') return Math.min(require.atLeast, count);
  return count;
}

export function levelFor(levels: readonly Level[] | undefined, points: number): LevelInfo {
  let index = -1;
  levels?.forEach((level, i) => {
    if (points >= level.minPoints) index = i;
  });
  return {
    index,
    level: index >= 0 ? levels![index]! : null,
    next: levels?.[index + 1] ?? null,
  };
}

/** Every task of the campaign with its tier, in ladder order. */
export function allTasks(campaign: Campaign): { task: Task; tier: Tier }[] {
  return campaign.tiers.flatMap((tier) => tier.tasks.map((task) => ({ task, tier })));
}

export function findTask(
  campaign: Campaign,
  taskId: string,
): { task: Task; tier: Tier } | undefined {
  for (const tier of campaign.tiers) {
    const task = tier.tasks.find((t) => t.id === taskId);
    if (task) return { task, tier };
  }
  return undefined;
}

export function findTier(campaign: Campaign, tierId: string): Tier | undefined {
  return campaign.tiers.find((t) => t.id === tierId);
}

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
  const now = options.now ?? Date.now();
  const pending = options.pending ?? {};
  const window = campaignWindow(campaign, now);
  const isDone = (taskId: string) => Object.hasOwn(progress.completed, taskId);

  const unlocked = new Map<string, boolean>();
  const tiers: LadderTier[] = [];
  let points = 0;
  let maxPoints = 0;
  let doneTotal = 0;
  let total = 0;

  for (const tier of campaign.tiers) {
    let unlock: LadderTier['unlock'];
    let open = true;
    if (tier.unlock) {
      const after = campaign.tiers.find((t) => t.id === tier.unlock!.after);
      const have = after ? after.tasks.filter((t) => isDone(t.id)).length : 0;
      const needed = requiredCount(tier.unlock.require, after?.tasks.length ?? 0);
      const met = !!after && (unlocked.get(after.id) ?? false) && have >= needed;
      unlock = { ...tier.unlock, met, needed, have };
      open = met;
    }
    unlocked.set(tier.id, open);

    let done = 0;
    const tasks: LadderTask[] = tier.tasks.map((task) => {
      total++;
      maxPoints += task.points;
      const waitingFor = (task.requires ?? []).filter((id) => !isDone(id));
      let state: TaskState;
      const p = pending[task.id];
      if (isDone(task.id)) {
        state = 'done';
        done++;
        points += task.points;
      } else if (window !== 'live') state = window;
      else if (!open || waitingFor.length > 0) state = 'locked';
      else state = p?.state ?? 'available';
      const entry: LadderTask = { task, tierId: tier.id, state, waitingFor };
      if (state === 'failed' && p?.state === 'failed') entry.failure = p;
      return entry;
    });
    doneTotal += done;

    const complete = done === tier.tasks.length;
    let state: TierState;
    if (complete) state = Object.hasOwn(progress.claimed, tier.id) ? 'claimed' : 'completed';
    else if (window !== 'live') state = window;
    else state = open ? 'available' : 'locked';

    tiers.push({
      tier,
      state,
      tasks,
      done,
      ...(unlock ? { unlock } : {}),
      claimable: state === 'completed' && !!tier.reward && window !== 'upcoming',
    });
  }

  return {
    campaignId: campaign.id,
    window,
    tiers,
    points,
    maxPoints,
    done: doneTotal,
    total,
    level: levelFor(campaign.levels, points),
  };
}

/** The next instant (ms) at which the window state changes, or null. Lets stores re-derive on time. */
export function nextWindowChange(campaign: Campaign, now: number): number | null {
  for (const t of [campaign.startsAt, campaign.endsAt]) {
    if (t) {
      const ms = Date.parse(t);
      if (ms > now) return ms;
    }
  }
  return null;
}
