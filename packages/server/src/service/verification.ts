import {
  type Address,
  addCompletion,
  type Campaign,
  claimLimitGate,
  deriveLadder,
  evaluateTaskRule,
  findTask,
  type Progress,
  QuestError,
  type Refused,
  type RuleTask,
  signCredential,
  streaksOf,
  toQuestError,
  type VerifyBody,
  type VerifyFacts,
  type VerifyResponse,
  verifyTask,
} from '@questboard/core';
import { type Rule, resolveSecrets, SecretError } from '@questboard/rules';
import type { LocalAccount } from 'viem';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db.js';
import { type EventInput, recordEvent } from '../events.js';
import { ApiError } from '../http-error.js';
import type { Logger } from '../log.js';
import type { Prefetched } from '../middleware/idempotency.js';
import * as store from '../store.js';
import { type CampaignService, secretFromEnv } from './campaigns.js';
import { type CredentialSources, PartnerUnavailable, partnerError } from './credential-sources.js';
import type { ReferralService } from './referrals.js';
import type { SavedSegments } from './saved-segments.js';
import type { AuthedSession } from './types.js';

/** A refusal of the verification core as the error the server sends (its status comes from the code). */
export const refusal = (r: Refused) =>
  new QuestError(r.code, r.message, {
    ...(r.details ? { details: r.details } : {}),
    ...(r.retryAfter !== undefined ? { retryAfter: r.retryAfter } : {}),
  });

/**
 * Verification: the core's `verifyTask` with the server's facts (the signed-in session, its
 * chain, the server's RPC URLs and credential sources), then exactly-once storage.
 */
export class VerificationService {
  constructor(
    private readonly db: Db,
    private readonly config: ServerConfig,
    private readonly issuer: LocalAccount,
    private readonly campaigns: CampaignService,
    private readonly sources: CredentialSources,
    private readonly log: Logger,
    private readonly fetchImpl: typeof fetch,
    private readonly now: () => number,
    private readonly referrals: ReferralService,
    private readonly segments: SavedSegments,
  ) {}

  /**
   * The server's facts: the session's address and the chain of its signed SIWE message (a
   * wallet's own report of its chain proves nothing to a server; it only shapes the message).
   */
  private facts(
    campaign: Campaign,
    session: AuthedSession,
    body: VerifyBody,
    lastFailureAt: number | undefined,
  ): VerifyFacts {
    return {
      address: session.address,
      session: 'valid',
      chainId: session.chainId,
      ...(body.chainId !== undefined && body.chainId !== session.chainId
        ? { reportedChainId: body.chainId }
        : {}),
      ...(body.input !== undefined ? { input: body.input } : {}),
      ...(lastFailureAt !== undefined ? { lastFailureAt } : {}),
      claimCounts: (task, period) => store.countCompletions(this.db, campaign.id, task.id, period),
      evaluateRule: (task, address, since) => this.evaluate(task, campaign, address, since),
    };
  }

  private async evaluate(task: RuleTask, campaign: Campaign, address: Address, since?: number) {
    let partnerDown: PartnerUnavailable | undefined;
    let resolved: RuleTask;
    try {
      // Secrets are resolved here, per check, and kept in memory only: never stored, never sent
      // to a browser (the public campaign has no headers at all).
      resolved = { ...task, rule: resolveSecrets(task.rule as Rule, secretFromEnv) } as RuleTask;
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      this.log.error('rule secret missing', { taskId: task.id, secrets: error.names });
      throw new ApiError(502, 'RULE_ERROR', 'This task could not be checked.', {
        details: `${error.code}: ${error.message}`,
        retryable: false,
      });
    }
    try {
      return await evaluateTaskRule(resolved, campaign, address, {
        rpcUrls: this.config.rpcUrls,
        fetch: this.fetchImpl,
        timeoutMs: this.config.ruleTimeoutMs,
        ...(since !== undefined ? { since } : {}),
        credentials: (a: Address) =>
          this.sources.forRule(task.rule, a).catch((error) => {
            if (error instanceof PartnerUnavailable) partnerDown = error;
            throw error;
          }),
      });
    } catch (error) {
      const failure = toQuestError(error);
      if (failure.code !== 'RULE_ERROR') throw error;
      this.log.warn('rule evaluation error', {
        taskId: task.id,
        code: failure.details,
        message: failure.shortMessage,
      });
      if (partnerDown) throw partnerError(partnerDown);
      throw new ApiError(
        failure.retryable ? 503 : 502,
        'RULE_ERROR',
        failure.retryable
          ? 'This task cannot be checked right now. Try again in a moment.'
          : 'This task could not be checked.',
        { details: `${failure.details}: ${failure.shortMessage}`, retryable: failure.retryable },
      );
    }
  }

