import {
  type ClaimResponse,
  claimGate,
  findTier,
  type Progress,
  type RewardDelivery,
  rewardKind,
} from '@questboard/core';
import type { Db } from '../db.js';
import { recordEvent } from '../events.js';
import type { Logger } from '../log.js';
import type { RewardService } from '../rewards/service.js';
import * as store from '../store.js';
import * as rewardStore from '../store-rewards.js';
import type { CampaignService } from './campaigns.js';
import type { SavedSegments } from './saved-segments.js';
import type { AuthedSession } from './types.js';
import { refusal } from './verification.js';

const CREDENTIAL: RewardDelivery = { kind: 'credential' };

/**
 * Claims: the core's `claimGate`, then one idempotent insert of the claim and what it delivers.
 * A badge's voucher, a token tier's amount and an allowlist place are stored with the claim, once
 * per (campaign, tier, address): a repeat, or 100 claims at once, answer the same delivery.
 */
export class ClaimService {
  constructor(
    private readonly db: Db,
    private readonly campaigns: CampaignService,
    private readonly rewards: RewardService,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly segments: SavedSegments,
  ) {}

  /** `prefetched`: the wallet's progress in the campaign when already read (with the session). */
  async claim(
    campaignId: string,
    tierId: string,
    session: AuthedSession,
    prefetched?: Progress,
  ): Promise<ClaimResponse> {
    const campaign = await this.campaigns.live(campaignId);
    const { db } = this;
    const { address } = session;
    const progress = await this.segments.withSegments(
      campaign,
      prefetched ?? (await store.loadProgress(db, campaignId, address)),
    );
    const verdict = claimGate(campaign, progress, tierId, this.now());
    if (verdict.status === 'refused') throw refusal(verdict);
    const tier = findTier(campaign, tierId)!;
    const kind = rewardKind(tier.reward!);
    let stored = await rewardStore.deliveryOf(db, campaignId, tier.id, address);
    if (verdict.status === 'claimed-before' && (stored || kind === 'credential'))
      return {
        progress,
        firstClaim: false,
        delivery: stored ? await this.rewards.withProof(campaignId, address, stored) : CREDENTIAL,
      };
    // Built (a voucher signed) before the transaction; a concurrent claim's may win the insert.
    const fresh = stored ? null : await this.rewards.newDelivery(campaign, tier, address);
    const result = await db.transaction(async (tx) => {
      const inserted = await rewardStore.insertClaimDelivery(tx, {
        campaignId,
        tierId: tier.id,
        address,
        delivery: fresh,
      });
      // events: reward_claimed, in the claim's transaction, only by the claim that inserted it.
      if (inserted.firstClaim)
        await recordEvent(tx, {
          campaignId,
          type: 'reward_claimed',
          address,
          tier: tier.id,
          detail: { kind },
        });
      return inserted;
    });
    stored = result.delivery ?? stored;
    if (result.firstClaim)
      this.log.info('reward claimed', {
        campaignId,
        tierId,
        address,
        kind,
      });
    return {
      progress: await this.segments.withSegments(
        campaign,
        await store.loadProgress(db, campaignId, address),
      ),
      firstClaim: result.firstClaim,
      delivery: stored ? await this.rewards.withProof(campaignId, address, stored) : CREDENTIAL,
    };
  }
}
