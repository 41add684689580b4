import type { Address } from '@questboard/core';
import type { Queryable } from './db.js';
import { EVENT_COLUMNS, eventValues } from './events.js';

/**
 * Storage of the insights views: one statement each, aggregated in the database (never by
 * loading the rows). Funnel, visitors, retention and daily read the rollups that a trigger on
 * `events` keeps (migration 9: `insight_wallets`, `insight_wallet_days`, `insight_actors`);
 * tasks and referrals read the `events` log. Days are UTC dates.
 */

const int = (v: unknown) => Number(v ?? 0);
const day = (v: unknown) =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/**
 * A session and its `signed_in` event for `campaignId` in one statement (no event when the
 * sign-in names no campaign: the log is per campaign).
 */
export async function insertSessionWithEvent(
  q: Queryable,
  s: { tokenHash: string; address: Address; chainId: number; domain: string; expiresAt: string },
  campaignId: string | undefined,
): Promise<void> {
  const e = campaignId
    ? eventValues({ campaignId, type: 'signed_in', address: s.address })
    : Array.from({ length: 9 }, () => null);
  await q.query(
    `WITH session AS (
       INSERT INTO sessions (token_hash, address, chain_id, domain, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING token_hash
     )
     INSERT INTO events (${EVENT_COLUMNS})
     SELECT $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::timestamptz FROM session
     WHERE $6::text IS NOT NULL`,
    [s.tokenHash, s.address, s.chainId, s.domain, s.expiresAt, ...e],
  );
}

/** A rung of the ladder as the funnel query needs it. */
export interface FunnelTier {
  id: string;
  tasks: readonly string[];
  /** Has an unlock rule: reached = its tier_unlocked events; else every wallet seen. */
  gated: boolean;
}

export interface FunnelRow {
  tierId: string;
  reached: number;
  completed: number;
  claimed: number;
}

/** Wallets that reached, completed (every task verified) and claimed each tier. */
export async function funnelCounts(
  q: Queryable,
  campaignId: string,
  tiers: readonly FunnelTier[],
): Promise<{ seen: number; tiers: FunnelRow[] }> {
  const pairs = tiers.flatMap((t) => t.tasks.map((task) => [t.id, task] as const));
  const rows = await q.query<{
    tier_id: string | null;
    reached: unknown;
    completed: unknown;
    claimed: unknown;
  }>(
    `WITH tier AS (
       SELECT * FROM unnest($2::text[], $3::int[], $4::boolean[]) AS t(tier_id, tasks, gated)
     ), tier_task AS (
       SELECT * FROM unnest($5::text[], $6::text[]) AS tt(tier_id, task_id)
     ), seen AS (
       SELECT count(*) AS n FROM insight_wallets WHERE campaign_id = $1
     ), unlocked AS (
       SELECT subject AS tier_id, sum(events) AS n FROM insight_actors
       WHERE campaign_id = $1 AND type = 'tier_unlocked' GROUP BY subject
     ), verified AS (
       SELECT DISTINCT tt.tier_id, a.actor AS address, a.subject AS task_id FROM insight_actors a
       JOIN tier_task tt ON tt.task_id = a.subject
       WHERE a.campaign_id = $1 AND a.type = 'task_verified'
     ), completed AS (
       SELECT v.tier_id, count(*) AS n FROM (
         SELECT tier_id, address, count(*) AS done FROM verified GROUP BY tier_id, address
       ) v JOIN tier USING (tier_id) WHERE v.done >= tier.tasks GROUP BY v.tier_id
     ), claimed AS (
       SELECT subject AS tier_id, count(actor) AS n FROM insight_actors
       WHERE campaign_id = $1 AND type = 'reward_claimed' GROUP BY subject
     )
     SELECT NULL AS tier_id, n AS reached, 0 AS completed, 0 AS claimed FROM seen
     UNION ALL
     SELECT t.tier_id, CASE WHEN t.gated THEN coalesce(u.n, 0) ELSE (SELECT n FROM seen) END,
       coalesce(c.n, 0), coalesce(k.n, 0)
     FROM tier t LEFT JOIN unlocked u USING (tier_id) LEFT JOIN completed c USING (tier_id)
       LEFT JOIN claimed k USING (tier_id)`,
    [
      campaignId,
      tiers.map((t) => t.id),
      tiers.map((t) => t.tasks.length),
      tiers.map((t) => t.gated),
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    ],
  );
  const byTier = new Map(rows.filter((r) => r.tier_id !== null).map((r) => [r.tier_id!, r]));
  return {
    seen: int(rows.find((r) => r.tier_id === null)?.reached),
    tiers: tiers.map((t) => {
      const r = byTier.get(t.id);
      return {
        tierId: t.id,
        reached: int(r?.reached),
        completed: int(r?.completed),
        claimed: int(r?.claimed),
      };
    }),
  };
}

/** The top of the funnel: distinct visitors that viewed and connected, wallets that signed in. */
export async function visitorCounts(q: Queryable, campaignId: string) {
  const rows = await q.query<{ viewed: unknown; connected: unknown; signed_in: unknown }>(
    `SELECT count(actor) FILTER (WHERE type = 'viewed') AS viewed,
       count(actor) FILTER (WHERE type = 'connected') AS connected,
       count(actor) FILTER (WHERE type = 'signed_in') AS signed_in
     FROM insight_actors WHERE campaign_id = $1 AND type IN ('viewed', 'connected', 'signed_in')`,
    [campaignId],
  );
  const r = rows[0];
  return { viewed: int(r?.viewed), connected: int(r?.connected), signedIn: int(r?.signed_in) };
}

