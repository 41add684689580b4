import {
  type Address,
  type LeaderboardPeriod,
  type LeaderboardRankResponse,
  type LeaderboardResponse,
  leaderboardPeriod,
} from '@questboard/core';
import type { Db } from '../db.js';
import { type Board, boardPage, type Position, rankOf } from '../store-leaderboard.js';
import type { CampaignService } from './campaigns.js';

/**
 * What a leaderboard cursor carries: the board it belongs to (period and its key, so paging
 * keeps to the board it started on even when the period turns meanwhile) and the position of
 * the previous page's last entry. Encoded as base64url JSON; opaque to clients.
 */
export interface LeaderboardCursor extends Position {
  period: LeaderboardPeriod;
  /** The period's key; '' for `all`. */
  key: string;
}

const MAX_CURSOR_LENGTH = 400;
const KEY = /^(?:|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|\d{4}-W\d{4}-\d{2}-\d{2})$/;
const MICROS = /^-?\d{1,19}$/;
const LOWER_ADDRESS = /^0x[0-9a-f]{40}$/;
const PERIODS: readonly string[] = ['all', 'day', 'week', 'month'];

export function encodeCursor(cursor: LeaderboardCursor): string {
  const { period, key, points, micros, address } = cursor;
  return Buffer.from(JSON.stringify([period, key, points, micros, address])).toString('base64url');
}

/** The cursor, or a sentence saying what is wrong with it (for a 400 naming `cursor`). */
export function decodeCursor(raw: string): LeaderboardCursor | string {
  const invalid =
    'Query parameter "cursor" is not a cursor this server issued: start from the first page.';
  if (raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) return invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return invalid;
  const [period, key, points, micros, address] = parsed as unknown[];
  if (
    typeof period !== 'string' ||
    !PERIODS.includes(period) ||
    typeof key !== 'string' ||
    !KEY.test(key) ||
    (period === 'all') !== (key === '') ||
    typeof points !== 'number' ||
    !Number.isInteger(points) ||
    points <= 0 ||
    points > 2 ** 31 - 1 ||
    typeof micros !== 'string' ||
    !MICROS.test(micros) ||
    typeof address !== 'string' ||
    !LOWER_ADDRESS.test(address)
  )
    return invalid;
  return { period: period as LeaderboardPeriod, key, points, micros, address };
}

/** Boards of a campaign: pages, ranks, the visitor's own entry. */
export class LeaderboardService {
  constructor(
    private readonly db: Db,
    private readonly campaigns: CampaignService,
    private readonly now: () => number,
  ) {}

  /** The board `period` shows now (or the one a cursor belongs to). */
  private async board(campaignId: string, period: LeaderboardPeriod, key?: string) {
    const campaign = await this.campaigns.live(campaignId);
    if (period === 'all') return { board: { campaignId, unit: 'all' } as Board, meta: {} };
    const current = leaderboardPeriod(campaign, period, this.now())!;
    const chosen = key ?? current.key;
    return {
      board: { campaignId, unit: period, key: chosen } as Board,
      meta:
        chosen === current.key
          ? {
              key: chosen,
              start: new Date(current.start).toISOString(),
              end: new Date(current.end).toISOString(),
            }
          : { key: chosen },
    };
  }

  async page(
    campaignId: string,
    query: {
      period: LeaderboardPeriod;
      cursor?: LeaderboardCursor;
      limit: number;
      address?: Address;
    },
  ): Promise<LeaderboardResponse> {
    const { cursor, period, limit, address } = query;
    const { board, meta } = await this.board(campaignId, period, cursor?.key);
    const [page, me] = await Promise.all([
      boardPage(this.db, board, cursor, limit, !cursor),
      address ? rankOf(this.db, board, address) : undefined,
    ]);
    const key = board.unit === 'all' ? '' : board.key;
    return {
      period,
      ...meta,
      entries: page.entries,
      ...(page.total !== undefined ? { total: page.total } : {}),
      ...(page.next ? { next: encodeCursor({ period, key, ...page.next }) } : {}),
      ...(address ? { me: me ?? null } : {}),
    };
  }

  async rank(
    campaignId: string,
    period: LeaderboardPeriod,
    address: Address,
  ): Promise<LeaderboardRankResponse> {
    const { board, meta } = await this.board(campaignId, period);
    return {
      period,
      ...('key' in meta ? { key: meta.key } : {}),
      entry: await rankOf(this.db, board, address),
    };
  }
}