  /** Verifies a task for the signed-in wallet and records it exactly once when it passes. */
  async verify(
    campaignId: string,
    taskId: string,
    session: AuthedSession,
    body: VerifyBody,
    prefetched: Prefetched = {},
  ): Promise<VerifyResponse> {
    const campaign = await this.campaigns.live(campaignId);
    const { db } = this;
    const address = session.address;
    // Usually read with the session, in its statement (sessionMiddleware's progressCampaign); with
    // the segments its tiers name that the wallet is in: a segment-gated tier stays locked
    // (TIER_LOCKED, "not in segment") for a non-member.
    const progress = await this.segments.withSegments(
      campaign,
      prefetched.progress ?? (await store.loadProgress(db, campaignId, address)),
    );
    const now = this.now();
    // Only a task with a cooldown reads its last failure (one query fewer for every other task).
    const lastFailureAt =
      findTask(campaign, taskId)?.task.retryAfter !== undefined
        ? await store.lastFailure(db, campaignId, taskId, address)
        : undefined;
    const verdict = await verifyTask(
      campaign,
      progress,
      taskId,
      this.facts(campaign, session, body, lastFailureAt),
      now,
    );
    switch (verdict.status) {
      case 'refused':
        throw refusal(verdict);
      case 'failed': {
        const { status: _, ...failed } = verdict;
        // events: task_failed with its code, with the cooldown's failure time when it has one.
        const event: EventInput = {
          campaignId,
          type: 'task_failed',
          address,
          task: taskId,
          reason: failed.code,
          at: new Date(now),
        };
        if (failed.retryAfter !== undefined)
          await db.transaction(async (tx) => {
            await store.recordFailure(tx, campaignId, taskId, address, new Date(now));
            await recordEvent(tx, event);
          });
        else await recordEvent(db, event);
        return { ok: false, ...failed };
      }
      case 'done': {
        const credential = await store.credentialFor(
          db,
          campaignId,
          taskId,
          address,
          verdict.period,
        );
        return {
          ok: true,
          progress,
          firstCompletion: false,
          ...(credential ? { credential } : {}),
        };
      }
      case 'passed':
        break;
    }
    const { task } = verdict;
    // Signed before storing so the completion, ledger entry, total and credential are one
    // statement; when another request wins the race, this signature is simply discarded.
    const at = new Date(now);
    // The answer when this request records the completion: the progress read above plus this
    // completion (one round trip fewer than a re-read). With an Idempotency-Key it is stored in
    // the completion's own statement (`recordCompletion`), so a retry replays exactly it.
    const after: Progress = structuredClone(progress);
    addCompletion(after, task.id, verdict.period, { at: at.toISOString(), points: verdict.points });
    const signed = await signCredential({
      signer: this.issuer,
      recipient: address,
      campaignId,
      taskId: task.id,
      time: Math.floor(now / 1000),
      domain: this.config.eas,
    });
    const completion = {
      campaignId,
      taskId: task.id,
      address,
      points: verdict.points,
      period: verdict.period,
      input: task.kind === 'input' ? (body.input ?? '').trim() : null,
      at,
      credential: signed,
      credentialUid: signed.uid,
      issuer: this.issuer.address,
      events: completionEvents(
        campaign,
        progress,
        task.id,
        verdict.period,
        verdict.points,
        at,
        after,
      ),
    };
    const answer: VerifyResponse = {
      ok: true,
      progress: after,
      credential: signed,
      firstCompletion: true,
    };
    const slot = prefetched.answer;
    // Serialized once: the stored answer and, when it is stored, the response body.
    const stored = slot
      ? {
          scope: slot.scope,
          key: slot.key,
          requestHash: slot.requestHash,
          status: 200,
          body: answer,
          json: JSON.stringify(answer),
        }
      : undefined;
    // A task with a claim limit: count and insert under a lock on the task, so concurrent
    // verifies can never go past the limit; other tasks need only the unique key.
    // A campaign with referrals: the completion may qualify the wallet's referral, checked in the
    // same transaction (ReferralService.qualifyIn).
    const { inserted, answered } =
      task.claimLimit || campaign.referral
        ? await db.transaction(async (tx) => {
            if (task.claimLimit) {
              await store.lockTask(tx, campaignId, task.id);
              const over = claimLimitGate(
                task,
                await store.countCompletions(tx, campaignId, task.id, verdict.period),
                now,
                verdict.window?.end,
              );
              if (over) throw refusal(over);
            }
            const done = await store.recordCompletion(tx, completion, stored);
            if (done.inserted) await this.referrals.qualifyIn(tx, campaign, address, now);
            return done;
          })
        : await store.recordCompletion(db, completion, stored);
    if (inserted) {
      this.log.info('task completed', {
        campaignId,
        taskId: task.id,
        address,
        points: task.points,
      });
      // Stored with the completion; else another answer holds the key and `idempotent` replays it.
      if (slot && answered) {
        slot.stored = true;
        slot.json = stored?.json;
      }
      return answer;
    }
    // Another request recorded it first: answer with what is stored.
    const latest = await this.segments.withSegments(
      campaign,
      await store.loadProgress(db, campaignId, address),
    );
    const existing = await store.credentialFor(db, campaignId, task.id, address, verdict.period);
    return {
      ok: true,
      progress: latest,
      firstCompletion: false,
      ...(existing ? { credential: existing } : {}),
    };
  }
}

