import {
  type Address,
  type Campaign,
  type Credential,
  checkInput,
  checkQuizAnswer,
  deriveLadder,
  evaluateTaskRule,
  findTask,
  findTier,
  type Progress,
  signCredential,
  type Task,
  toQuestError,
  type VerifyResponse,
  verifyCredential,
} from '@questboard/core';
import type { LocalAccount } from 'viem';
import { getAddress } from 'viem';
import type { ServerConfig } from './config.js';
import type { Db } from './db.js';
import { ApiError } from './http-error.js';
import type { Logger } from './log.js';
import * as store from './store.js';

/** A credential as `credential` rules see it (the rules package's `HeldCredential`). */
export interface HeldCredential {
  issuer: string;
  campaignId: string;
  taskId?: string;
  [key: string]: unknown;
}

export interface AuthedSession {
  address: Address;
  chainId: number;
  expiresAt: string;
}

export interface ServiceDeps {
  db: Db;
  config: ServerConfig;
  issuer: LocalAccount;
  log: Logger;
  /** Used for rule HTTP checks and remote credential sources. */
  fetch?: typeof fetch;
  now?: () => number;
}

/** Campaign reads are cached briefly per replica (updates on another replica show within `ttlMs`). */
export class CampaignCache {
  private readonly entries = new Map<string, { row: store.CampaignRow | null; at: number }>();
  constructor(
    private readonly db: Db,
    private readonly ttlMs = 2000,
  ) {}
  async get(id: string): Promise<store.CampaignRow | null> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.row;
    const row = await store.getCampaign(this.db, id);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(id, { row, at: Date.now() });
    return row;
  }
  invalidate(id: string) {
    this.entries.delete(id);
  }
}

const WRONG_ANSWER = 'That answer is not right. Try again.';
const INPUT_MISMATCH = 'That does not match what this task asks for.';

