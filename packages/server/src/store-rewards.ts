// SQL for rewards: what a claim delivered (vouchers, token ledger, allowlists) and the closed
// distribution rounds. Tables from the "rewards" migration.
import type { Address, RewardDelivery } from '@questboard/core';
import type { Queryable } from './db.js';

const iso = (value: unknown) =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();

/** A claim to record, with what it delivers (null: a credential reward, nothing to store). */
export interface ClaimInsert {
  campaignId: string;
  tierId: string;
  address: Address;
  delivery: Exclude<RewardDelivery, { kind: 'credential' }> | null;
}

/**
 * Records a claim and what it delivered in one transaction's statements: the claim row (true
 * when it is new) and the delivery, once per (campaign, tier, address) whatever runs at the same
 * time. Returns whether the claim is new and the delivery as stored (the first one recorded,
 * which a concurrent claim may have written: it then wins and is answered to everyone).
 */
export async function insertClaimDelivery(
  q: Queryable,
  row: ClaimInsert,
): Promise<{ firstClaim: boolean; delivery: RewardDelivery | null }> {
  const claimed = await q.query(
    `INSERT INTO claims (campaign_id, tier_id, address) VALUES ($1, $2, $3)
     ON CONFLICT (campaign_id, tier_id, address) DO NOTHING RETURNING tier_id`,
    [row.campaignId, row.tierId, row.address],
  );
  const firstClaim = claimed.length === 1;
  if (!row.delivery) return { firstClaim, delivery: null };
  const d = row.delivery;
  await q.query(
    `INSERT INTO reward_deliveries (campaign_id, tier_id, address, kind, chain_id, contract, amount, list, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9::jsonb)
     ON CONFLICT (campaign_id, tier_id, address) DO NOTHING`,
    [
      row.campaignId,
      row.tierId,
      row.address,
      d.kind,
      d.kind === 'allowlist' ? null : d.chainId,
      d.kind === 'allowlist' ? null : d.contract.toLowerCase(),
      d.kind === 'token' ? d.amount : null,
      d.kind === 'allowlist' ? d.list : null,
      JSON.stringify(d),
    ],
  );
  // A separate statement: under READ COMMITTED it sees the row a concurrent claim committed.
  return { firstClaim, delivery: await deliveryOf(q, row.campaignId, row.tierId, row.address) };
}

/** The delivery recorded for a claim, or null. */
export async function deliveryOf(
  q: Queryable,
  campaignId: string,
  tierId: string,
  address: Address,
): Promise<RewardDelivery | null> {
  const rows = await q.query<{ body: RewardDelivery | string }>(
    'SELECT body FROM reward_deliveries WHERE campaign_id = $1 AND tier_id = $2 AND address = $3',
    [campaignId, tierId, address],
  );
  const body = rows[0]?.body;
  if (body === undefined) return null;
  return typeof body === 'string' ? (JSON.parse(body) as RewardDelivery) : body;
}

/** The token ledger of one drop in a campaign: every claimed token tier, per address. */
export async function tokenLedger(
  q: Queryable,
  campaignId: string,
  chainId: number,
  contract: string,
): Promise<{ address: Address; amount: string }[]> {
  return q.query<{ address: Address; amount: string }>(
    `SELECT address, amount::text AS amount FROM reward_deliveries
     WHERE campaign_id = $1 AND kind = 'token' AND chain_id = $2 AND contract = $3
     ORDER BY address, tier_id`,
    [campaignId, chainId, contract.toLowerCase()],
  );
}

/** Every address that claimed a tier of the campaign's allowlist `list`, sorted. */
export async function allowlistOf(
  q: Queryable,
  campaignId: string,
  list: string,
): Promise<Address[]> {
  const rows = await q.query<{ address: Address }>(
    `SELECT DISTINCT lower(address) AS key, address FROM reward_deliveries
     WHERE campaign_id = $1 AND kind = 'allowlist' AND list = $2 ORDER BY key`,
    [campaignId, list],
  );
  return rows.map((r) => r.address);
}

