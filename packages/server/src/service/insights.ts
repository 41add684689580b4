import { allTasks, type Campaign, MAX_BEACON_EVENTS } from '@questboard/core';
import type { Db } from '../db.js';
import { type BeaconEventType, type EventInput, recordEvent } from '../events.js';
import { ApiError } from '../http-error.js';
import * as insights from '../store-insights.js';
import type { CampaignService } from './campaigns.js';

/** One beacon item as validated by the route. */
export interface BeaconItem {
  type: BeaconEventType;
  task?: string;
}

/** At most this many items per beacon request (core's protocol). */
export const BEACON_MAX_ITEMS = MAX_BEACON_EVENTS;

/** Failure reasons listed per task (the most frequent first). */
export const TOP_FAILURE_REASONS = 3;
/** Referrers listed in the referral funnel. */
export const TOP_REFERRERS = 10;

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const DAY = 86_400_000;

/**
 * Operator insights over the event log (admin API): the funnel per rung, per-task completion
 * and failures, day-N retention, new and returning wallets, the referral funnel; and the
 * board's beacon (views, connects, starts).
 */
export class InsightsService {
  constructor(
    private readonly db: Db,
    private readonly campaigns: CampaignService,
    private readonly now: () => number,
  ) {}

  private async campaign(id: string): Promise<Campaign> {
    const row = await this.campaigns.row(id);
    if (!row) throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${id}" does not exist.`);
    return row.campaign;
  }

  /** Records a page's beacon: every item names a task of the live campaign when it has one. */
  async beacon(campaignId: string, visitor: string, items: readonly BeaconItem[]): Promise<number> {
    const campaign = await this.campaigns.live(campaignId);
    const known = new Set(allTasks(campaign).map(({ task }) => task.id));
    const issues = items.flatMap((item, i) =>
      item.task !== undefined && !known.has(item.task)
        ? [{ path: `events.${i}.task`, message: `is not a task of campaign "${campaignId}"` }]
        : [],
    );
    if (issues.length)
      throw new ApiError(400, 'BAD_REQUEST', 'The beacon names unknown tasks.', { issues });
    const at = new Date(this.now());
    const events: EventInput[] = items.map((item) => ({
      campaignId,
      type: item.type,
      visitor,
      ...(item.task !== undefined ? { task: item.task } : {}),
      at,
    }));
    await recordEvent(this.db, ...events);
    return events.length;
  }

  /** Reached → completed → claimed per rung, with the drop-off at each step. */
  async funnel(campaignId: string) {
    const campaign = await this.campaign(campaignId);
    const tiers = campaign.tiers.map((t) => ({
      id: t.id,
      tasks: t.tasks.map((task) => task.id),
      gated: !!t.unlock,
    }));
    const [counts, top] = await Promise.all([
      insights.funnelCounts(this.db, campaignId, tiers),
      insights.visitorCounts(this.db, campaignId),
    ]);
    return {
      campaignId,
      ...top,
      wallets: counts.seen,
      tiers: counts.tiers.map((t, i) => {
        const hasReward = !!campaign.tiers[i]!.reward;
        const previous = i > 0 ? counts.tiers[i - 1]!.completed : counts.seen;
        return {
          ...t,
          hasReward,
          dropOff: {
            beforeReached: Math.max(0, previous - t.reached),
            beforeCompleted: t.reached - t.completed,
            beforeClaimed: hasReward ? t.completed - t.claimed : 0,
          },
          completionRate: rate(t.completed, t.reached),
          claimRate: hasReward ? rate(t.claimed, t.completed) : 0,
        };
      }),
    };
  }

  /** Per task (campaign order): started, attempted, verified, completion rate, top failure reasons. */
  async tasks(campaignId: string) {
    const campaign = await this.campaign(campaignId);
    const counts = await insights.taskCounts(this.db, campaignId);
    return {
      campaignId,
      tasks: allTasks(campaign).map(({ task, tier }) => {
        const c = counts.get(task.id);
        const reasons = [...(c?.reasons ?? [])]
          .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
          .slice(0, TOP_FAILURE_REASONS);
        return {
          taskId: task.id,
          tierId: tier.id,
          started: c?.started ?? 0,
          attempted: c?.attempted ?? 0,
          verified: c?.verified ?? 0,
          failures: c?.failures ?? 0,
          completionRate: rate(c?.verified ?? 0, c?.attempted ?? 0),
          topFailures: reasons,
        };
      }),
    };
  }

  /**
   * D1/D7/D30 retention per first-seen cohort (UTC day of a wallet's first event): the share of
   * the cohort active again exactly N days later; null while that day is still to come.
   */
  async retention(campaignId: string) {
    await this.campaign(campaignId);
    const today = Math.floor(this.now() / DAY);
    const rows = await insights.retentionCounts(this.db, campaignId);
    return {
      campaignId,
      cohorts: rows.map((r) => {
        const start = Date.parse(`${r.cohort}T00:00:00Z`) / DAY;
        const of = (n: number, count: number) =>
          start + n > today ? null : { count, rate: rate(count, r.size) };
        return {
          cohort: r.cohort,
          size: r.size,
          d1: of(1, r.d1),
          d7: of(7, r.d7),
          d30: of(30, r.d30),
        };
      }),
    };
  }

  /** Per UTC day with activity: new wallets (first seen that day) and returning ones. */
  async daily(campaignId: string) {
    await this.campaign(campaignId);
    return { campaignId, days: await insights.dailyWallets(this.db, campaignId) };
  }

  /** Wallets bound to a referrer → qualified, in total and for the top referrers. */
  async referrals(campaignId: string) {
    await this.campaign(campaignId);
    const r = await insights.referralCounts(this.db, campaignId, TOP_REFERRERS);
    return {
      campaignId,
      bound: r.bound,
      qualified: r.qualified,
      qualificationRate: rate(r.qualified, r.bound),
      topReferrers: r.referrers,
    };
  }
}
