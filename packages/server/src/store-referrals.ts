// Referral storage (migration 6): codes, bindings, qualification. Policy lives in
// @questboard/core's referrals.ts; these statements only read facts and record outcomes.
import { type Address, addCompletion, emptyProgress, type Progress } from '@questboard/core';
import type { Queryable } from './db.js';

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const ms = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).getTime();

/** The address's code in the campaign, if it has one. */
export async function codeOf(
  q: Queryable,
  campaignId: string,
  address: Address,
): Promise<string | undefined> {
  const rows = await q.query<{ code: string }>(
    'SELECT code FROM referral_codes WHERE campaign_id = $1 AND address = $2',
    [campaignId, address],
  );
  return rows[0]?.code;
}

/**
 * Gives the address `code` unless it has one; returns the address's code, or `undefined` when
 * `code` was taken by another address (the caller draws another).
 */
export async function issueCode(
  q: Queryable,
  campaignId: string,
  address: Address,
  code: string,
): Promise<string | undefined> {
  await q.query(
    `INSERT INTO referral_codes (campaign_id, address, code) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [campaignId, address, code],
  );
  return codeOf(q, campaignId, address);
}

/** Who owns `code` in the campaign. */
export async function ownerOfCode(
  q: Queryable,
  campaignId: string,
  code: string,
): Promise<Address | undefined> {
  const rows = await q.query<{ address: Address }>(
    'SELECT address FROM referral_codes WHERE campaign_id = $1 AND code = $2',
    [campaignId, code],
  );
  return rows[0]?.address;
}

/** Serialises bindings to one referrer (inside a transaction), so its cap cannot be raced past. */
export async function lockReferrer(q: Queryable, campaignId: string, referrer: Address) {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('referrer|' || $1), hashtext($2))", [
    campaignId,
    referrer,
  ]);
}

export interface ReferralRow {
  referee: Address;
  referrer: Address;
  code: string;
  boundAt: number;
  qualifiedAt: number | undefined;
}

const rowOf = (r: {
  referee: Address;
  referrer: Address;
  code: string;
  bound_at: unknown;
  qualified_at: unknown;
}): ReferralRow => ({
  referee: r.referee,
  referrer: r.referrer,
  code: r.code,
  boundAt: ms(r.bound_at),
  qualifiedAt:
    r.qualified_at === null || r.qualified_at === undefined ? undefined : ms(r.qualified_at),
});

/** The referee's binding; with `forUpdate` (inside a transaction) its row stays locked. */
export async function bindingOf(
  q: Queryable,
  campaignId: string,
  referee: Address,
  forUpdate = false,
): Promise<ReferralRow | undefined> {
  const rows = await q.query<Parameters<typeof rowOf>[0]>(
    `SELECT referee, referrer, code, bound_at, qualified_at FROM referrals
       WHERE campaign_id = $1 AND referee = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [campaignId, referee],
  );
  return rows[0] ? rowOf(rows[0]) : undefined;
}

/** The facts a binding is judged on, in one round trip. */
export async function bindFacts(
  q: Queryable,
  campaignId: string,
  referee: Address,
  referrer: Address,
): Promise<{ bound: boolean; hasProgress: boolean; referrerCount: number }> {
  const rows = await q.query<{ bound: boolean; has_progress: boolean; n: number }>(
    `SELECT
       EXISTS (SELECT 1 FROM referrals WHERE campaign_id = $1 AND referee = $2) AS bound,
       EXISTS (SELECT 1 FROM completions WHERE campaign_id = $1 AND address = $2) AS has_progress,
       (SELECT count(*)::int FROM referrals WHERE campaign_id = $1 AND referrer = $3) AS n`,
    [campaignId, referee, referrer],
  );
  const r = rows[0]!;
  return { bound: r.bound, hasProgress: r.has_progress, referrerCount: r.n };
}

/**
 * The conflict target of the unique index `events_referral_once` (migration 11): one
 * `referral_bound` and one `referral_qualified` per referee and campaign.
 */
export const REFERRAL_EVENT_ONCE = `ON CONFLICT (campaign_id, type, address)
  WHERE type IN ('referral_bound', 'referral_qualified') DO NOTHING`;

