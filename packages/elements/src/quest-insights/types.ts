// The wire shapes of the reference server's insights views and segment endpoints live in
// @questboard/core (insights-protocol.ts), shared with the server; this file names what the
// element shows.
import type {
  InsightsDaily,
  InsightsFunnel,
  InsightsReferrals,
  InsightsRetention,
  InsightsTasks,
  InsightsViewName,
} from '@questboard/core';

export type {
  InsightsDaily,
  InsightsFunnel,
  InsightsReferrals,
  InsightsRetained,
  InsightsRetention,
  InsightsTasks,
  SegmentExportFormat,
  SegmentRule,
} from '@questboard/core';

/**
 * The views `<quest-insights>` shows, in display order: the server's insights views, then the
 * segment builder (`segments`, nothing to fetch until a rule is built).
 */
export const INSIGHTS_VIEWS = [
  'funnel',
  'retention',
  'daily',
  'tasks',
  'referrals',
  'segments',
] as const;
/** One insights view. */
export type InsightsView = (typeof INSIGHTS_VIEWS)[number];
/** The views read from `GET /admin/campaigns/{id}/insights/{view}`. */
export type FetchedView = Exclude<InsightsView, 'segments'> & InsightsViewName;

/** What `<quest-insights>` shows: one answer per view (a view left out is not shown). */
export interface InsightsData {
  funnel?: InsightsFunnel;
  retention?: InsightsRetention;
  daily?: InsightsDaily;
  tasks?: InsightsTasks;
  referrals?: InsightsReferrals;
}

/** The URL path of a view under the server's URL. */
export const insightsPath = (campaign: string, view: FetchedView) =>
  `/admin/campaigns/${encodeURIComponent(campaign)}/insights/${view}`;
