import { createRoute } from '@hono/zod-openapi';
import {
  DEFAULT_LEADERBOARD_LIMIT,
  LEADERBOARD_PERIODS,
  type LeaderboardRankResponse,
  type LeaderboardResponse,
  MAX_LEADERBOARD_LIMIT,
} from '@questboard/core';
import { getAddress } from 'viem';
import type { AppContext } from '../context.js';
import { badRequest } from '../http-error.js';
import { decodeCursor, type LeaderboardCursor } from '../service/leaderboard.js';
import {
  ADDRESS_PATTERN,
  Address,
  campaignIdParam,
  errors,
  intQuery,
  json,
  routeApp,
  z,
} from './schemas.js';

const periodQuery = z
  .enum(LEADERBOARD_PERIODS, {
    error: () => `Query parameter "period" must be one of ${LEADERBOARD_PERIODS.join(', ')}.`,
  })
  .default('all')
  .openapi({
    description:
      "`all` (all-time), or the current `day`, `week` or `month` in the campaign's time zone (weeks from Monday)",
  });

const addressQuery = (required: boolean) => {
  const error = () => 'Query parameter "address" must be a 0x-prefixed 20-byte hex address.';
  const s = z.string({ error }).regex(ADDRESS_PATTERN, { error });
  return (required ? s : s.optional()).openapi({
    description: 'The wallet whose own entry to include (the visitor)',
    example: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  });
};

const cursorQuery = z
  .string({ error: () => 'Query parameter "cursor" must be given once.' })
  .optional()
  .openapi({ description: 'The `next` of the previous page (opaque)' });

const EntrySchema = z
  .object({ rank: z.number().int().min(1), address: Address, points: z.number().int() })
  .openapi('LeaderboardEntry');

const PeriodFields = {
  period: z.enum(LEADERBOARD_PERIODS),
  key: z.string().optional().openapi({
    description: 'The period shown (periodOf key), absent for `all`',
    example: '2026-12-02',
  }),
};

const PageSchema = z
  .object({
    ...PeriodFields,
    start: z.string().optional().openapi({ description: "The period's start (ISO 8601)" }),
    end: z.string().optional().openapi({ description: "The period's end, exclusive (ISO 8601)" }),
    entries: z.array(EntrySchema),
    total: z.number().int().optional().openapi({ description: 'Ranked wallets; first page only' }),
    next: z
      .string()
      .optional()
      .openapi({ description: 'Cursor of the next page; absent on the last' }),
    me: EntrySchema.nullable()
      .optional()
      .openapi({ description: "`address`'s entry wherever it ranks; null without points" }),
  })
  .openapi('LeaderboardPage', {
    description:
      'Order: points desc, then the moment the wallet reached its current total asc, then the lower-case address asc. Wallets with 0 points are not ranked.',
    example: {
      period: 'all',
      entries: [{ rank: 1, address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', points: 40 }],
      total: 1,
    },
  }) satisfies z.ZodType<LeaderboardResponse>;

const RankSchema = z
  .object({ ...PeriodFields, entry: EntrySchema.nullable() })
  .openapi('LeaderboardRank') satisfies z.ZodType<LeaderboardRankResponse>;

const page = createRoute({
  method: 'get',
  path: '/{id}/leaderboard',
  summary: 'Leaderboard: all-time or per period, keyset-paged, with the visitor’s own entry',
  request: {
    params: z.object({ id: campaignIdParam }),
    query: z.object({
      period: periodQuery,
      cursor: cursorQuery,
      limit: intQuery('limit', DEFAULT_LEADERBOARD_LIMIT, 1, MAX_LEADERBOARD_LIMIT),
      address: addressQuery(false),
    }),
  },
  responses: { 200: json(PageSchema), ...errors(400, 404, 429) },
});

const rank = createRoute({
  method: 'get',
  path: '/{id}/leaderboard/rank',
  summary: "One wallet's rank on a board, wherever it is",
  request: {
    params: z.object({ id: campaignIdParam }),
    query: z.object({ period: periodQuery, address: addressQuery(true) }),
  },
  responses: { 200: json(RankSchema), ...errors(400, 404, 429) },
});

const CACHE = { 'Cache-Control': 'max-age=5' };

/** `/campaigns/{id}/leaderboard…`: public boards (no server-only data: ranks, addresses, points). */
export function leaderboardRoutes(ctx: AppContext) {
  const app = routeApp();

  app.openapi(page, async (c) => {
    const { id } = c.req.valid('param');
    const { period, cursor: raw, limit, address } = c.req.valid('query');
    let cursor: LeaderboardCursor | undefined;
    if (raw !== undefined) {
      const decoded = decodeCursor(raw);
      if (typeof decoded === 'string')
        throw badRequest(decoded, { issues: [{ path: 'cursor', message: decoded }] });
      cursor = decoded;
      if (cursor.period !== period) {
        const message = `Query parameter "cursor" belongs to the "${cursor.period}" board, not "${period}".`;
        throw badRequest(message, { issues: [{ path: 'cursor', message }] });
      }
    }
    const body = await ctx.service.leaderboard.page(id, {
      period,
      limit,
      ...(cursor ? { cursor } : {}),
      ...(address ? { address: getAddress(address) } : {}),
    });
    return c.json(body, 200, CACHE);
  });

  app.openapi(rank, async (c) => {
    const { id } = c.req.valid('param');
    const { period, address } = c.req.valid('query');
    const body = await ctx.service.leaderboard.rank(id, period, getAddress(address as string));
    return c.json(body, 200, CACHE);
  });

  return app;
}
