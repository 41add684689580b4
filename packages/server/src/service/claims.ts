import { type ClaimResponse, claimGate } from '@questboard/core';
import type { Db } from '../db.js';
import type { Logger } from '../log.js';
import * as store from '../store.js';
import type { CampaignService } from './campaigns.js';
import type { AuthedSession } from './types.js';
import { refusal } from './verification.js';

/** Claims: the core's `claimGate`, then one idempotent insert. */
export class ClaimService {
  constructor(
    private readonly db: Db,
    private readonly campaigns: CampaignService,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async claim(campaignId: string, tierId: string, session: AuthedSession): Promise<ClaimResponse> {
    const campaign = await this.campaigns.live(campaignId);
    const { db } = this;
    const progress = await store.loadProgress(db, campaignId, session.address);
    const verdict = claimGate(campaign, progress, tierId, this.now());
    if (verdict.status === 'refused') throw refusal(verdict);
    if (verdict.status === 'claimed-before') return { progress, firstClaim: false };
    const firstClaim = await store.insertClaim(db, campaignId, verdict.tier.id, session.address);
    if (firstClaim)
      this.log.info('reward claimed', { campaignId, tierId, address: session.address });
    return { progress: await store.loadProgress(db, campaignId, session.address), firstClaim };
  }
}
