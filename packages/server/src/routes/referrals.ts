import { createRoute } from '@hono/zod-openapi';
import {
  REFERRAL_STATES,
  type ReferralBindBody,
  type ReferralBinding,
  type ReferralsOverview,
} from '@questboard/core';
import type { AppContext } from '../context.js';
import { addressLimit } from '../middleware/limits.js';
import { requireSession, sessionMiddleware } from '../middleware/session.js';
import {
  Address,
  campaignIdParam,
  errors,
  fields,
  json,
  jsonBody,
  routeApp,
  text,
  z,
} from './schemas.js';

const Instant = z.string().openapi({ format: 'date-time' });
const CODE_EXAMPLE = '7h3kq9m2xa';

const NeedSchema = z
  .union([
    z.object({ kind: z.literal('task'), task: z.string() }),
    z.object({
      kind: z.literal('points'),
      points: z.number().int().openapi({ description: 'points still missing' }),
    }),
  ])
  .openapi('ReferralNeed', { description: 'Something the referee still has to do' });

const ReferralSchema = z.object({
  referee: Address,
  boundAt: Instant,
  qualifiedAt: Instant.optional(),
  state: z.enum(REFERRAL_STATES),
  needs: z.array(NeedSchema).openapi({ description: 'What the referee still needs (pending)' }),
  deadline: Instant.optional().openapi({
    description: "End of the qualification window (the campaign's referral.withinDays)",
  }),
});

const OverviewSchema = z
  .object({
    campaignId: z.string(),
    code: z.string().openapi({ example: CODE_EXAMPLE, description: "The referrer's invite code" }),
    points: z.number().int().openapi({ description: 'Points per qualified referee' }),
    maxReferees: z.number().int().optional(),
    referrals: z.array(ReferralSchema),
  })
  .openapi('ReferralsOverview') satisfies z.ZodType<ReferralsOverview>;

const BindingSchema = z
  .object({
    campaignId: z.string(),
    referee: Address,
    code: z.string(),
    boundAt: Instant,
  })
  .openapi('ReferralBinding') satisfies z.ZodType<ReferralBinding>;

const BindBodySchema = fields({
  code: text(40).openapi({ description: 'The code of the invite link (`?ref=`)' }),
}).openapi({ example: { code: CODE_EXAMPLE } }) satisfies z.ZodType<ReferralBindBody>;

const overview = createRoute({
  method: 'get',
  path: '/campaigns/{id}/referrals',
  summary:
    "The signed-in referrer's invite code (issued on first request), the terms and the referees with their state and what each still needs (newest first, at most 200)",
  security: [{ session: [] }],
  request: { params: z.object({ id: campaignIdParam }) },
  responses: {
    200: json(OverviewSchema),
    ...errors(400, 401, 404, 429),
  },
});

const bind = createRoute({
  method: 'post',
  path: '/campaigns/{id}/referral',
  summary:
    "Bind the signed-in wallet to an invite code's referrer, once and for good (the same code again answers the binding)",
  description:
    'Refusals are `REFERRAL_REFUSED` with the reason in `details`: `NOT_ENABLED` and `UNKNOWN_CODE` (404); `SELF`, `ALREADY_BOUND`, `NOT_NEW` (the wallet has progress already) and `CAP_REACHED` (409).',
  security: [{ session: [] }],
  request: {
    params: z.object({ id: campaignIdParam }),
    body: { required: true, content: { 'application/json': { schema: BindBodySchema } } },
  },
  responses: {
    200: json(BindingSchema),
    ...errors(400, 401, 404, 409, 413, 415, 429),
  },
});

/** Referrals: the referrer's overview and the referee's binding. */
export function referralRoutes(ctx: AppContext) {
  const app = routeApp();
  const signedIn = [sessionMiddleware(ctx), requireSession, addressLimit(ctx)];

  app.openapi({ ...overview, middleware: signedIn }, async (c) => {
    const { id } = c.req.valid('param');
    const body = await ctx.service.referrals.overview(id, c.get('session'));
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  app.openapi({ ...bind, middleware: [...signedIn, jsonBody()] }, async (c) => {
    const { id } = c.req.valid('param');
    const { code } = c.req.valid('json');
    return c.json(await ctx.service.referrals.bind(id, c.get('session'), code), 200);
  });

  return app;
}
