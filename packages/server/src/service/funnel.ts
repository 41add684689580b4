import { deriveLadder, type FunnelResponse } from '@questboard/core';
import type { Db } from '../db.js';
import { ApiError } from '../http-error.js';
import * as store from '../store.js';
import type { CampaignService } from './campaigns.js';

/** The operator's funnel: how far wallets got, per tier and task (archived campaigns too). */
export class FunnelService {
  constructor(
    private readonly db: Db,
    private readonly campaigns: CampaignService,
    private readonly now: () => number,
  ) {}

  async funnel(campaignId: string): Promise<FunnelResponse> {
    const row = await this.campaigns.row(campaignId);
    if (!row)
      throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${campaignId}" does not exist.`);
    const campaign = row.campaign;
    const activity = await store.campaignActivity(this.db, campaignId);
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
      // A wallet counts once per task, also for a scheduled task done in several periods.
      const done = new Set([
        ...Object.keys(progress.completed),
        ...Object.entries(progress.periods ?? {})
          .filter(([, byKey]) => Object.keys(byKey).length > 0)
          .map(([taskId]) => taskId),
      ]);
      for (const taskId of done) {
        const i = taskIndex.get(taskId);
        if (i !== undefined) tasks[i]!.completions++;
      }
    }
    return { campaignId, wallets: activity.size, tiers, tasks };
  }
}
