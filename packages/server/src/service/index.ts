import { type Address, type ProgressResponse, streaksOf } from '@questboard/core';
import type { LocalAccount } from 'viem';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db.js';
import type { Logger } from '../log.js';
import { RewardService } from '../rewards/service.js';
import { SegmentService } from '../segments.js';
import * as store from '../store.js';
import { AuthService } from './auth.js';
import { CampaignService } from './campaigns.js';
import { ClaimService } from './claims.js';
import { CredentialSources } from './credential-sources.js';
import { FunnelService } from './funnel.js';
import { Idempotency } from './idempotency.js';
import { InsightsService } from './insights.js';
import { LeaderboardService } from './leaderboard.js';
import { RateLimits } from './limits.js';
import { ReferralService } from './referrals.js';
import { SavedSegments } from './saved-segments.js';
import { VerificationService } from './verification.js';

export type { SessionLookup } from './auth.js';
export { etagOf } from './campaigns.js';
export type { AuthedSession } from './types.js';

export interface ServiceDeps {
  db: Db;
  config: ServerConfig;
  issuer: LocalAccount;
  log: Logger;
  /** Used for rule HTTP checks and remote credential sources. */
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The server's one road to storage: routes and middleware call these services, never the store.
 * Each job has its own service: campaigns (with their cache), auth (nonces, SIWE, sessions),
 * verification, credential sources, claims, the funnel, rate limits and idempotency.
 */
export class QuestService {
  readonly campaigns: CampaignService;
  readonly auth: AuthService;
  readonly credentials: CredentialSources;
  readonly verification: VerificationService;
  readonly referrals: ReferralService;
  readonly claims: ClaimService;
  readonly rewards: RewardService;
  readonly funnel: FunnelService;
  readonly insights: InsightsService;
  readonly limits: RateLimits;
  readonly idempotency: Idempotency;
  readonly leaderboard: LeaderboardService;
  readonly segments: SegmentService;
  /** Named segments (`/admin/segments/{name}`) and who is in the ones campaign tiers name. */
  readonly savedSegments: SavedSegments;

  private readonly now: () => number;

  constructor(private readonly deps: ServiceDeps) {
    const now = deps.now ?? Date.now;
    this.now = now;
    const fetchImpl = deps.fetch ?? fetch;
    this.campaigns = new CampaignService(deps.db, deps.log);
    this.auth = new AuthService(deps.db, deps.config, this.campaigns, deps.log);
    this.credentials = new CredentialSources(
      deps.db,
      deps.config,
      deps.issuer,
      deps.log,
      fetchImpl,
    );
    this.referrals = new ReferralService(deps.db, this.campaigns, deps.log, now);
    this.segments = new SegmentService(deps.db);
    this.savedSegments = new SavedSegments(deps.db, this.segments, deps.log);
    this.verification = new VerificationService(
      deps.db,
      deps.config,
      deps.issuer,
      this.campaigns,
      this.credentials,
      deps.log,
      fetchImpl,
      now,
      this.referrals,
      this.savedSegments,
    );
    this.rewards = new RewardService(deps.db, this.campaigns, deps.issuer, deps.log, now);
    this.claims = new ClaimService(
      deps.db,
      this.campaigns,
      this.rewards,
      deps.log,
      now,
      this.savedSegments,
    );
    this.funnel = new FunnelService(deps.db, this.campaigns, now);
    this.insights = new InsightsService(deps.db, this.campaigns, now);
    this.limits = new RateLimits(deps.db);
    this.idempotency = new Idempotency(deps.db);
    this.leaderboard = new LeaderboardService(deps.db, this.campaigns, now);
  }

  async progress(campaignId: string, address: Address): Promise<ProgressResponse> {
    const campaign = await this.campaigns.live(campaignId);
    const [stored, points] = await Promise.all([
      store.loadProgress(this.deps.db, campaignId, address),
      store.pointsOf(this.deps.db, campaignId, address),
    ]);
    const progress = await this.savedSegments.withSegments(campaign, stored);
    return { ...progress, points, streaks: streaksOf(campaign, progress, this.now()) };
  }

  /** Whether the database answers (`GET /ready`). */
  async ready(): Promise<boolean> {
    try {
      await this.deps.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes expired nonces, sessions, old rate-limit windows and idempotency keys. */
  sweep(now: number): Promise<void> {
    return store.sweep(this.deps.db, now);
  }
}
