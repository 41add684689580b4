import { atom, computed, map, onMount, type ReadableAtom } from 'nanostores';
import type { ClaimResult, QuestBackend, Session, VerifyResult } from '../backends/backend.js';
import type { Address, Campaign } from '../campaign/campaign.js';
import { QuestError, toQuestError } from '../errors.js';
import type { ScheduleEngine } from '../schedule-engine.js';
import { deriveLadderWith, hasSchedules, nextWindowChangeWith } from './derive.js';
import type { Ladder, PendingState } from './ladder.js';
import { emptyProgress, type Progress } from './progress.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The schedule engine once loaded (shared by every quest state of the page). */
let schedules: ScheduleEngine | undefined;

/**
 * Loads the schedule engine (a dynamic `import()`: a chunk of its own in browser bundles), which
 * `load` awaits for campaigns with schedules (`hasSchedules`) before showing them. Calling it
 * earlier (as soon as the campaign's JSON is known) only starts the same load sooner.
 */
export const loadScheduleEngine = (): Promise<ScheduleEngine> =>
  import('../schedule-engine.js').then((m) => (schedules = m.scheduleEngine));

export interface QuestStateOptions {
  backend: QuestBackend;
  /** Clock, for tests. */
  now?: () => number;
}

/** What changed in the ladder after a verification or claim: what the host page is told. */
export interface LadderChange {
  /** Tiers that went from locked to open. */
  unlockedTiers: string[];
  /** Tasks that went from locked to available. */
  unlockedTasks: string[];
}

export interface VerifyOutcome {
  result: VerifyResult;
  change: LadderChange;
}

/**
 * The state of one board: nanostores plus the actions that change them. One per board, so two
 * boards on a page never share progress by accident.
 *
 * Stores: `$campaign`, `$status`, `$error`, `$address`, `$session`, `$progress`, `$pending`
 * (verifying/failed per task), `$ladder` (derived; re-derives when the campaign window opens or
 * closes while mounted).
 */
