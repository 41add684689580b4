// The wire shapes of the reference server's insights views
// (packages/server/src/routes/insights.ts: InsightsFunnel, InsightsTasks, InsightsRetention,
// InsightsDaily). The element reads only the fields below.

/** The views `<quest-insights>` shows, in display order. */
export const INSIGHTS_VIEWS = ['funnel', 'retention', 'daily', 'tasks'] as const;
/** One insights view. */
export type InsightsView = (typeof INSIGHTS_VIEWS)[number];

/** `GET /admin/campaigns/{id}/insights/funnel`. */
export interface InsightsFunnel {
  campaignId: string;
  viewed: number;
  connected: number;
  signedIn: number;
  wallets: number;
  tiers: {
    tierId: string;
    reached: number;
    completed: number;
    claimed: number;
    hasReward: boolean;
    dropOff: { beforeReached: number; beforeCompleted: number; beforeClaimed: number };
    completionRate: number;
    claimRate: number;
  }[];
}

/** `GET /admin/campaigns/{id}/insights/tasks`. */
export interface InsightsTasks {
  campaignId: string;
  tasks: {
    taskId: string;
    tierId: string;
    started: number;
    attempted: number;
    verified: number;
    failures: number;
    completionRate: number;
    topFailures: { reason: string; count: number }[];
  }[];
}

/** A retention cell: wallets back on day N, or `null` while that day is still to come. */
export type InsightsRetained = { count: number; rate: number } | null;

/** `GET /admin/campaigns/{id}/insights/retention`. */
export interface InsightsRetention {
  campaignId: string;
  cohorts: {
    cohort: string;
    size: number;
    d1: InsightsRetained;
    d7: InsightsRetained;
    d30: InsightsRetained;
  }[];
}

/** `GET /admin/campaigns/{id}/insights/daily`. */
export interface InsightsDaily {
  campaignId: string;
  days: { day: string; new: number; returning: number }[];
}

/** What `<quest-insights>` shows: one answer per view (a view left out is not shown). */
export interface InsightsData {
  funnel?: InsightsFunnel;
  retention?: InsightsRetention;
  daily?: InsightsDaily;
  tasks?: InsightsTasks;
}

/** The URL path of a view under the server's URL. */
export const insightsPath = (campaign: string, view: InsightsView) =>
  `/admin/campaigns/${encodeURIComponent(campaign)}/insights/${view}`;