const withCompletion = (
  before: Progress,
  taskId: string,
  period: string,
  points: number,
  at: Date,
): Progress => {
  const after: Progress = structuredClone(before);
  addCompletion(after, taskId, period, { at: at.toISOString(), points });
  return after;
};

/**
 * The events a first completion writes in its own statement: task_verified, tier_unlocked for
 * each tier whose unlock rule it makes hold, streak_extended for each streak it lengthens.
 */
export function completionEvents(
  campaign: Campaign,
  before: Progress,
  taskId: string,
  period: string,
  points: number,
  at: Date,
  /** `before` with this completion added, when the caller has it (else it is made here). */
  after: Progress = withCompletion(before, taskId, period, points, at),
): EventInput[] {
  const now = at.getTime();
  const base = { campaignId: before.campaignId, address: before.address, at };
  const events: EventInput[] = [
    {
      ...base,
      type: 'task_verified',
      task: taskId,
      detail: { points, ...(period ? { period } : {}) },
    },
  ];
  const was = deriveLadder(campaign, before, { now }).tiers;
  const is = deriveLadder(campaign, after, { now }).tiers;
  is.forEach((tier, i) => {
    if (tier.unlock?.met && !was[i]?.unlock?.met)
      events.push({ ...base, type: 'tier_unlocked', tier: tier.tier.id });
  });
  // Streaks exist only where the campaign or a task has `streak` (two walks of every task less).
  const streaky =
    campaign.streak !== undefined || campaign.tiers.some((t) => t.tasks.some((k) => k.streak));
  if (!streaky) return events;
  const s0 = streaksOf(campaign, before, now);
  const s1 = streaksOf(campaign, after, now);
  const longer = (a: { current: number } | undefined, b: { current: number } | undefined) =>
    !!b && b.current > (a?.current ?? 0);
  for (const [id, streak] of Object.entries(s1.tasks))
    if (longer(s0.tasks[id], streak))
      events.push({
        ...base,
        type: 'streak_extended',
        task: id,
        detail: { current: streak.current },
      });
  if (longer(s0.campaign, s1.campaign))
    events.push({ ...base, type: 'streak_extended', detail: { current: s1.campaign!.current } });
  return events;
}
