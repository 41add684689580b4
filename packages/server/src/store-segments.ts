import type { Queryable } from './db.js';
import { compileSegment, type SegmentRule, UNIVERSE } from './segments.js';

/**
 * Saved segments (migration 10): named segment rules, what a campaign tier's `unlock.segment`
 * names. Every function takes the database or an open transaction.
 */

/** A saved segment's name: a campaign id's charset (1–64 letters, digits, `-`, `_`). */
export const SEGMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface SavedSegment {
  name: string;
  rule: SegmentRule;
  createdAt: string;
  updatedAt: string;
}

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

type Row = { name: string; rule: unknown; created_at: unknown; updated_at: unknown };
const toSegment = (r: Row): SavedSegment => ({
  name: r.name,
  rule: parseJson<SegmentRule>(r.rule),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** Creates or replaces a segment; `created` says which. */
export async function putSegment(
  q: Queryable,
  name: string,
  rule: SegmentRule,
): Promise<{ segment: SavedSegment; created: boolean }> {
  const rows = await q.query<Row & { created: boolean }>(
    `INSERT INTO segments (name, rule) VALUES ($1, $2::jsonb)
     ON CONFLICT (name) DO UPDATE SET rule = EXCLUDED.rule, updated_at = now()
     RETURNING name, rule, created_at, updated_at, (xmax = 0) AS created`,
    [name, JSON.stringify(rule)],
  );
  const row = rows[0]!;
  return { segment: toSegment(row), created: row.created };
}

export async function getSegment(q: Queryable, name: string): Promise<SavedSegment | null> {
  const rows = await q.query<Row>(
    'SELECT name, rule, created_at, updated_at FROM segments WHERE name = $1',
    [name],
  );
  return rows[0] ? toSegment(rows[0]) : null;
}

/** Every saved segment, by name. */
export async function listSegments(q: Queryable): Promise<SavedSegment[]> {
  const rows = await q.query<Row>(
    'SELECT name, rule, created_at, updated_at FROM segments ORDER BY name',
  );
  return rows.map(toSegment);
}

/**
 * The names among `names` that are saved, locking their rows against a concurrent delete until
 * the transaction ends (a campaign naming them is stored in the same transaction).
 */
export async function lockSegments(q: Queryable, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await q.query<{ name: string }>(
    'SELECT name FROM segments WHERE name = ANY($1::text[]) ORDER BY name FOR SHARE',
    [[...names]],
  );
  return new Set(rows.map((r) => r.name));
}

/** Live (not archived) campaigns with a tier whose `unlock.segment` is `name`, by id. */
export async function campaignsUsingSegment(q: Queryable, name: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM campaigns
     WHERE NOT archived
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(body->'tiers') t WHERE t->'unlock'->>'segment' = $1)
     ORDER BY id`,
    [name],
  );
  return rows.map((r) => r.id);
}

/** Deletes a segment, its row locked first (so a campaign being published waits or sees it gone). */
export async function lockSegmentForDelete(q: Queryable, name: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM segments WHERE name = $1 FOR UPDATE', [name]);
  return rows.length === 1;
}

export async function deleteSegment(q: Queryable, name: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM segments WHERE name = $1 RETURNING name', [name]);
  return rows.length === 1;
}

/**
 * Whether `address` is in the segment: its compiled SQL over a universe of that one wallet
 * (one statement). A wallet the server has never seen complete anything is in no segment.
 */
export async function segmentHas(
  q: Queryable,
  rule: SegmentRule,
  address: string,
): Promise<boolean> {
  const params: unknown[] = [];
  const { where } = compileSegment(rule, params);
  params.push(address);
  const rows = await q.query<{ member: boolean }>(
    `WITH w AS (SELECT * FROM (${UNIVERSE}) u WHERE u.address = $${params.length})
     SELECT EXISTS (SELECT 1 FROM w WHERE ${where}) AS member`,
    params,
  );
  return rows[0]?.member === true;
}
