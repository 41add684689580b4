import { MAX_LEADERBOARD_LIMIT } from '@questboard/core';
import { Hono } from 'hono';
import { type AppContext, type Ctx, checkFields, type Env } from '../context.js';
import { idempotent } from '../middleware/idempotency.js';
import { addressLimit } from '../middleware/limits.js';
import { requireSession, sessionMiddleware } from '../middleware/session.js';
import { addressParam, campaignIdParam, idParam, intQuery, optionalBody } from './params.js';

/** `/campaigns/{id}/…` for visitors: progress, verify, claim, leaderboard. */
export function playRoutes(ctx: AppContext) {
  const app = new Hono<Env>();
  // Idempotency scopes: the wallet + these suffixes; read with the session in one statement.
  const verifyScope = (c: Ctx) => `|verify|${c.req.param('id')}|${c.req.param('taskId')}`;
  const claimScope = (c: Ctx) => `|claim|${c.req.param('id')}|${c.req.param('tierId')}`;
  const signedIn = (scope: (c: Ctx) => string) =>
    [
      sessionMiddleware(ctx, { idempotencyScope: scope }),
      requireSession,
      addressLimit(ctx),
    ] as const;

  app.get('/:id/progress/:address', async (c) =>
    c.json(await ctx.service.progress(campaignIdParam(c), addressParam(c))),
  );

  app.post('/:id/tasks/:taskId/verify', ...signedIn(verifyScope), async (c) => {
    const id = campaignIdParam(c);
    const taskId = idParam(c, 'taskId');
    const session = c.get('session');
    const { value, raw } = await optionalBody(c);
    const body = checkFields(value, {
      input: { type: 'string', max: 2000 },
      // EIP-155 chain ids fit 53 bits; anything else is not a chain.
      chainId: { type: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
    }) as { input?: string; chainId?: number };
    return idempotent(c, ctx.service.idempotency, verifyScope(c), raw, () =>
      ctx.service.verification.verify(id, taskId, session, body),
    );
  });

  app.post('/:id/tiers/:tierId/claim', ...signedIn(claimScope), async (c) => {
    const id = campaignIdParam(c);
    const tierId = idParam(c, 'tierId');
    const session = c.get('session');
    const { value, raw } = await optionalBody(c);
    checkFields(value, {});
    return idempotent(c, ctx.service.idempotency, claimScope(c), raw, () =>
      ctx.service.claims.claim(id, tierId, session),
    );
  });

  app.get('/:id/leaderboard', async (c) => {
    const id = campaignIdParam(c);
    const offset = intQuery(c, 'offset', 0, 0, 1_000_000);
    const limit = intQuery(c, 'limit', 10, 1, MAX_LEADERBOARD_LIMIT);
    return c.json(await ctx.service.leaderboard(id, offset, limit), 200, {
      'Cache-Control': 'max-age=5',
    });
  });

  return app;
}