/** A closed round as stored. */
export interface RoundRow {
  campaignId: string;
  round: number;
  chainId: number;
  contract: string;
  root: `0x${string}`;
  /** Base units, decimal. */
  total: string;
  count: number;
  closedAt: string;
}

interface RawRound {
  campaign_id: string;
  round: number;
  chain_id: string | number;
  contract: string;
  root: `0x${string}`;
  total: string;
  count: number;
  closed_at: unknown;
}

const ROUND_COLUMNS =
  'campaign_id, round, chain_id, contract, root, total::text AS total, count, closed_at';

const toRound = (r: RawRound): RoundRow => ({
  campaignId: r.campaign_id,
  round: Number(r.round),
  chainId: Number(r.chain_id),
  contract: r.contract,
  root: r.root,
  total: r.total,
  count: Number(r.count),
  closedAt: iso(r.closed_at),
});

/** The campaign's rounds, oldest first. */
export async function listRounds(q: Queryable, campaignId: string): Promise<RoundRow[]> {
  const rows = await q.query<RawRound>(
    `SELECT ${ROUND_COLUMNS} FROM reward_rounds WHERE campaign_id = $1 ORDER BY round`,
    [campaignId],
  );
  return rows.map(toRound);
}

/** The latest round of one drop of the campaign, or null. */
export async function latestRound(
  q: Queryable,
  campaignId: string,
  chainId: number,
  contract: string,
): Promise<RoundRow | null> {
  const rows = await q.query<RawRound>(
    `SELECT ${ROUND_COLUMNS} FROM reward_rounds
     WHERE campaign_id = $1 AND chain_id = $2 AND contract = $3 ORDER BY round DESC LIMIT 1`,
    [campaignId, chainId, contract.toLowerCase()],
  );
  return rows[0] ? toRound(rows[0]) : null;
}

export async function getRound(
  q: Queryable,
  campaignId: string,
  round: number,
): Promise<RoundRow | null> {
  const rows = await q.query<RawRound>(
    `SELECT ${ROUND_COLUMNS} FROM reward_rounds WHERE campaign_id = $1 AND round = $2`,
    [campaignId, round],
  );
  return rows[0] ? toRound(rows[0]) : null;
}

/** A round's stored tree dump (JSON), or null. */
export async function roundDumpOf(
  q: Queryable,
  campaignId: string,
  round: number,
): Promise<unknown | null> {
  const rows = await q.query<{ dump: unknown }>(
    'SELECT dump FROM reward_rounds WHERE campaign_id = $1 AND round = $2',
    [campaignId, round],
  );
  const dump = rows[0]?.dump;
  if (dump === undefined) return null;
  return typeof dump === 'string' ? JSON.parse(dump) : dump;
}

/**
 * Serialises round closing of one campaign for the rest of the transaction (a row lock on the
 * campaign), so two closings at once cannot both take the next number.
 */
export async function lockCampaignRounds(q: Queryable, campaignId: string): Promise<void> {
  await q.query('SELECT id FROM campaigns WHERE id = $1 FOR UPDATE', [campaignId]);
}

/** Stores a new round numbered after the campaign's last; returns it. */
export async function insertRound(
  q: Queryable,
  r: {
    campaignId: string;
    chainId: number;
    contract: string;
    root: `0x${string}`;
    total: string;
    count: number;
    dump: unknown;
  },
): Promise<RoundRow> {
  const rows = await q.query<RawRound>(
    `INSERT INTO reward_rounds (campaign_id, round, chain_id, contract, root, total, count, dump)
     SELECT $1, coalesce(max(round), 0) + 1, $2, $3, $4, $5::numeric, $6, $7::jsonb
       FROM reward_rounds WHERE campaign_id = $1
     RETURNING ${ROUND_COLUMNS}`,
    [
      r.campaignId,
      r.chainId,
      r.contract.toLowerCase(),
      r.root,
      r.total,
      r.count,
      JSON.stringify(r.dump),
    ],
  );
  return toRound(rows[0]!);
}
