import type { Address, LeaderboardEntry } from '@questboard/core';
import type { Queryable } from './db.js';

/**
 * Leaderboard queries (migration 7). A board is the all-time totals (`points_totals`) or one
 * calendar period's totals (`leaderboard_periods`); both are ordered by the same key —
 * `(-points, updated_at, lower(address))` — which their keyset indexes hold, so a page is one
 * index range scan and a rank is an index-only count up to a position.
 */

/** Which board: all-time, or one period (`unit` + `periodOf` key). */
export type Board =
  | { campaignId: string; unit: 'all' }
  | { campaignId: string; unit: 'day' | 'week' | 'month'; key: string };

/** A place in the board order: the last entry of a page (what a cursor carries). */
export interface Position {
  points: number;
  /** `updated_at` in microseconds since the epoch, as decimal digits (exact). */
  micros: string;
  /** Lower-case address. */
  address: string;
}

const ORDER_KEY = `(-points, updated_at, (lower(address) COLLATE "C"))`;
const positionSql = (p: number) =>
  `(-$${p}::integer, timestamptz 'epoch' + $${p + 1}::bigint * interval '1 microsecond', $${p + 2}::text COLLATE "C")`;

/** FROM + WHERE of a board, its parameters starting at $1. */
function source(board: Board): { sql: string; params: unknown[] } {
  return board.unit === 'all'
    ? { sql: 'points_totals WHERE campaign_id = $1 AND points > 0', params: [board.campaignId] }
    : {
        sql: 'leaderboard_periods WHERE campaign_id = $1 AND unit = $2 AND key = $3 AND points > 0',
        params: [board.campaignId, board.unit, board.key],
      };
}

interface Row {
  address: Address;
  points: number;
  micros: string;
}

const MICROS = `(extract(epoch FROM updated_at) * 1000000)::bigint::text AS micros`;

export interface BoardPage {
  entries: LeaderboardEntry[];
  /** Position of the last entry, when another page follows. */
  next?: Position;
  /** Ranked wallets on the board (when asked for). */
  total?: number;
}

/**
 * One page after `after` (the first page without it), in one statement: the rows, the count of
 * rows up to `after` (so ranks stay exact on deep pages) and, when `withTotal`, the board's size.
 */
export async function boardPage(
  q: Queryable,
  board: Board,
  after: Position | undefined,
  limit: number,
  withTotal: boolean,
): Promise<BoardPage> {
  const src = source(board);
  const params = [...src.params];
  let before = '0';
  let cursorWhere = '';
  if (after) {
    const p = params.length + 1;
    params.push(after.points, after.micros, after.address);
    cursorWhere = ` AND ${ORDER_KEY} > ${positionSql(p)}`;
    before = `(SELECT count(*) FROM ${src.sql} AND ${ORDER_KEY} <= ${positionSql(p)})`;
  }
  params.push(limit + 1);
  const rows = await q.query<Row & { before: string | number; total: string | number | null }>(
    `SELECT address, points, ${MICROS}, ${before}::int AS before,
            ${withTotal ? `(SELECT count(*) FROM ${src.sql})::int` : 'NULL::int'} AS total
       FROM ${src.sql}${cursorWhere}
      ORDER BY ${ORDER_KEY} LIMIT $${params.length}`,
    params,
  );
  let total: number | undefined;
  if (withTotal) {
    if (rows[0]) total = Number(rows[0].total);
    else {
      const counted = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${src.sql}`,
        src.params,
      );
      total = counted[0]?.n ?? 0;
    }
  }
  const offset = rows[0] ? Number(rows[0].before) : 0;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map((r, i) => ({ rank: offset + i + 1, address: r.address, points: r.points })),
    ...(rows.length > limit && last
      ? {
          next: { points: last.points, micros: last.micros, address: last.address.toLowerCase() },
        }
      : {}),
    ...(total !== undefined ? { total } : {}),
  };
}

/** The entry of one address, wherever it ranks; null when it has no points on the board. */
export async function rankOf(
  q: Queryable,
  board: Board,
  address: Address,
): Promise<LeaderboardEntry | null> {
  const src = source(board);
  const a = src.params.length + 1;
  const rows = await q.query<{ address: Address; points: number; rank: number }>(
    `WITH me AS (SELECT address, points, updated_at FROM ${src.sql} AND address = $${a})
     SELECT me.address, me.points,
            (SELECT count(*) FROM ${src.sql}
               AND ${ORDER_KEY} < (-me.points, me.updated_at, (lower(me.address) COLLATE "C")))::int + 1 AS rank
       FROM me`,
    [...src.params, address],
  );
  const row = rows[0];
  return row ? { rank: row.rank, address: row.address, points: row.points } : null;
}
