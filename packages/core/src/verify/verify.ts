// The one verification core: the gates of a task and of a claim, as pure functions over a
// campaign, a visitor's progress and the facts a backend trusts. The memory backend (browser)
// and the reference server both call these and differ only in the facts they pass in; the server
// maps outcomes to HTTP statuses, the memory backend to thrown `QuestError`s.

import { checkInput, checkQuizAnswer } from '../campaign/answers.js';
import type { Address, Campaign, RuleTask, Task, Tier } from '../campaign/campaign.js';
import { deriveLadder, findTask, findTier } from '../ladder/engine.js';
import type { Progress } from '../ladder/progress.js';

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
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refused {
  status: 'refused';
  code: RefusalCode;
  /** What a person reads. */
  message: string;
  details?: string;
}

export interface Failed {
  status: 'failed';
  code: VerifyFailCode;
  reason: string;
  current?: number;
  target?: number;
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
  /** Evaluates a rule-backed task for `address` (injected: it does I/O with the backend's context). */
  evaluateRule(task: RuleTask, address: Address): Promise<Omit<Failed, 'status'> | true>;
}

/** Where a task stands before its own check runs. */
export type TaskGate =
  | { status: 'done' }
  | Refused
  | {
      status: 'open';
      task: Task;
      tier: Tier;
      /**
       * The period the completion counts for: `''` for tasks done once. (Room for scheduled
       * tasks, which will count once per period key.)
       */
      period: string;
    };

/** The verdict of a whole verification. */
export type TaskVerdict =
  | { status: 'done' }
  | Refused
  | Failed
  | { status: 'passed'; task: Task; tier: Tier; points: number; period: string };

const refuse = (code: RefusalCode, message: string, details?: string): Refused => ({
  status: 'refused',
  code,
  message,
  ...(details ? { details } : {}),
});

export const MESSAGES = {
  WRONG_ANSWER: 'That answer is not right. Try again.',
  INPUT_MISMATCH: 'That does not match what this task asks for.',
  CAMPAIGN_NOT_STARTED: 'This campaign has not started yet.',
  CAMPAIGN_ENDED: 'This campaign has ended.',
  TASK_LOCKED: 'This task is still locked: finish the steps before it first.',
  WALLET_REQUIRED: 'Connect a wallet to complete this task.',
  SIGN_IN_REQUIRED: 'Sign in with your wallet to complete this task.',
  SESSION_EXPIRED: 'Your sign-in has expired. Sign in again to continue.',
} as const;

/**
 * The gates of a task before its own check: it exists, it is not done already (a repeat is an
 * answer, not an error), the campaign window is open, its tier is unlocked and its `requires`
 * are done. Pure.
 */
export function taskGate(
  campaign: Campaign,
  progress: Progress,
  taskId: string,
  now: number,
): TaskGate {
  const found = findTask(campaign, taskId);
  if (!found)
    return refuse('TASK_NOT_FOUND', `Task "${taskId}" is not part of campaign "${campaign.id}".`);
  if (Object.hasOwn(progress.completed, taskId)) return { status: 'done' };
  const ladder = deriveLadder(campaign, progress, { now });
  const entry = ladder.tiers.flatMap((t) => t.tasks).find((t) => t.task.id === taskId)!;
  if (entry.state === 'upcoming')
    return refuse('CAMPAIGN_NOT_STARTED', MESSAGES.CAMPAIGN_NOT_STARTED);
  if (entry.state === 'ended') return refuse('CAMPAIGN_ENDED', MESSAGES.CAMPAIGN_ENDED);
  if (entry.state === 'locked')
    return refuse(
      'TASK_LOCKED',
      MESSAGES.TASK_LOCKED,
      entry.waitingFor.length ? `waiting for ${entry.waitingFor.join(', ')}` : 'tier locked',
    );
  return { status: 'open', task: found.task, tier: found.tier, period: '' };
}

function requireWallet(facts: VerifyFacts): Refused | Address {
  if (!facts.address) return refuse('WALLET_REQUIRED', MESSAGES.WALLET_REQUIRED);
  return facts.address;
}

/** Each kind's own check, against the facts the backend trusts. */
export async function checkTask(
  task: Task,
  facts: VerifyFacts,
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
      const outcome = await facts.evaluateRule(task, wallet);
      return outcome === true ? passed : { status: 'failed', ...outcome };
    }
  }
}

/**
 * A whole verification: the gates, then the kind's check. Pure but for `facts.evaluateRule`.
 * A rule whose answer is unknown (RPC down) throws its `RULE_ERROR` `QuestError` through.
 */
export async function verifyTask(
  campaign: Campaign,
  progress: Progress,
  taskId: string,
  facts: VerifyFacts,
  now: number,
): Promise<TaskVerdict> {
  const gate = taskGate(campaign, progress, taskId, now);
  if (gate.status !== 'open') return gate;
  const checked = await checkTask(gate.task, facts);
  if (checked.status !== 'passed') return checked;
  return {
    status: 'passed',
    task: gate.task,
    tier: gate.tier,
    points: gate.task.points,
    period: gate.period,
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