export interface TaskRow {
  taskId: string;
  started: number;
  attempted: number;
  verified: number;
  failures: number;
  reasons: { reason: string; count: number }[];
}

/** Per task: visitors that started it, wallets that tried and passed it, failures by reason. */
export async function taskCounts(q: Queryable, campaignId: string): Promise<Map<string, TaskRow>> {
  const rows = await q.query<{
    task_id: string;
    reason: string | null;
    started: unknown;
    attempted: unknown;
    verified: unknown;
    failures: unknown;
  }>(
    `SELECT task_id, NULL AS reason,
       count(DISTINCT visitor) FILTER (WHERE type = 'task_started') AS started,
       count(DISTINCT address) FILTER (WHERE type <> 'task_started') AS attempted,
       count(DISTINCT address) FILTER (WHERE type = 'task_verified') AS verified,
       count(*) FILTER (WHERE type = 'task_failed') AS failures
     FROM events
     WHERE campaign_id = $1 AND type IN ('task_started', 'task_verified', 'task_failed')
       AND task_id IS NOT NULL
     GROUP BY task_id
     UNION ALL
     SELECT task_id, reason, 0, 0, 0, count(*) FROM events
     WHERE campaign_id = $1 AND type = 'task_failed' AND task_id IS NOT NULL
     GROUP BY task_id, reason`,
    [campaignId],
  );
  const out = new Map<string, TaskRow>();
  for (const r of rows) {
    let t = out.get(r.task_id);
    if (!t) {
      t = { taskId: r.task_id, started: 0, attempted: 0, verified: 0, failures: 0, reasons: [] };
      out.set(r.task_id, t);
    }
    if (r.reason === null) {
      t.started = int(r.started);
      t.attempted = int(r.attempted);
      t.verified = int(r.verified);
      t.failures = int(r.failures);
    } else t.reasons.push({ reason: r.reason, count: int(r.failures) });
  }
  return out;
}

export const RETENTION_DAYS = [1, 7, 30] as const;

/** Per first-seen cohort (UTC day): its size and how many of it came back on day 1, 7 and 30. */
export async function retentionCounts(q: Queryable, campaignId: string) {
  const rows = await q.query<{
    cohort: unknown;
    size: unknown;
    d1: unknown;
    d7: unknown;
    d30: unknown;
  }>(
    `SELECT w.first_day AS cohort, count(*) FILTER (WHERE d.day = w.first_day) AS size,
       count(*) FILTER (WHERE d.day = w.first_day + 1) AS d1,
       count(*) FILTER (WHERE d.day = w.first_day + 7) AS d7,
       count(*) FILTER (WHERE d.day = w.first_day + 30) AS d30
     FROM insight_wallets w JOIN insight_wallet_days d USING (campaign_id, address)
     WHERE w.campaign_id = $1
     GROUP BY w.first_day ORDER BY w.first_day`,
    [campaignId],
  );
  return rows.map((r) => ({
    cohort: day(r.cohort),
    size: int(r.size),
    d1: int(r.d1),
    d7: int(r.d7),
    d30: int(r.d30),
  }));
}

/** Per UTC day: wallets active for the first time, and active wallets first seen before. */
export async function dailyWallets(q: Queryable, campaignId: string) {
  const rows = await q.query<{ day: unknown; new: unknown; returning: unknown }>(
    `SELECT d.day, count(*) FILTER (WHERE d.day = w.first_day) AS new,
       count(*) FILTER (WHERE d.day > w.first_day) AS returning
     FROM insight_wallet_days d JOIN insight_wallets w USING (campaign_id, address)
     WHERE d.campaign_id = $1
     GROUP BY d.day ORDER BY d.day`,
    [campaignId],
  );
  return rows.map((r) => ({ day: day(r.day), new: int(r.new), returning: int(r.returning) }));
}

/**
 * The referral funnel: wallets bound to a referrer, and those whose referral qualified, overall
 * and per referrer (`detail.referrer`, lowercase), the top `top` referrers by qualified then bound.
 */
export async function referralCounts(q: Queryable, campaignId: string, top: number) {
  const rows = await q.query<{
    total: number;
    referrer: string | null;
    bound: unknown;
    qualified: unknown;
  }>(
    `SELECT GROUPING(detail->>'referrer') AS total, detail->>'referrer' AS referrer,
       count(DISTINCT address) FILTER (WHERE type = 'referral_bound') AS bound,
       count(DISTINCT address) FILTER (WHERE type = 'referral_qualified') AS qualified
     FROM events WHERE campaign_id = $1 AND type IN ('referral_bound', 'referral_qualified')
     GROUP BY GROUPING SETS ((detail->>'referrer'), ())
     ORDER BY 1 DESC, 4 DESC, 3 DESC, 2 LIMIT $2`,
    [campaignId, top + 1],
  );
  // The grand total (GROUPING = 1) sorts first.
  const total = rows.find((r) => Number(r.total) === 1);
  return {
    bound: int(total?.bound),
    qualified: int(total?.qualified),
    referrers: rows
      .filter((r) => Number(r.total) === 0 && r.referrer !== null)
      .map((r) => ({ referrer: r.referrer!, bound: int(r.bound), qualified: int(r.qualified) })),
  };
}
