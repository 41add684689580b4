// The ladder engine's body: every derivation with the schedule engine passed in, so browser
// bundles can leave the schedule code out until a campaign has schedules (./state.ts). The
// full-engine `deriveLadder` and `nextWindowChange` are in ./engine.ts.
import type { Campaign, Level, Task, Tier, UnlockRequirement } from '../campaign/campaign.js';
import type { ScheduleEngine } from '../schedule-engine.js';
import { completionCount, everDone, periodCompletions } from './completions.js';
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
 * Whether deriving `campaign`'s ladder needs the schedule engine: a task with a `schedule` or a
 * campaign `streak`. No imports: browser code asks before loading the engine.
 */
export const hasSchedules = (campaign: Campaign): boolean =>
  !!campaign.streak || campaign.tiers.some((tier) => tier.tasks.some((task) => !!task.schedule));

/** The schedule engine, asserted present when the campaign has schedules. */
function engineFor(campaign: Campaign, engine: ScheduleEngine | undefined): ScheduleEngine {
  if (!engine && hasSchedules(campaign))
    throw new Error('deriveLadderWith: this campaign has schedules; pass the schedule engine');
  return engine as ScheduleEngine;
}

/**
 * `deriveLadder` with the schedule engine given (`undefined` is enough for a campaign without
 * schedules, `hasSchedules`): what lets browser bundles load the engine only when needed.
 */
export function deriveLadderWith(
  schedules: ScheduleEngine | undefined,
  campaign: Campaign,
  progress: Progress,
  options: DeriveOptions = {},
): Ladder {
  const engine = engineFor(campaign, schedules);
  const now = options.now ?? Date.now();
  const pending = options.pending ?? {};
  const window = campaignWindow(campaign, now);
  // Done at all (a scheduled task: in any period): what `requires`, unlocks and tiers count.
  const byId = new Map(allTasks(campaign).map(({ task }) => [task.id, task] as const));
  const isDone = (taskId: string) => {
    const task = byId.get(taskId);
    return task ? everDone(progress, task) : false;
  };
  const streak = campaign.streak ? engine.campaignStreak(campaign, progress, now) : undefined;

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
      const named = tier.unlock.after;
      const after = named === undefined ? undefined : campaign.tiers.find((t) => t.id === named);
      const have = after ? after.tasks.filter((t) => isDone(t.id)).length : 0;
      const needed = requiredCount(tier.unlock.require, after?.tasks.length ?? 0);
      let met =
        named === undefined || (!!after && (unlocked.get(after.id) ?? false) && have >= needed);
      let inSegment: boolean | undefined;
      if (tier.unlock.segment !== undefined) {
        inSegment = progress.segments?.includes(tier.unlock.segment) ?? false;
        met &&= inSegment;
      }
      let streakBest: number | undefined;
      if (tier.unlock.streak) {
        const named = tier.unlock.streak.task;
        const task = named === undefined ? undefined : byId.get(named);
        streakBest =
          (named === undefined
            ? streak?.best
            : task?.schedule && engine.taskStreak(campaign, progress, task, now)?.best) ?? 0;
        met &&= streakBest >= tier.unlock.streak.atLeast;
      }
      unlock = {
        ...tier.unlock,
        met,
        needed,
        have,
        ...(streakBest !== undefined ? { streakBest } : {}),
        ...(inSegment !== undefined ? { inSegment } : {}),
      };
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
      const period = task.schedule ? engine.taskPeriod(campaign, task, now) : undefined;
      const count = completionCount(progress, task);
      points += count * task.points;
      if (count > 0) done++;
      // A scheduled task is `done` for the rest of the period it was done in.
      const doneNow = period
        ? Object.hasOwn(periodCompletions(progress, task.id), period.key)
        : count > 0;
      if (doneNow) state = 'done';
      else if (window !== 'live') state = window;
      else if (!open || waitingFor.length > 0) state = 'locked';
      else state = p?.state ?? 'available';
      const entry: LadderTask = { task, tierId: tier.id, state, waitingFor };
      if (period) {
        entry.period = period;
        entry.completions = count;
        const ts = engine.taskStreak(campaign, progress, task, now);
        if (ts) {
          entry.streak = ts;
          entry.recent = recentPeriods(engine, campaign, progress, task, period.index);
        }
      }
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
    ...(streak ? { streak } : {}),
  };
}

/** How many periods a streak task's `recent` lists (its compact calendar). */
export const RECENT_PERIODS = 7;

function recentPeriods(
  engine: ScheduleEngine,
  campaign: Campaign,
  progress: Progress,
  task: Task,
  current: number,
): NonNullable<LadderTask['recent']> {
  const done = periodCompletions(progress, task.id);
  const zone = engine.timeZoneOf(campaign);
  const anchor = engine.scheduleAnchor(campaign);
  const recent: NonNullable<LadderTask['recent']> = [];
  for (let index = current - RECENT_PERIODS + 1; index <= current; index++) {
    const p = engine.periodAt(task.schedule!, index, zone, anchor);
    recent.push({ key: p.key, start: p.start, done: Object.hasOwn(done, p.key) });
  }
  return recent;
}

/**
 * `nextWindowChange` (./engine.ts) with the schedule engine given, as `deriveLadderWith`.
 */
export function nextWindowChangeWith(
  schedules: ScheduleEngine | undefined,
  campaign: Campaign,
  now: number,
): number | null {
  const engine = engineFor(campaign, schedules);
  let next: number | null = null;
  const consider = (ms: number) => {
    if (ms > now && (next === null || ms < next)) next = ms;
  };
  for (const t of [campaign.startsAt, campaign.endsAt]) if (t) consider(Date.parse(t));
  if (campaignWindow(campaign, now) === 'live') {
    for (const { task } of allTasks(campaign)) {
      const period = task.schedule ? engine.taskPeriod(campaign, task, now) : undefined;
      if (period) consider(period.end);
    }
    if (campaign.streak)
      consider(
        engine.periodOf(
          campaign.streak,
          now,
          engine.timeZoneOf(campaign),
          engine.scheduleAnchor(campaign),
        ).end,
      );
  }
  return next;
}