/**
 * Records a binding and its `referral_bound` event (address = the referee, `detail.referrer` =
 * the referrer, both lowercase; at = the binding's time) in one statement; false when the
 * referee was bound meanwhile (the primary key decides, and then no event is written).
 */
export async function insertBinding(
  q: Queryable,
  campaignId: string,
  b: { referee: Address; referrer: Address; code: string; at: Date },
): Promise<boolean> {
  const rows = await q.query(
    `WITH bound AS (
       INSERT INTO referrals (campaign_id, referee, referrer, code, bound_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (campaign_id, referee) DO NOTHING
       RETURNING referee, referrer, bound_at
     ), logged AS (
       INSERT INTO events (campaign_id, type, address, detail, at)
       SELECT $1, 'referral_bound', lower(referee), jsonb_build_object('referrer', lower(referrer)),
         bound_at FROM bound
       ${REFERRAL_EVENT_ONCE}
     )
     SELECT referee FROM bound`,
    [campaignId, b.referee, b.referrer, b.code, b.at.toISOString()],
  );
  return rows.length === 1;
}

/**
 * Marks the referral qualified, enters the referrer's points and writes `referral_qualified`
 * (address = the referee, `detail.referrer`, lowercase; at = the qualification's time), in one
 * statement: only the update of a still-unqualified row appends to the ledger (whose
 * `referral:<referee>` reason is unique as well) and to the event log (one per referee, unique
 * index), so the points and the event enter once however many verifies race.
 */
export async function markQualified(
  q: Queryable,
  campaignId: string,
  referee: Address,
  points: number,
  at: Date,
): Promise<boolean> {
  const rows = await q.query<{ referrer: string }>(
    `WITH q AS (
       UPDATE referrals SET qualified_at = $4
         WHERE campaign_id = $1 AND referee = $2 AND qualified_at IS NULL
         RETURNING referee, referrer, qualified_at
     ), ledger AS (
       INSERT INTO points_ledger (campaign_id, address, delta, reason)
       SELECT $1, referrer, $3, 'referral:' || $2 FROM q WHERE $3 > 0
     ), total AS (
       INSERT INTO points_totals (campaign_id, address, points, updated_at)
       SELECT $1, referrer, $3, $4 FROM q WHERE $3 > 0
       ON CONFLICT (campaign_id, address) DO UPDATE
         SET points = points_totals.points + EXCLUDED.points, updated_at = EXCLUDED.updated_at
     ), logged AS (
       INSERT INTO events (campaign_id, type, address, detail, at)
       SELECT $1, 'referral_qualified', lower(referee), jsonb_build_object('referrer', lower(referrer)),
         qualified_at FROM q
       ${REFERRAL_EVENT_ONCE}
     )
     SELECT referrer FROM q`,
    [campaignId, referee, points, at.toISOString()],
  );
  return rows.length === 1;
}

/** The referrer's referees, newest first (at most `limit`). */
export async function referralsOf(
  q: Queryable,
  campaignId: string,
  referrer: Address,
  limit: number,
): Promise<ReferralRow[]> {
  const rows = await q.query<Parameters<typeof rowOf>[0]>(
    `SELECT referee, referrer, code, bound_at, qualified_at FROM referrals
       WHERE campaign_id = $1 AND referrer = $2 ORDER BY bound_at DESC, referee LIMIT $3`,
    [campaignId, referrer, limit],
  );
  return rows.map(rowOf);
}

/** The completions of several addresses at once, as progress per address. */
export async function progressOfMany(
  q: Queryable,
  campaignId: string,
  addresses: readonly Address[],
): Promise<Map<Address, Progress>> {
  const out = new Map<Address, Progress>(addresses.map((a) => [a, emptyProgress(campaignId, a)]));
  if (addresses.length === 0) return out;
  const rows = await q.query<{
    address: Address;
    task_id: string;
    period: string;
    points: number;
    completed_at: unknown;
  }>(
    `SELECT address, task_id, period, points, completed_at FROM completions
       WHERE campaign_id = $1 AND address = ANY($2::text[])`,
    [campaignId, addresses],
  );
  for (const r of rows) {
    const progress = out.get(r.address);
    if (progress)
      addCompletion(progress, r.task_id, r.period, { at: iso(r.completed_at), points: r.points });
  }
  return out;
}