export function createQuestState(options: QuestStateOptions) {
  const now = options.now ?? Date.now;
  let backend = options.backend;
  const $campaign = atom<Campaign | null>(null);
  const $status = atom<LoadStatus>('idle');
  const $error = atom<QuestError | null>(null);
  const $address = atom<Address | null>(null);
  const $session = atom<Session | null>(null);
  const $progress = atom<Progress | null>(null);
  const $pending = map<Record<string, PendingState>>({});
  const $clock = atom(now());

  // Each load or identity change starts a new generation; answers from an older one are dropped
  // (a verification in flight when the account changes must not land on the new account).
  let generation = 0;
  let loadToken = 0;

  onMount($clock, () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      const campaign = $campaign.get();
      const next = campaign ? nextWindowChangeWith(schedules, campaign, now()) : null;
      if (next === null) return;
      // setTimeout caps at ~24.8 days; re-check at most then.
      timer = setTimeout(
        () => {
          $clock.set(now());
          schedule();
        },
        Math.min(next - now() + 5, 2 ** 31 - 1),
      );
    };
    const off = $campaign.listen(schedule);
    schedule();
    return () => {
      off();
      clearTimeout(timer);
    };
  });

  const $ladder: ReadableAtom<Ladder | null> = computed(
    [$campaign, $progress, $pending, $clock],
    (campaign, progress, pending, clock) =>
      campaign && progress
        ? deriveLadderWith(schedules, campaign, progress, {
            now: Math.max(clock, now()),
            pending,
          })
        : null,
  );

  async function refreshProgress(campaign: Campaign, gen: number): Promise<void> {
    const progress = await backend.getProgress(campaign.id, $address.get(), $session.get());
    if (gen === generation) $progress.set(progress);
  }

  /**
   * Loads a campaign (URL or id for the backend, or an object) and the visitor's progress.
   * Resolves once the backend's deferred checks (`campaignChecked`) are done too: the ladder is
   * shown before them, and a campaign they refuse ends in the `error` status.
   */
  async function load(ref: string | Campaign): Promise<void> {
    const token = ++loadToken;
    ++generation;
    $status.set('loading');
    $error.set(null);
    $pending.set({});
    try {
      const campaign = await backend.loadCampaign(ref);
      if (token !== loadToken) return;
      // The schedule engine loads beside the progress read, only for campaigns with schedules.
      let engine = !schedules && hasSchedules(campaign) ? loadScheduleEngine() : undefined;
      // The visitor may change while this loads (a wallet connecting as the page opens): read
      // progress again until it belongs to the current visitor, never showing someone else's.
      let progress: Progress;
      let gen: number;
      do {
        gen = generation;
        progress = await backend.getProgress(campaign.id, $address.get(), $session.get());
        if (token !== loadToken) return;
        if (engine) {
          await engine;
          engine = undefined;
          if (token !== loadToken) return;
        }
      } while (gen !== generation);
      $campaign.set(campaign);
      $progress.set(progress);
      $status.set('ready');
      // Checks the backend deferred past the first paint (input patterns): a refusal turns the
      // shown ladder into the error, as if `loadCampaign` had refused it.
      if (backend.campaignChecked) {
        await backend.campaignChecked(campaign.id);
        if (token !== loadToken) return;
      }
    } catch (error) {
      if (token !== loadToken) return;
      $campaign.set(null);
      $progress.set(null);
      $error.set(toQuestError(error, 'CAMPAIGN_FETCH_FAILED'));
      $status.set('error');
    }
  }

  /** Switches the visitor: progress shown is always the new address's own, never merged. */
  async function setIdentity(
    address: Address | null,
    session: Session | null = null,
  ): Promise<void> {
    const sameAddress = address?.toLowerCase() === $address.get()?.toLowerCase();
    $session.set(
      session && session.address.toLowerCase() === address?.toLowerCase() ? session : null,
    );
    if (sameAddress) return;
    const gen = ++generation;
    $address.set(address);
    $pending.set({});
    const campaign = $campaign.get();
    if (!campaign) return;
    $progress.set(emptyProgress(campaign.id, address));
    try {
      await refreshProgress(campaign, gen);
    } catch (error) {
      if (gen === generation) $error.set(toQuestError(error));
    }
  }

  function setBackend(next: QuestBackend): void {
    backend = next;
  }

  function changeBetween(before: Ladder | null, after: Ladder | null): LadderChange {
    const change: LadderChange = { unlockedTiers: [], unlockedTasks: [] };
    if (!before || !after) return change;
    after.tiers.forEach((tier, i) => {
      const old = before.tiers[i];
      if (old?.state === 'locked' && tier.state !== 'locked')
        change.unlockedTiers.push(tier.tier.id);
      tier.tasks.forEach((task, k) => {
        if (old?.tasks[k]?.state === 'locked' && task.state === 'available')
          change.unlockedTasks.push(task.task.id);
      });
    });
    return change;
  }

  /**
   * Verifies one task. Resolves with the backend's answer (a failed check is a result, not an
   * error) or `null` when the answer was discarded because the visitor changed meanwhile.
   * Throws a `QuestError` for errors (network, locked task…), after recording it as `failed`.
   */
  async function verify(
    taskId: string,
    input?: string,
    extra: { chainId?: number } = {},
  ): Promise<VerifyOutcome | null> {
    const campaign = $campaign.get();
    if (!campaign) throw new QuestError('CAMPAIGN_NOT_FOUND', 'No campaign is loaded.');
    if ($pending.get()[taskId]?.state === 'verifying') return null;
    const gen = generation;
    const before = $ladder.get();
    $pending.setKey(taskId, { state: 'verifying' });
    try {
      const result = await backend.verify({
        campaignId: campaign.id,
        taskId,
        address: $address.get(),
        session: $session.get(),
        ...(input === undefined ? {} : { input }),
        ...extra,
      });
      if (gen !== generation) return null;
      if (result.ok) {
        $pending.setKey(taskId, undefined as unknown as PendingState);
        $progress.set(mergeProgress($progress.get(), result.progress));
      } else {
        $pending.setKey(taskId, {
          state: 'failed',
          error: { code: result.code, shortMessage: result.reason },
          ...(result.current === undefined
            ? {}
            : { current: result.current, target: result.target }),
        });
      }
      return { result, change: changeBetween(before, $ladder.get()) };
    } catch (error) {
      const questError = toQuestError(error);
      if (gen === generation) $pending.setKey(taskId, { state: 'failed', error: questError });
      throw questError;
    }
  }

  /** Claims a tier's reward. Idempotent: claiming twice returns `firstClaim: false`. */
  async function claim(tierId: string): Promise<ClaimResult | null> {
    const campaign = $campaign.get();
    if (!campaign) throw new QuestError('CAMPAIGN_NOT_FOUND', 'No campaign is loaded.');
    const gen = generation;
    const result = await backend.claim({
      campaignId: campaign.id,
      tierId,
      address: $address.get(),
      session: $session.get(),
    });
    if (gen !== generation) return null;
    $progress.set(mergeProgress($progress.get(), result.progress));
    return result;
  }

  /** Clears a task's failed state (e.g. when the visitor edits an answer). */
  function clearFailure(taskId: string): void {
    if ($pending.get()[taskId]?.state === 'failed')
      $pending.setKey(taskId, undefined as unknown as PendingState);
  }

  return {
    $campaign,
    $status,
    $error,
    $address,
    $session,
    $progress,
    $pending,
    $ladder,
    get backend() {
      return backend;
    },
    load,
    setIdentity,
    setBackend,
    verify,
    claim,
    clearFailure,
    /** Re-reads progress from the backend (e.g. after a `subscribe` push or a focus). */
    refresh: async () => {
      const campaign = $campaign.get();
      if (campaign) await refreshProgress(campaign, generation);
    },
  };
}

export type QuestState = ReturnType<typeof createQuestState>;

/**
 * The progress after an answer to a verify or claim. Answers to checks sent together can arrive
 * in any order, and each may lack the other's completion (read before the other's write), so
 * replacing would drop a done task. Completions and claims of one address only ever grow, so
 * the union is the truth; the answer wins for each entry it carries.
 */
export function mergeProgress(current: Progress | null, incoming: Progress): Progress {
  if (
    !current ||
    current.campaignId !== incoming.campaignId ||
    (current.address ?? '').toLowerCase() !== (incoming.address ?? '').toLowerCase()
  )
    return incoming;
  const periods: NonNullable<Progress['periods']> = { ...current.periods };
  for (const [taskId, byKey] of Object.entries(incoming.periods ?? {}))
    periods[taskId] = { ...periods[taskId], ...byKey };
  return {
    ...incoming,
    completed: { ...current.completed, ...incoming.completed },
    ...(Object.keys(periods).length ? { periods } : {}),
    claimed: { ...current.claimed, ...incoming.claimed },
  };
}
