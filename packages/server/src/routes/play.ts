import { createRoute } from '@hono/zod-openapi';
import type { ClaimResponse, VerifyBody } from '@questboard/core';
import { getAddress } from 'viem';
import type { AppContext, Ctx } from '../context.js';
import { idempotent } from '../middleware/idempotency.js';
import { addressLimit } from '../middleware/limits.js';
import { requireSession, sessionMiddleware } from '../middleware/session.js';
import { RewardDeliverySchema } from './rewards.js';
import {
  addressParam,
  campaignIdParam,
  errors,
  fields,
  idempotencyHeaders,
  integer,
  json,
  jsonBody,
  ProgressSchema,
  routeApp,
  taskIdParam,
  text,
  tierIdParam,
  VerifyResultSchema,
  z,
} from './schemas.js';

const progress = createRoute({
  method: 'get',
  path: '/{id}/progress/{address}',
  summary: "A wallet's progress and points",
  request: { params: z.object({ id: campaignIdParam, address: addressParam }) },
  responses: { 200: json(ProgressSchema), ...errors(400, 404, 429) },
});

const VerifyBodySchema = fields({
  input: text(2000).optional().openapi({ description: "The visitor's answer (quiz, input)" }),
  // EIP-155 chain ids fit 53 bits; anything else is not a chain.
  chainId: integer(1, Number.MAX_SAFE_INTEGER).optional().openapi({
    description:
      "The wallet's current chain. wallet.chain is judged on the session's signed chain; this only shapes the message.",
  }),
}) satisfies z.ZodType<VerifyBody>;

const verify = createRoute({
  method: 'post',
  path: '/{id}/tasks/{taskId}/verify',
  summary: 'Verify a task for the signed-in wallet (server-side rule evaluation)',
  security: [{ session: [] }],
  request: {
    params: z.object({ id: campaignIdParam, taskId: taskIdParam }),
    headers: idempotencyHeaders,
    body: {
      required: false,
      content: {
        'application/json': { schema: VerifyBodySchema.openapi({ example: {} }) },
      },
    },
  },
  responses: {
    200: json(VerifyResultSchema),
    ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503, 504),
  },
});

const ClaimSchema = z.object({
  progress: ProgressSchema,
  firstClaim: z.boolean(),
  delivery: RewardDeliverySchema.optional(),
}) satisfies z.ZodType<ClaimResponse>;

const claim = createRoute({
  method: 'post',
  path: '/{id}/tiers/{tierId}/claim',
  summary: "Claim a completed tier's reward (idempotent)",
  security: [{ session: [] }],
  request: {
    params: z.object({ id: campaignIdParam, tierId: tierIdParam }),
    headers: idempotencyHeaders,
    body: {
      required: false,
      content: { 'application/json': { schema: fields({}).openapi({ example: {} }) } },
    },
  },
  responses: {
    200: json(ClaimSchema),
    ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

/** `/campaigns/{id}/…` for visitors: progress, verify, claim (the leaderboard: routes/leaderboard.ts). */
export function playRoutes(ctx: AppContext) {
  const app = routeApp();
  // Idempotency scopes: the wallet + these suffixes; read with the session in one statement.
  const verifyScope = (c: Ctx) => `|verify|${c.req.param('id')}|${c.req.param('taskId')}`;
  const claimScope = (c: Ctx) => `|claim|${c.req.param('id')}|${c.req.param('tierId')}`;
  // The session's statement reads the wallet's progress in the campaign too (the handler's read).
  const progressCampaign = (c: Ctx) => c.req.param('id') ?? '';
  const signedInWithBody = (scope: (c: Ctx) => string) => [
    sessionMiddleware(ctx, { idempotencyScope: scope, progressCampaign }),
    requireSession,
    addressLimit(ctx),
    jsonBody({ optional: true }),
  ];

  app.openapi(progress, async (c) => {
    const { id, address } = c.req.valid('param');
    return c.json(await ctx.service.progress(id, getAddress(address)), 200);
  });

  app.openapi({ ...verify, middleware: signedInWithBody(verifyScope) }, async (c) => {
    const { id, taskId } = c.req.valid('param');
    const session = c.get('session');
    const body = c.req.valid('json');
    return idempotent(
      c,
      ctx.service.idempotency,
      verifyScope(c),
      c.get('rawBody'),
      (prefetched) => ctx.service.verification.verify(id, taskId, session, body, prefetched),
      id,
    ) as never;
  });

  app.openapi({ ...claim, middleware: signedInWithBody(claimScope) }, async (c) => {
    const { id, tierId } = c.req.valid('param');
    const session = c.get('session');
    return idempotent(
      c,
      ctx.service.idempotency,
      claimScope(c),
      c.get('rawBody'),
      ({ progress }) => ctx.service.claims.claim(id, tierId, session, progress),
      id,
    ) as never;
  });

  return app;
}
