import {
  type Address,
  bindRefusal,
  type Campaign,
  newReferralCode,
  parseReferralCode,
  qualifiesNow,
  REFERRAL_REFUSAL_MESSAGES,
  type ReferralBinding,
  type ReferralRefusal,
  type ReferralsOverview,
  referralStatus,
} from '@questboard/core';
import type { Db, Queryable } from '../db.js';
import { ApiError } from '../http-error.js';
import type { Logger } from '../log.js';
import * as store from '../store.js';
import * as referralStore from '../store-referrals.js';
import type { CampaignService } from './campaigns.js';
import type { AuthedSession } from './types.js';

/** Most referees listed for a referrer (newest first). */
export const MAX_LISTED_REFERRALS = 200;

/** The status each refusal is sent with: nothing to bind to → 404, a conflict → 409. */
const REFUSAL_STATUS: Record<ReferralRefusal, number> = {
  NOT_ENABLED: 404,
  UNKNOWN_CODE: 404,
  SELF: 409,
  ALREADY_BOUND: 409,
  NOT_NEW: 409,
  CAP_REACHED: 409,
};

export const referralRefused = (reason: ReferralRefusal) =>
  new ApiError(REFUSAL_STATUS[reason], 'REFERRAL_REFUSED', REFERRAL_REFUSAL_MESSAGES[reason], {
    details: reason,
  });

/**
 * Referrals: codes issued once per referrer, bindings judged by the core's `bindRefusal`,
 * qualification by its `qualifiesNow` inside the verify's transaction, the referrer's list by
 * its `referralStatus`. The same policy the memory backend applies.
 */
export class ReferralService {
  constructor(
    private readonly db: Db,
    private readonly campaigns: CampaignService,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** The address's code, issued now when it has none (random; a rare collision draws again). */
  private async code(campaignId: string, address: Address): Promise<string> {
    const existing = await referralStore.codeOf(this.db, campaignId, address);
    if (existing) return existing;
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = await referralStore.issueCode(this.db, campaignId, address, newReferralCode());
      if (code) return code;
    }
    throw new ApiError(500, 'SERVER', 'No referral code could be issued. Try again.', {
      retryable: true,
    });
  }

  /** `GET /campaigns/{id}/referrals`: the signed-in referrer's code, terms and referees. */
  async overview(campaignId: string, session: AuthedSession): Promise<ReferralsOverview> {
    const campaign = await this.campaigns.live(campaignId);
    const rules = campaign.referral;
    if (!rules) throw referralRefused('NOT_ENABLED');
    const code = await this.code(campaignId, session.address);
    const rows = await referralStore.referralsOf(
      this.db,
      campaignId,
      session.address,
      MAX_LISTED_REFERRALS,
    );
    const pending = rows.filter((r) => r.qualifiedAt === undefined).map((r) => r.referee);
    const progress = await referralStore.progressOfMany(this.db, campaignId, pending);
    const now = this.now();
    return {
      campaignId,
      code,
      points: rules.points,
      ...(rules.maxReferees !== undefined ? { maxReferees: rules.maxReferees } : {}),
      referrals: rows.map((r) => ({
        referee: r.referee,
        boundAt: new Date(r.boundAt).toISOString(),
        ...(r.qualifiedAt !== undefined
          ? { qualifiedAt: new Date(r.qualifiedAt).toISOString() }
          : {}),
        ...referralStatus(
          rules,
          progress.get(r.referee) ?? { campaignId, address: r.referee, completed: {}, claimed: {} },
          r.boundAt,
          r.qualifiedAt,
          now,
        ),
      })),
    };
  }

  /**
   * `POST /campaigns/{id}/referral`: binds the signed-in wallet to the owner of `code`, once.
   * Sending the code it is bound with again answers that binding (a retry); any other refusal is
   * `REFERRAL_REFUSED` with the reason in `details`.
   */
  async bind(
    campaignId: string,
    session: AuthedSession,
    rawCode: string,
  ): Promise<ReferralBinding> {
    const campaign = await this.campaigns.live(campaignId);
    const referee = session.address;
    if (!campaign.referral) throw referralRefused('NOT_ENABLED');
    const code = parseReferralCode(rawCode);
    if (!code)
      throw new ApiError(400, 'BAD_REQUEST', 'The invite code is malformed.', {
        issues: [{ path: 'code', message: 'is not a referral code (10 letters and digits)' }],
      });
    const existing = await referralStore.bindingOf(this.db, campaignId, referee);
    if (existing && existing.code === code) return this.bindingOut(campaignId, existing);
    const referrer = await referralStore.ownerOfCode(this.db, campaignId, code);
    const at = new Date(this.now());
    const outcome = await this.db.transaction(async (tx) => {
      if (referrer) await referralStore.lockReferrer(tx, campaignId, referrer);
      const facts = referrer
        ? await referralStore.bindFacts(tx, campaignId, referee, referrer)
        : { bound: existing !== undefined, hasProgress: false, referrerCount: 0 };
      const refusal = bindRefusal(campaign.referral, { referee, referrer, ...facts });
      if (refusal) return refusal;
      const inserted = await referralStore.insertBinding(tx, campaignId, {
        referee,
        referrer: referrer!,
        code,
        at,
      });
      return inserted ? undefined : ('ALREADY_BOUND' as const);
    });
    if (outcome) {
      // A concurrent retry with the same code bound it first: answer that binding.
      const now = await referralStore.bindingOf(this.db, campaignId, referee);
      if (outcome === 'ALREADY_BOUND' && now && now.code === code)
        return this.bindingOut(campaignId, now);
      throw referralRefused(outcome);
    }
    this.log.info('referral bound', { campaignId, referee, referrer });
    return { campaignId, referee, code, boundAt: at.toISOString() };
  }

  private bindingOut(campaignId: string, row: referralStore.ReferralRow): ReferralBinding {
    return {
      campaignId,
      referee: row.referee,
      code: row.code,
      boundAt: new Date(row.boundAt).toISOString(),
    };
  }

  /**
   * Inside the transaction of a verify that recorded a completion for `referee`: qualifies a
   * pending referral whose rule now holds and enters the referrer's points. The referral row is
   * locked first, then the referee's progress is read (it then includes every completion
   * committed before, and this transaction's own), so concurrent verifies qualify it exactly once
   * and none misses a completion another one made. (The completion's upsert of the referee's
   * `points_totals` row already orders two completions of one wallet; the row lock keeps this
   * correct without relying on that.)
   */
  async qualifyIn(tx: Queryable, campaign: Campaign, referee: Address, now: number) {
    const rules = campaign.referral;
    if (!rules) return;
    const binding = await referralStore.bindingOf(tx, campaign.id, referee, true);
    if (!binding || binding.qualifiedAt !== undefined) return;
    const progress = await store.loadProgress(tx, campaign.id, referee);
    if (!qualifiesNow(rules, progress, binding.boundAt, now)) return;
    if (await referralStore.markQualified(tx, campaign.id, referee, rules.points, new Date(now)))
      this.log.info('referral qualified', {
        campaignId: campaign.id,
        referee,
        referrer: binding.referrer,
        points: rules.points,
      });
  }
}
