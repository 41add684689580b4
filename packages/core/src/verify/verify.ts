// The one verification core: the gates of a task and of a claim, as pure functions over a
// campaign, a visitor's progress and the facts a backend trusts. The memory backend (browser)
// and the reference server both call these and differ only in the facts they pass in; the server
// maps outcomes to HTTP statuses, the memory backend to thrown `QuestError`s.

import { checkInput, checkQuizAnswer } from '../campaign/answers.js';
import type { Address, Campaign, RuleTask, Task, Tier } from '../campaign/campaign.js';
import { deriveLadder, findTask, findTier } from '../ladder/engine.js';
import type { Progress } from '../ladder/progress.js';
import { periodCompletions, repairPeriod, taskPeriod } from '../schedule-tasks.js';

/** Codes of a task that did not pass (yet): not an error, the visitor can act and try again. */
export const VERIFY_FAIL_CODES = ['WRONG_ANSWER', 'INPUT_MISMATCH', 'VERIFY_FAILED'] as const;
export type VerifyFailCode = (typeof VERIFY_FAIL_CODES)[number];

/**
 * Codes of a verification or claim the backend refuses to run: the visitor must do something
 * else first (sign in, wait for the start, finish earlier steps) or the request is wrong.
 */
export const REFUSAL_CODES = [
  'TASK_NOT_FOUND',
  'TIER_NOT_FOUND',
  'CAMPAIGN_NOT_STARTED',
  'CAMPAIGN_ENDED',
  'TASK_LOCKED',
  'TIER_LOCKED',
  'TIER_NOT_COMPLETE',
  'BAD_REQUEST',
  'WALLET_REQUIRED',
  'SIGN_IN_REQUIRED',
  'SESSION_EXPIRED',
  /** A check failed moments ago and the task asks to wait (`retryAfter` seconds). */
  'TASK_COOLDOWN',
  /** The task's `claimLimit` is used up: for this period (`retryAfter` until the next) or in total. */
  'CLAIM_LIMIT_REACHED',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refused {
  status: 'refused';
  code: RefusalCode;
  /** What a person reads. */
  message: string;
  details?: string;
  /** Seconds until trying again can succeed (`TASK_COOLDOWN`, `CLAIM_LIMIT_REACHED` per period). */
  retryAfter?: number;
}

export interface Failed {
  status: 'failed';
  code: VerifyFailCode;
  reason: string;
  current?: number;
  target?: number;
  /** The task's cooldown: seconds before it can be checked again (its `retryAfter`). */
  retryAfter?: number;
}

/** Completions of one task by all visitors, for its `claimLimit`. */
export interface ClaimCounts {
  /** In the period the completion would count for (`''` for one-off tasks). */
  period: number;
  total: number;
}

/**
 * The facts a backend trusts about the visitor, for one verification. The server knows its
 * session (address and the chain named in the signed Sign-In with Ethereum message); the
 * browser knows its wallet (the address and the chain the wallet reports).
 */
export interface VerifyFacts {
  /** The wallet the completion is recorded for, if any. */
  address: Address | null;
  /**
   * The state of the visitor's sign-in: `valid` (a session this backend knows and trusts),
   * `expired` (a session was presented that this backend no longer knows: expired, revoked,
   * or lost on a restart) or `none`.
   */
  session: 'valid' | 'expired' | 'none';
  /**
   * The chain this backend trusts the wallet to be on, for `wallet.chain`. The server passes the
   * chain of the signed session (a wallet's own report proves nothing to a server); the browser
   * passes the chain its wallet reports.
   */
  chainId?: number;
  /** The chain the wallet reports, when it differs from `chainId` (only shapes the message). */
  reportedChainId?: number;
  /** Answer of a `quiz`, text of an `input`. */
  input?: string;
  /**
   * When this visitor's last check of the task failed (Unix ms), for its `retryAfter` cooldown.
   * Absent: no failure on record.
   */
  lastFailureAt?: number;
  /**
   * Counts the task's completions by all visitors (asked only for a task with a `claimLimit`).
   * The server also enforces the limit atomically when it stores the completion.
   */
  claimCounts?(task: Task, period: string): Promise<ClaimCounts>;
  /**
   * Evaluates a rule-backed task for `address` (injected: it does I/O with the backend's
   * context). `since` (Unix seconds) is the start of a scheduled task's current period: only what
   * happened since then counts (pass it on as the rules' `EvaluationContext.since`).
   */
  evaluateRule(
    task: RuleTask,
    address: Address,
    since?: number,
  ): Promise<Omit<Failed, 'status'> | true>;
}

/** Where a task stands before its own check runs. */
export type TaskGate =
  | { status: 'done'; period: string }
  | Refused
  | {
      status: 'open';
      task: Task;
      tier: Tier;
      /**
       * The period key the completion counts for, computed from the backend's clock: `''` for
       * tasks done once; the current period of a scheduled task, or the missed one a repair fills.
       */
      period: string;
      /** A scheduled task: when that period started and ends (Unix ms). */
      window?: { start: number; end: number };
    };

/** The verdict of a whole verification. */
export type TaskVerdict =
  | { status: 'done'; period: string }
  | Refused
  | Failed
  | {
      status: 'passed';
      task: Task;
      tier: Tier;
      points: number;
      period: string;
      /** A scheduled task: when its period started and ends (Unix ms). */
      window?: { start: number; end: number };
    };

const refuse = (
  code: RefusalCode,
  message: string,
  details?: string,
  retryAfter?: number,
): Refused => ({
  status: 'refused',
  code,
  message,
  ...(details ? { details } : {}),
  ...(retryAfter !== undefined ? { retryAfter } : {}),
});

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export const MESSAGES = {
  WRONG_ANSWER: 'That answer is not right. Try again.',
  INPUT_MISMATCH: 'That does not match what this task asks for.',
  CAMPAIGN_NOT_STARTED: 'This campaign has not started yet.',
  CAMPAIGN_ENDED: 'This campaign has ended.',
  TASK_LOCKED: 'This task is still locked: finish the steps before it first.',
  NOT_IN_SEGMENT: 'This tier is open to selected members only.',
  WALLET_REQUIRED: 'Connect a wallet to complete this task.',
  SIGN_IN_REQUIRED: 'Sign in with your wallet to complete this task.',
  SESSION_EXPIRED: 'Your sign-in has expired. Sign in again to continue.',
  TASK_COOLDOWN: 'That check did not pass a moment ago. Wait a little before trying again.',
  CLAIM_LIMIT_PERIOD:
    'This task has been done as many times as it allows for now. It opens again next period.',
  CLAIM_LIMIT_TOTAL: 'This task has been done as many times as it allows.',
} as const;

/**
 * The gates of a task before its own check: it exists, it is not done already (in this period,
 * for a scheduled task; a repeat is an answer, not an error), the campaign window is open, its
 * tier is unlocked, its `requires` are done and its cooldown (`retryAfter` after a failed check,
 * from `lastFailureAt`) is over. The period comes from `now`, the backend's clock. Pure.
 */
export function taskGate(
  campaign: Campaign,
  progress: Progress,
  taskId: string,
  now: number,
  lastFailureAt?: number,
): TaskGate {
  const found = findTask(campaign, taskId);
  if (!found)
    return refuse('TASK_NOT_FOUND', `Task "${taskId}" is not part of campaign "${campaign.id}".`);
  const { task } = found;
  let period = taskPeriod(campaign, task, now);
  if (period) {
    if (Object.hasOwn(periodCompletions(progress, taskId), period.key)) {
      // Done this period: a repair fills a missed one when the task allows it, else it is done.
      const repair = repairPeriod(campaign, progress, task, now);
      if (!repair) return { status: 'done', period: period.key };
      period = repair;
    }
  } else if (Object.hasOwn(progress.completed, taskId)) return { status: 'done', period: '' };
  const ladder = deriveLadder(campaign, progress, { now });
  const entry = ladder.tiers.flatMap((t) => t.tasks).find((t) => t.task.id === taskId)!;
  if (entry.state === 'upcoming')
    return refuse('CAMPAIGN_NOT_STARTED', MESSAGES.CAMPAIGN_NOT_STARTED);
  if (entry.state === 'ended') return refuse('CAMPAIGN_ENDED', MESSAGES.CAMPAIGN_ENDED);
  if (entry.state === 'locked') {
    const tier = ladder.tiers.find((t) => t.tier.id === found.tier.id)!;
    if (tier.unlock?.inSegment === false)
      return refuse('TIER_LOCKED', MESSAGES.NOT_IN_SEGMENT, 'not in segment');
    return refuse(
      'TASK_LOCKED',
      MESSAGES.TASK_LOCKED,
      entry.waitingFor.length ? `waiting for ${entry.waitingFor.join(', ')}` : 'tier locked',
    );
  }
  if (task.retryAfter !== undefined && lastFailureAt !== undefined) {
    const wait = lastFailureAt + task.retryAfter * 1000 - now;
    if (wait > 0) return refuse('TASK_COOLDOWN', MESSAGES.TASK_COOLDOWN, undefined, seconds(wait));
  }
  return {
    status: 'open',
    task,
    tier: found.tier,
    period: period?.key ?? '',
    ...(period ? { window: { start: period.start, end: period.end } } : {}),
  };
}

/**
 * The `claimLimit` gate from the counts of completions by everyone: refused when the period's
 * or the total cap is used up (with `retryAfter` until the next period when only the period's
 * is). Pure.
 */
export function claimLimitGate(
  task: Task,
  counts: ClaimCounts,
  now: number,
  periodEnd?: number,
): Refused | undefined {
  const limit = task.claimLimit;
  if (!limit) return undefined;
  if (limit.total !== undefined && counts.total >= limit.total)
    return refuse(
      'CLAIM_LIMIT_REACHED',
      MESSAGES.CLAIM_LIMIT_TOTAL,
      `${counts.total} of ${limit.total} in total`,
    );
  if (limit.perPeriod !== undefined && counts.period >= limit.perPeriod)
    return refuse(
      'CLAIM_LIMIT_REACHED',
      MESSAGES.CLAIM_LIMIT_PERIOD,
      `${counts.period} of ${limit.perPeriod} this period`,
      periodEnd !== undefined ? seconds(periodEnd - now) : undefined,
    );
  return undefined;
}

function requireWallet(facts: VerifyFacts): Refused | Address {
  if (!facts.address) return refuse('WALLET_REQUIRED', MESSAGES.WALLET_REQUIRED);
  return facts.address;
}

/** Each kind's own check, against the facts the backend trusts. */
export async function checkTask(
  task: Task,
  facts: VerifyFacts,
  since?: number,
): Promise<Refused | Failed | { status: 'passed' }> {
  const passed = { status: 'passed' } as const;
  switch (task.kind) {
    case 'visit':
      // A visit cannot be observed by anyone: opening the link is the completion.
      return passed;
    case 'quiz':
      return (await checkQuizAnswer(task, facts.input ?? ''))
        ? passed
        : { status: 'failed', code: 'WRONG_ANSWER', reason: MESSAGES.WRONG_ANSWER };
    case 'input':
      return (await checkInput(task, facts.input ?? ''))
        ? passed
        : { status: 'failed', code: 'INPUT_MISMATCH', reason: MESSAGES.INPUT_MISMATCH };
    case 'wallet.connect': {
      const wallet = requireWallet(facts);
      return typeof wallet === 'string' ? passed : wallet;
    }
    case 'wallet.signIn': {
      const wallet = requireWallet(facts);
      if (typeof wallet !== 'string') return wallet;
      if (facts.session === 'expired') return refuse('SESSION_EXPIRED', MESSAGES.SESSION_EXPIRED);
      if (facts.session !== 'valid') return refuse('SIGN_IN_REQUIRED', MESSAGES.SIGN_IN_REQUIRED);
      return passed;
    }
    case 'wallet.chain': {
      const wallet = requireWallet(facts);
      if (typeof wallet !== 'string') return wallet;
      if (facts.chainId === task.chainId) return passed;
      const reason =
        facts.reportedChainId === task.chainId
          ? `Your wallet is on chain ${task.chainId} now, but you signed in on chain ${facts.chainId}. Sign in again to prove the switch.`
          : `Your wallet is on another network. Switch to chain ${task.chainId}.`;
      return { status: 'failed', code: 'VERIFY_FAILED', reason };
    }
    default: {
      const wallet = requireWallet(facts);
      if (typeof wallet !== 'string') return wallet;
      const outcome = await facts.evaluateRule(task, wallet, since);
      return outcome === true ? passed : { status: 'failed', ...outcome };
    }
  }
}

/**
 * A whole verification: the gates (the claim limit counted through `facts.claimCounts`), then
 * the kind's check — a scheduled rule-backed task's rule sees only its current period. Pure but
 * for `facts.evaluateRule` and `facts.claimCounts`. A rule whose answer is unknown (RPC down)
 * throws its `RULE_ERROR` `QuestError` through. A failed check of a task with `retryAfter`
 * carries it: the backend records the failure and passes it back as `lastFailureAt`.
 */
export async function verifyTask(
  campaign: Campaign,
  progress: Progress,
  taskId: string,
  facts: VerifyFacts,
  now: number,
): Promise<TaskVerdict> {
  const gate = taskGate(campaign, progress, taskId, now, facts.lastFailureAt);
  if (gate.status !== 'open') return gate;
  if (gate.task.claimLimit && facts.claimCounts) {
    const limited = claimLimitGate(
      gate.task,
      await facts.claimCounts(gate.task, gate.period),
      now,
      gate.window?.end,
    );
    if (limited) return limited;
  }
  const since = gate.window ? Math.floor(gate.window.start / 1000) : undefined;
  const checked = await checkTask(gate.task, facts, since);
  if (checked.status === 'failed' && gate.task.retryAfter !== undefined)
    return { ...checked, retryAfter: gate.task.retryAfter };
  if (checked.status !== 'passed') return checked;
  return {
    status: 'passed',
    task: gate.task,
    tier: gate.tier,
    points: gate.task.points,
    period: gate.period,
    ...(gate.window ? { window: gate.window } : {}),
  };
}

/** The verdict of a claim. */
export type ClaimVerdict =
  | { status: 'claimed-before' }
  | Refused
  | { status: 'claimable'; tier: Tier };

/**
 * The gates of a claim: the tier exists and has a reward; a repeat is an answer (claims are
 * idempotent); before the campaign starts nothing is claimable (`CAMPAIGN_NOT_STARTED`); a tier
 * still locked says so (`TIER_LOCKED`), an open one not finished `TIER_NOT_COMPLETE`. A reward
 * earned stays claimable after the campaign ends. Pure.
 */
export function claimGate(
  campaign: Campaign,
  progress: Progress,
  tierId: string,
  now: number,
): ClaimVerdict {
  const tier = findTier(campaign, tierId);
  if (!tier)
    return refuse('TIER_NOT_FOUND', `Tier "${tierId}" is not part of campaign "${campaign.id}".`);
  if (!tier.reward) return refuse('BAD_REQUEST', `Tier "${tier.id}" has no reward to claim.`);
  if (Object.hasOwn(progress.claimed, tier.id)) return { status: 'claimed-before' };
  const ladder = deriveLadder(campaign, progress, { now });
  const entry = ladder.tiers.find((t) => t.tier.id === tier.id)!;
  if (ladder.window === 'upcoming')
    return refuse('CAMPAIGN_NOT_STARTED', MESSAGES.CAMPAIGN_NOT_STARTED);
  if (entry.claimable) return { status: 'claimable', tier };
  const details = `${entry.done} of ${tier.tasks.length} tasks done`;
  if (entry.state === 'locked' && entry.unlock?.inSegment === false)
    return refuse('TIER_LOCKED', MESSAGES.NOT_IN_SEGMENT, 'not in segment');
  if (entry.state === 'locked')
    return refuse(
      'TIER_LOCKED',
      'This tier is still locked: finish the tier before it first.',
      details,
    );
  return refuse(
    'TIER_NOT_COMPLETE',
    'Finish every task of this tier to claim its reward.',
    details,
  );
}
