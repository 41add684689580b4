import type { NonceResponse } from '@questboard/core';
import { Hono } from 'hono';
import { type AppContext, checkFields, type Env, readJson } from '../context.js';
import { bearerToken, requireSession, sessionMiddleware } from '../middleware/session.js';

/** `/auth`: nonces, Sign-In with Ethereum, the session, sign-out. */
export function authRoutes(ctx: AppContext) {
  const app = new Hono<Env>();

  app.post('/nonce', async (c) =>
    c.json((await ctx.service.auth.nonce()) satisfies NonceResponse, 201),
  );

  app.post('/verify', async (c) => {
    const { value } = await readJson(c);
    const body = checkFields(value, {
      message: { type: 'string', required: true, max: 8192 },
      signature: { type: 'string', required: true, max: 10_000 },
      campaignId: { type: 'string', max: 200 },
    }) as { message: string; signature: string; campaignId?: string };
    const address = /\n(0x[0-9a-fA-F]{40})\n/.exec(body.message)?.[1];
    if (address)
      await ctx.service.limits.hit(`address:${address.toLowerCase()}`, ctx.config.rateLimitAddress);
    return c.json(await ctx.service.auth.signIn(body, c.req.header('origin')), 200);
  });

  app.get('/session', sessionMiddleware(ctx), requireSession, async (c) =>
    c.json({ token: bearerToken(c.req.header('authorization'))!, ...c.get('session') }),
  );

  app.post('/signout', sessionMiddleware(ctx), requireSession, async (c) => {
    await ctx.service.auth.signOut(bearerToken(c.req.header('authorization'))!);
    return c.body(null, 204);
  });

  return app;
}
