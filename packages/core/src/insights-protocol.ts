/**
 * The reference server's operator API for insights and segments (admin key, JSON): the answers
 * of `GET /admin/campaigns/{id}/insights/{view}` and the bodies of `POST /admin/segments/*`.
 * The server types its answers with these (`satisfies`); `<quest-insights>` reads them.
 * docs/server.md ("Insights", "Segments") describes them in prose.
 */

/** A share from 0 to 1. */
export type InsightsRate = number;

/** `GET /admin/campaigns/{id}/insights/funnel`: per rung, reached → completed → claimed. */
export interface InsightsFunnel {
  campaignId: string;
  /** Distinct visitors that viewed the board. */
  viewed: number;
  /** Distinct visitors that connected a wallet. */
  connected: number;
  /** Distinct wallets that signed in for the campaign. */
  signedIn: number;
  /** Distinct wallets with any event. */
  wallets: number;
  tiers: InsightsFunnelTier[];
}

/** One rung of {@link InsightsFunnel}. */
export interface InsightsFunnelTier {
  tierId: string;
  /** Wallets whose unlock rule for the tier held (every wallet for a tier without one). */
  reached: number;
  /** Wallets that verified every task of the tier. */
  completed: number;
  claimed: number;
  hasReward: boolean;
  dropOff: { beforeReached: number; beforeCompleted: number; beforeClaimed: number };
  completionRate: InsightsRate;
  claimRate: InsightsRate;
}

/** `GET /admin/campaigns/{id}/insights/tasks`: per task, completion and top failure reasons. */
export interface InsightsTasks {
  campaignId: string;
  tasks: InsightsTask[];
}

/** One task of {@link InsightsTasks}. */
export interface InsightsTask {
  taskId: string;
  tierId: string;
  /** Distinct visitors that started it (beacon). */
  started: number;
  /** Distinct wallets that had it checked. */
  attempted: number;
  verified: number;
  /** Failed checks. */
  failures: number;
  /** verified / attempted. */
  completionRate: InsightsRate;
  topFailures: { reason: string; count: number }[];
}

/** A retention cell: wallets back on day N, or `null` while that day is still to come. */
export type InsightsRetained = { count: number; rate: InsightsRate } | null;

/** `GET /admin/campaigns/{id}/insights/retention`: D1 / D7 / D30 per first-seen cohort. */
export interface InsightsRetention {
  campaignId: string;
  cohorts: {
    /** First-seen UTC day (`YYYY-MM-DD`). */
    cohort: string;
    size: number;
    d1: InsightsRetained;
    d7: InsightsRetained;
    d30: InsightsRetained;
  }[];
}

/** `GET /admin/campaigns/{id}/insights/daily`: new and returning wallets per UTC day. */
export interface InsightsDaily {
  campaignId: string;
  days: { day: string; new: number; returning: number }[];
}

/** `GET /admin/campaigns/{id}/insights/referrals`: the referral funnel, bound → qualified. */
export interface InsightsReferrals {
  campaignId: string;
  /** Referees bound to a referrer. */
  bound: number;
  /** Of those, referees that qualified. */
  qualified: number;
  /** qualified / bound (0 when none is bound). */
  qualificationRate: InsightsRate;
  /** The referrers with the most bound referees (at most 10), most first. */
  topReferrers: { referrer: string; bound: number; qualified: number }[];
}

/** The insights views, in display order (the path segment after `insights/`). */
export const INSIGHTS_VIEW_NAMES = ['funnel', 'retention', 'daily', 'tasks', 'referrals'] as const;
/** One insights view. */
export type InsightsViewName = (typeof INSIGHTS_VIEW_NAMES)[number];

/** Each view's answer, by name. */
export interface InsightsAnswers {
  funnel: InsightsFunnel;
  retention: InsightsRetention;
  daily: InsightsDaily;
  tasks: InsightsTasks;
  referrals: InsightsReferrals;
}

/** The `type`s of {@link SegmentRule}. */
export const SEGMENT_RULE_KINDS = [
  'task',
  'points',
  'credential',
  'firstSeen',
  'campaign',
  'referredBy',
  'all',
  'any',
  'atLeast',
  'not',
] as const;
/** One `type` of {@link SegmentRule}. */
export type SegmentRuleKind = (typeof SEGMENT_RULE_KINDS)[number];

/**
 * A segment rule: JSON over the server's own data (packages/server/src/segments.ts), the same
 * shape as the rules package's language (`type` discriminator, `all` / `any` / `atLeast` / `not`).
 * Ids are letters, digits, `. _ : -`; dates ISO 8601 (a date or a date-time).
 */
export type SegmentRule =
  /** Completed task `taskId` of campaign `campaignId`. */
  | { type: 'task'; campaignId: string; taskId: string }
  /** Holds between `min` and `max` points (inclusive; either may be absent) in a campaign. */
  | { type: 'points'; campaignId: string; min?: number; max?: number }
  /** Holds a credential of this server from `issuer` (an address) for the campaign (and task). */
  | { type: 'credential'; issuer: string; campaignId: string; taskId?: string }
  /** First seen (first completion anywhere) at or after `after` and before `before`. */
  | { type: 'firstSeen'; after?: string; before?: string }
  /** Completed anything in the campaign. */
  | { type: 'campaign'; campaignId: string }
  /** Bound to a referrer in the campaign (to `referrer`, an address, when given). */
  | { type: 'referredBy'; campaignId: string; referrer?: string }
  | { type: 'all'; rules: SegmentRule[] }
  | { type: 'any'; rules: SegmentRule[] }
  | { type: 'atLeast'; n: number; rules: SegmentRule[] }
  | { type: 'not'; rule: SegmentRule };

/** `POST /admin/segments/count` and `POST /admin/segments/export?format=` bodies. */
export interface SegmentCountRequest {
  rule: SegmentRule;
}

/** `POST /admin/segments/count` → */
export interface SegmentCountAnswer {
  count: number;
}

/** `POST /admin/segments/members` body: keyset paging in address order. */
export interface SegmentMembersRequest {
  rule: SegmentRule;
  /** The `next` of the previous page. */
  after?: string;
  /** 1 to 1000 (default 100). */
  limit?: number;
}

/** One member of a segment (a `members` page, a line of an NDJSON export, a row of a CSV). */
export interface SegmentMember {
  address: string;
  /** Points over every campaign. */
  points: number;
  /** Tier rewards claimed. */
  tiers: number;
  /** Tasks completed. */
  tasks: number;
  /** The referrer of the wallet's earliest referral binding; null when never referred. */
  referrer: string | null;
  firstSeen: string;
  lastSeen: string;
}

/** `POST /admin/segments/members` → (`next` absent on the last page). */
export interface SegmentMembersAnswer {
  members: SegmentMember[];
  next?: string;
}

/** The formats of `POST /admin/segments/export?format=`. */
export const SEGMENT_EXPORT_FORMAT_NAMES = ['csv', 'ndjson', 'merkle'] as const;
/** One export format: CSV, NDJSON (one {@link SegmentMember} a line), a StandardMerkleTree dump. */
export type SegmentExportFormat = (typeof SEGMENT_EXPORT_FORMAT_NAMES)[number];

/** The header line of a CSV export. */
export const SEGMENT_CSV_COLUMNS = 'address,points,tiers,tasks,referrer,firstSeen,lastSeen';

/** A problem with a segment rule in a 400's `error.issues`, at its path (`rule.rules[1].min`). */
export interface SegmentIssue {
  path: string;
  message: string;
}
