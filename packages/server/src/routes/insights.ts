import { createRoute } from '@hono/zod-openapi';
import {
  type InsightsDaily,
  type InsightsFunnel,
  type InsightsReferrals,
  type InsightsRetention,
  type InsightsTasks,
  uncleanText,
} from '@questboard/core';
import { createMiddleware } from 'hono/factory';
import type { AppContext, Env } from '../context.js';
import { BEACON_EVENT_TYPES, EVENT_LIMITS } from '../events.js';
import { ApiError, badRequest } from '../http-error.js';
import { requireAdmin } from '../middleware/admin.js';
import { bodyLimit } from '../middleware/body-limit.js';
import { BEACON_MAX_ITEMS } from '../service/insights.js';
import {
  campaignIdParam,
  errors,
  fields,
  ID_PATTERN,
  json,
  routeApp,
  validationHook,
  z,
} from './schemas.js';

/** Bytes of one beacon request body. */
export const BEACON_BODY_LIMIT = 4096;
/** Beacon requests per minute per client IP (on top of the per-IP limit of every route). */
export const BEACON_PER_MINUTE = 120;

export const BeaconSchema = fields({
  visitor: z
    .string()
    .regex(new RegExp(`^[A-Za-z0-9_-]{8,${EVENT_LIMITS.visitor}}$`), {
      error: `must be 8 to ${EVENT_LIMITS.visitor} letters, digits, - or _`,
    })
    .openapi({ description: "The page's anonymous visitor id (random, never an address)" }),
  events: z
    .array(
      z
        .strictObject({
          type: z.enum(BEACON_EVENT_TYPES),
          task: z.string().regex(ID_PATTERN, { error: 'is not a task id' }).optional(),
        })
        .refine((e) => (e.type === 'task_started') === (e.task !== undefined), {
          error: 'task_started names its task; viewed and connected name none',
        }),
    )
    .min(1, { error: 'must hold at least one event' })
    .max(BEACON_MAX_ITEMS, { error: `holds at most ${BEACON_MAX_ITEMS} events` }),
}).openapi('Beacon', {
  example: { visitor: 'v-3f9a2c1d7e', events: [{ type: 'viewed' }] },
});

const beacon = createRoute({
  method: 'post',
  path: '/campaigns/{id}/events',
  tags: ['insights'],
  summary:
    "The board's beacon: a batch of anonymous viewed / connected / task_started events (public, rate-limited)",
  description:
    'Sent with navigator.sendBeacon (`text/plain`, no preflight) or fetch keepalive (`application/json`). ' +
    'The server stamps the time; the board sends nothing under Global Privacy Control or Do Not Track.',
  request: {
    params: z.object({ id: campaignIdParam }),
    body: {
      // Required in fact (the beaconBody middleware reads and checks it for both types); not
      // marked so, or the JSON validator would judge a text/plain body as missing.
      required: false,
      content: {
        'application/json': { schema: BeaconSchema },
        'text/plain': { schema: z.string().openapi({ description: 'The same JSON as text' }) },
      },
    },
  },
  responses: {
    202: json(z.object({ recorded: z.number().int() }), 'Recorded'),
    ...errors(400, 403, 404, 409, 413, 415, 429),
  },
});

/** The beacon's body: JSON sent as `application/json` or as `text/plain` (sendBeacon). */
const beaconBody = createMiddleware<Env>(async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain')
    throw new ApiError(415, 'BAD_REQUEST', 'Send the beacon as application/json or text/plain.');
  const raw = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw badRequest('The request body is not valid JSON.', { details: (error as Error).message });
  }
  const issues = uncleanText(value);
  if (issues.length)
    throw badRequest('The request body holds text that is not clean Unicode.', { issues });
  const parsed = BeaconSchema.safeParse(value);
  if (!parsed.success)
    // biome-ignore lint/suspicious/noExplicitAny: the shared hook's result shape
    validationHook({ success: false, error: parsed.error, target: 'json' } as any, c as any);
  c.req.bodyCache.json = Promise.resolve(value);
  await next();
});

const Rate = z.number().min(0).max(1);
const Count = z.number().int().min(0);

const FunnelSchema = z
  .object({
    campaignId: z.string(),
    viewed: Count.openapi({ description: 'distinct visitors that viewed the board' }),
    connected: Count.openapi({ description: 'distinct visitors that connected a wallet' }),
    signedIn: Count.openapi({ description: 'distinct wallets that signed in for the campaign' }),
    wallets: Count.openapi({ description: 'distinct wallets with any event' }),
    tiers: z.array(
      z.object({
        tierId: z.string(),
        reached: Count.openapi({
          description:
            'wallets whose unlock rule for the tier held (tier_unlocked); every wallet for a tier without one',
        }),
        completed: Count.openapi({ description: 'wallets that verified every task of the tier' }),
        claimed: Count,
        hasReward: z.boolean(),
        dropOff: z.object({
          beforeReached: Count.openapi({
            description: 'completed the rung below, did not reach this one',
          }),
          beforeCompleted: Count,
          beforeClaimed: Count,
        }),
        completionRate: Rate,
        claimRate: Rate,
      }),
    ),
  })
  .openapi('InsightsFunnel');