/** The server's domain logic: authoritative verification, exactly-once storage, claims, reads. */
export class QuestService {
  readonly campaigns: CampaignCache;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly deps: ServiceDeps) {
    this.campaigns = new CampaignCache(deps.db);
    this.now = deps.now ?? Date.now;
    this.fetchImpl = deps.fetch ?? fetch;
  }

  /** A live (not archived) campaign, or CAMPAIGN_NOT_FOUND. */
  async liveCampaign(id: string): Promise<Campaign> {
    const row = await this.campaigns.get(id);
    if (!row || row.archived)
      throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${id}" does not exist.`);
    return row.campaign;
  }

  async progress(campaignId: string, address: Address): Promise<Progress & { points: number }> {
    await this.liveCampaign(campaignId);
    const progress = await store.loadProgress(this.deps.db, campaignId, address);
    return { ...progress, points: await store.pointsOf(this.deps.db, campaignId, address) };
  }

  /** Verifies a task for the signed-in wallet and records it exactly once when it passes. */
  async verify(
    campaignId: string,
    taskId: string,
    session: AuthedSession,
    input: string | undefined,
  ): Promise<VerifyResponse> {
    const campaign = await this.liveCampaign(campaignId);
    const found = findTask(campaign, taskId);
    if (!found)
      throw new ApiError(
        404,
        'TASK_NOT_FOUND',
        `Task "${taskId}" is not part of campaign "${campaignId}".`,
      );
    const { task } = found;
    const { db } = this.deps;
    const address = session.address;
    const progress = await store.loadProgress(db, campaignId, address);
    if (progress.completed[task.id]) {
      const credential = await store.credentialFor(db, campaignId, task.id, address);
      return { ok: true, progress, firstCompletion: false, ...(credential ? { credential } : {}) };
    }
    const now = this.now();
    const ladder = deriveLadder(campaign, progress, { now });
    const state = ladder.tiers.flatMap((t) => t.tasks).find((t) => t.task.id === task.id)!.state;
    if (state === 'upcoming')
      throw new ApiError(409, 'CAMPAIGN_NOT_STARTED', 'This campaign has not started yet.');
    if (state === 'ended') throw new ApiError(409, 'CAMPAIGN_ENDED', 'This campaign has ended.');
    if (state === 'locked')
      throw new ApiError(
        409,
        'TASK_LOCKED',
        'This task is still locked: finish the steps before it first.',
      );

    const outcome = await this.check(task, campaign, session, input);
    if (outcome !== true) return outcome;

    // Signed before storing so the completion, ledger entry, total and credential are one
    // statement; when another request wins the race, this signature is simply discarded.
    const at = new Date(now);
    const signed = await signCredential({
      signer: this.deps.issuer,
      recipient: address,
      campaignId,
      taskId: task.id,
      time: Math.floor(now / 1000),
      domain: this.deps.config.eas,
    });
    const inserted = await store.insertCompletion(db, {
      campaignId,
      taskId: task.id,
      address,
      points: task.points,
      input: task.kind === 'input' ? (input ?? '').trim() : null,
      at,
      credential: signed,
    });
    const credential = inserted ? signed : null;
    if (credential) {
      this.deps.log.info('task completed', {
        campaignId,
        taskId: task.id,
        address,
        points: task.points,
      });
      // The progress read above plus this completion (one round trip fewer than a re-read).
      progress.completed[task.id] = { at: at.toISOString(), points: task.points };
      return { ok: true, progress, credential, firstCompletion: true };
    }
    // Another request recorded it first: answer with what is stored.
    const latest = await store.loadProgress(db, campaignId, address);
    const existing = await store.credentialFor(db, campaignId, task.id, address);
    return {
      ok: true,
      progress: latest,
      firstCompletion: false,
      ...(existing ? { credential: existing } : {}),
    };
  }

  /** The server-side check of one task. `true` when it passes. */
  private async check(
    task: Task,
    campaign: Campaign,
    session: AuthedSession,
    input: string | undefined,
  ): Promise<VerifyResponse | true> {
    switch (task.kind) {
      case 'visit':
      case 'wallet.connect':
      case 'wallet.signIn':
        // The bearer session proves the wallet (SIWE); a visit cannot be observed by any server.
        return true;
      case 'quiz':
        return (await checkQuizAnswer(task, input ?? ''))
          ? true
          : { ok: false, code: 'WRONG_ANSWER', reason: WRONG_ANSWER };
      case 'input':
        return checkInput(task, input ?? '')
          ? true
          : { ok: false, code: 'INPUT_MISMATCH', reason: INPUT_MISMATCH };
      case 'wallet.chain':
        return session.chainId === task.chainId
          ? true
          : {
              ok: false,
              code: 'VERIFY_FAILED',
              reason: `You signed in on chain ${session.chainId}. Switch to chain ${task.chainId} and sign in again.`,
            };
      default:
        return this.evaluate(task, campaign, session.address);
    }
  }

  private async evaluate(
    task: Task,
    campaign: Campaign,
    address: Address,
  ): Promise<VerifyResponse | true> {
    try {
      // The same evaluation as the browser's memory backend (core), with the server's context.
      return await evaluateTaskRule(task, campaign, address, {
        rpcUrls: this.deps.config.rpcUrls,
        fetch: this.fetchImpl,
        timeoutMs: this.deps.config.ruleTimeoutMs,
        credentials: (a: Address) => this.credentialSource(a),
      });
    } catch (error) {
      const failure = toQuestError(error);
      if (failure.code !== 'RULE_ERROR') throw error;
      this.deps.log.warn('rule evaluation error', {
        taskId: task.id,
        code: failure.details,
        message: failure.shortMessage,
      });
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

  /**
   * Credentials a wallet holds, for `credential` rules: this server's own (from its store) and
   * those of the other Questboard servers configured in QUESTBOARD_ISSUER_ENDPOINTS, fetched from
   * `GET {endpoint}/credentials/{address}` and each checked offline with `verifyCredential`.
   */
  async credentialSource(address: Address): Promise<HeldCredential[]> {
    const own = await store.credentialsOf(this.deps.db, address);
    const held: HeldCredential[] = own.map((c) => ({ ...c }));
    for (const [issuer, endpoint] of Object.entries(this.deps.config.issuerEndpoints)) {
      if (issuer === this.deps.issuer.address.toLowerCase()) continue;
      const response = await this.fetchImpl(`${endpoint}/credentials/${address}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.deps.config.ruleTimeoutMs),
      });
      if (!response.ok)
        throw new Error(`credential source ${endpoint} answered HTTP ${response.status}`);
      const body = (await response.json()) as { credentials?: unknown };
      if (!Array.isArray(body.credentials))
        throw new Error(`credential source ${endpoint} sent no credentials list`);
      for (const candidate of body.credentials.slice(0, 1000)) {
        const check = await verifyCredential(candidate, {
          issuers: [getAddress(issuer)],
          recipient: address,
        });
        if (check.valid) held.push({ ...check.credential });
      }
    }
    return held;
  }

  async claim(campaignId: string, tierId: string, session: AuthedSession) {
    const campaign = await this.liveCampaign(campaignId);
    const tier = findTier(campaign, tierId);
    if (!tier)
      throw new ApiError(
        404,
        'TIER_NOT_FOUND',
        `Tier "${tierId}" is not part of campaign "${campaignId}".`,
      );
    if (!tier.reward)
      throw new ApiError(400, 'BAD_REQUEST', `Tier "${tier.id}" has no reward to claim.`);
    const { db } = this.deps;
    const progress = await store.loadProgress(db, campaignId, session.address);
    if (progress.claimed[tier.id]) return { progress, firstClaim: false };
    const ladder = deriveLadder(campaign, progress, { now: this.now() });
    const entry = ladder.tiers.find((t) => t.tier.id === tier.id)!;
    if (!entry.claimable) {
      if (entry.state === 'upcoming')
        throw new ApiError(409, 'CAMPAIGN_NOT_STARTED', 'This campaign has not started yet.');
      throw new ApiError(
        409,
        'TIER_NOT_COMPLETE',
        'Finish every task of this tier to claim its reward.',
        {
          details: `${entry.done} of ${tier.tasks.length} tasks done`,
        },
      );
    }
    const firstClaim = await db.transaction((tx) =>
      store.insertClaim(tx, campaignId, tier.id, session.address),
    );
    if (firstClaim)
      this.deps.log.info('reward claimed', { campaignId, tierId, address: session.address });
    return { progress: await store.loadProgress(db, campaignId, session.address), firstClaim };
  }

  async funnel(campaignId: string) {
    const row = await this.campaigns.get(campaignId);
    if (!row)
      throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${campaignId}" does not exist.`);
    const campaign = row.campaign;
    const activity = await store.campaignActivity(this.deps.db, campaignId);
    const tiers = campaign.tiers.map((t) => ({
      tierId: t.id,
      reached: 0,
      completed: 0,
      claimed: 0,
    }));
    const tasks = campaign.tiers.flatMap((t) =>
      t.tasks.map((task) => ({ taskId: task.id, tierId: t.id, completions: 0 })),
    );
    const taskIndex = new Map(tasks.map((t, i) => [t.taskId, i]));
    const now = this.now();
    for (const progress of activity.values()) {
      const ladder = deriveLadder(campaign, progress, { now });
      ladder.tiers.forEach((lt, i) => {
        const counts = tiers[i]!;
        if (lt.state !== 'locked' && (!lt.unlock || lt.unlock.met)) counts.reached++;
        if (lt.state === 'completed' || lt.state === 'claimed') counts.completed++;
        if (lt.state === 'claimed') counts.claimed++;
      });
      for (const taskId of Object.keys(progress.completed)) {
        const i = taskIndex.get(taskId);
        if (i !== undefined) tasks[i]!.completions++;
      }
    }
    return { campaignId, wallets: activity.size, tiers, tasks };
  }

  async credentials(address: Address, campaignId?: string): Promise<Credential[]> {
    return store.credentialsOf(this.deps.db, address, campaignId);
  }
}
