import type { Address, Campaign } from './campaign/campaign.js';
import { periodOf } from './schedule.js';

/**
 * Leaderboards: one all-time board and one per calendar period (in the campaign's `timeZone`,
 * periods starting at local midnight, weeks on Monday — the same periods as `periodOf`).
 *
 * Order (the same on every backend): points descending, then the moment the wallet reached its
 * current total ascending (who got there first ranks higher), then the address ascending
 * (lower-case hex). Only wallets with more than 0 points are ranked. Ranks are positions in
 * that order: 1, 2, 3 … with no shared ranks.
 */
export const LEADERBOARD_PERIODS = ['all', 'day', 'week', 'month'] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

/** Largest (and default) `limit` of one leaderboard page. */
export const MAX_LEADERBOARD_LIMIT = 100;
export const DEFAULT_LEADERBOARD_LIMIT = 25;

export interface LeaderboardEntry {
  /** 1-based position in the board's order. */
  rank: number;
  address: Address;
  points: number;
}

/** A page of a board, as `GET /campaigns/{id}/leaderboard` answers it. */
export interface LeaderboardPage {
  period: LeaderboardPeriod;
  /** The calendar period shown (`periodOf` key, e.g. `2026-12-02`); absent for `all`. */
  key?: string;
  /** The period's start and end (ISO 8601, end exclusive); absent for `all`. */
  start?: string;
  end?: string;
  entries: LeaderboardEntry[];
  /** Ranked wallets on the board: on the first page only (counting costs a scan). */
  total?: number;
  /** Opaque cursor of the next page; absent on the last page. */
  next?: string;
  /**
   * The entry of the `address` the request asked about (the visitor), wherever it ranks;
   * `null` when that wallet has no points on this board. Absent when no address was given.
   */
  me?: LeaderboardEntry | null;
}

export interface LeaderboardQuery {
  /** Default `all`. */
  period?: LeaderboardPeriod;
  /** `next` of the previous page. */
  cursor?: string;
  /** 1 to {@link MAX_LEADERBOARD_LIMIT}, default {@link DEFAULT_LEADERBOARD_LIMIT}. */
  limit?: number;
  /** Include this wallet's own entry as `me` (for pinning the visitor's row). */
  address?: Address;
  signal?: AbortSignal;
}

/** One wallet's standing on a board before ranking. */
export interface LeaderboardStanding {
  address: Address;
  points: number;
  /** When the wallet reached its current total (Unix ms). */
  reachedAt: number;
}

/** The board order: points desc, reached-at asc, lower-case address asc. */
export function compareStandings(a: LeaderboardStanding, b: LeaderboardStanding): number {
  if (a.points !== b.points) return b.points - a.points;
  if (a.reachedAt !== b.reachedAt) return a.reachedAt - b.reachedAt;
  const x = a.address.toLowerCase();
  const y = b.address.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The calendar period a board covers at `now` (undefined for `all`). */
export function leaderboardPeriod(
  campaign: Pick<Campaign, 'timeZone'>,
  period: LeaderboardPeriod,
  now: number,
): { key: string; start: number; end: number } | undefined {
  if (period === 'all') return undefined;
  const { key, start, end } = periodOf({ every: period }, now, campaign.timeZone ?? 'UTC');
  return { key, start, end };
}

/** A completion as a ledger entry: when it counted and what it was worth. */
export interface LedgerEntry {
  address: Address;
  points: number;
  /** Unix ms. */
  at: number;
}

/**
 * Each wallet's standing from its ledger entries (those at `start` ≤ at < `end` when given):
 * the sum of points, reached at its latest entry. Wallets at 0 points or less are left out.
 */
export function standingsOf(
  ledger: Iterable<LedgerEntry>,
  range?: { start: number; end: number },
): LeaderboardStanding[] {
  const byAddress = new Map<string, LeaderboardStanding>();
  for (const e of ledger) {
    if (range && (e.at < range.start || e.at >= range.end)) continue;
    const key = e.address.toLowerCase();
    const s = byAddress.get(key);
    if (s) {
      s.points += e.points;
      s.reachedAt = Math.max(s.reachedAt, e.at);
    } else byAddress.set(key, { address: e.address, points: e.points, reachedAt: e.at });
  }
  return [...byAddress.values()].filter((s) => s.points > 0).sort(compareStandings);
}

const encodePosition = (period: LeaderboardPeriod, key: string, s: LeaderboardStanding) =>
  btoa(JSON.stringify([period, key, s.points, s.reachedAt, s.address.toLowerCase()]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function decodePosition(cursor: string): [string, string, LeaderboardStanding] | undefined {
  try {
    const raw = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (!Array.isArray(raw) || raw.length !== 5) return undefined;
    const [period, key, points, reachedAt, address] = raw;
    if (
      typeof period !== 'string' ||
      typeof key !== 'string' ||
      !Number.isFinite(points) ||
      !Number.isFinite(reachedAt) ||
      typeof address !== 'string'
    )
      return undefined;
    return [period, key, { points, reachedAt, address: address as Address }];
  } catch {
    return undefined;
  }
}

/**
 * A keyset page of sorted `standings` (a backend without a database: the memory backend), in
 * the shape the server answers. Throws `RangeError` naming `cursor` for a cursor it did not issue.
 */
export function pageOfStandings(
  standings: readonly LeaderboardStanding[],
  query: {
    period: LeaderboardPeriod;
    key?: string;
    cursor?: string;
    limit: number;
    address?: Address;
  },
): Pick<LeaderboardPage, 'entries' | 'total' | 'next' | 'me'> {
  let from = 0;
  if (query.cursor !== undefined) {
    const decoded = decodePosition(query.cursor);
    if (!decoded || decoded[0] !== query.period || decoded[1] !== (query.key ?? ''))
      throw new RangeError('cursor: not a cursor of this board; start from the first page');
    const position = decoded[2];
    from = standings.findIndex((s) => compareStandings(s, position) > 0);
    if (from < 0) from = standings.length;
  }
  const slice = standings.slice(from, from + query.limit);
  const entries = slice.map((s, i) => ({
    rank: from + i + 1,
    address: s.address,
    points: s.points,
  }));
  const last = slice.at(-1);
  const me = query.address?.toLowerCase();
  const mine = me === undefined ? -1 : standings.findIndex((s) => s.address.toLowerCase() === me);
  return {
    entries,
    ...(query.cursor === undefined ? { total: standings.length } : {}),
    ...(last && from + query.limit < standings.length
      ? { next: encodePosition(query.period, query.key ?? '', last) }
      : {}),
    ...(me !== undefined
      ? {
          me:
            mine < 0
              ? null
              : {
                  rank: mine + 1,
                  address: standings[mine]!.address,
                  points: standings[mine]!.points,
                },
        }
      : {}),
  };
}