const TasksSchema = z
  .object({
    campaignId: z.string(),
    tasks: z.array(
      z.object({
        taskId: z.string(),
        tierId: z.string(),
        started: Count.openapi({ description: 'distinct visitors that started it (beacon)' }),
        attempted: Count.openapi({ description: 'distinct wallets that had it checked' }),
        verified: Count,
        failures: Count.openapi({ description: 'failed checks' }),
        completionRate: Rate.openapi({ description: 'verified / attempted' }),
        topFailures: z.array(z.object({ reason: z.string(), count: Count })),
      }),
    ),
  })
  .openapi('InsightsTasks');

const Retained = z.object({ count: Count, rate: Rate }).nullable();
const RetentionSchema = z
  .object({
    campaignId: z.string(),
    cohorts: z.array(
      z.object({
        cohort: z.string().openapi({ format: 'date', description: 'first-seen UTC day' }),
        size: Count,
        d1: Retained,
        d7: Retained,
        d30: Retained.openapi({ description: 'null while the day is still to come' }),
      }),
    ),
  })
  .openapi('InsightsRetention');

const DailySchema = z
  .object({
    campaignId: z.string(),
    days: z.array(
      z.object({ day: z.string().openapi({ format: 'date' }), new: Count, returning: Count }),
    ),
  })
  .openapi('InsightsDaily');

const ReferralsSchema = z
  .object({
    campaignId: z.string(),
    bound: Count,
    qualified: Count,
    qualificationRate: Rate,
    topReferrers: z.array(z.object({ referrer: z.string(), bound: Count, qualified: Count })),
  })
  .openapi('InsightsReferrals');

const view = <T extends z.ZodType>(path: string, summary: string, schema: T) =>
  createRoute({
    method: 'get',
    path: `/admin/campaigns/{id}/insights/${path}`,
    summary: `${summary} (admin)`,
    tags: ['insights'],
    security: [{ admin: [] }],
    request: { params: z.object({ id: campaignIdParam }) },
    responses: { 200: json(schema), ...errors(400, 401, 403, 404, 429) },
  });

const funnel = view(
  'funnel',
  'Funnel per rung: reached → completed → claimed, with drop-off',
  FunnelSchema,
);
const tasks = view('tasks', 'Per-task completion rate and top failure reasons', TasksSchema);
const retention = view(
  'retention',
  'D1 / D7 / D30 retention by first-seen cohort',
  RetentionSchema,
);
const daily = view('daily', 'New and returning wallets per UTC day', DailySchema);
const referrals = view('referrals', 'The referral funnel: bound → qualified', ReferralsSchema);

/** Insights: the board's beacon (public) and the operator's views over the event log (admin). */
export function insightsRoutes(ctx: AppContext) {
  const app = routeApp();
  const service = () => ctx.service.insights;
  const admin = requireAdmin(ctx);
  const limit = bodyLimit({
    maxSize: BEACON_BODY_LIMIT,
    onError: () => {
      throw new ApiError(413, 'BAD_REQUEST', `A beacon is at most ${BEACON_BODY_LIMIT} bytes.`);
    },
  });
  const perIp = createMiddleware<Env>(async (c, next) => {
    await ctx.service.limits.hit(`beacon:${c.get('clientIp')}`, BEACON_PER_MINUTE);
    await next();
  });

  app.openapi({ ...beacon, middleware: [perIp, limit, beaconBody] }, async (c) => {
    const { id } = c.req.valid('param');
    const body = BeaconSchema.parse(await c.req.bodyCache.json);
    const recorded = await service().beacon(id, body.visitor, body.events);
    return c.json({ recorded }, 202);
  });

  app.openapi({ ...funnel, middleware: [admin] }, async (c) =>
    c.json((await service().funnel(c.req.valid('param').id)) satisfies InsightsFunnel, 200),
  );
  app.openapi({ ...tasks, middleware: [admin] }, async (c) =>
    c.json((await service().tasks(c.req.valid('param').id)) satisfies InsightsTasks, 200),
  );
  app.openapi({ ...retention, middleware: [admin] }, async (c) =>
    c.json((await service().retention(c.req.valid('param').id)) satisfies InsightsRetention, 200),
  );
  app.openapi({ ...daily, middleware: [admin] }, async (c) =>
    c.json((await service().daily(c.req.valid('param').id)) satisfies InsightsDaily, 200),
  );
  app.openapi({ ...referrals, middleware: [admin] }, async (c) =>
    c.json((await service().referrals(c.req.valid('param').id)) satisfies InsightsReferrals, 200),
  );
  return app;
}
