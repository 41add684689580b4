import type { NonceResponse } from '@questboard/core';
import type { Hono } from 'hono';
import { type AppContext, checkFields, type Env, readJson } from '../context.js';
import { rateLimit } from '../ratelimit.js';
import { newNonce, sha256 } from '../secrets.js';
import { bearerToken, requireSession, signIn } from '../sessions.js';
import * as store from '../store.js';

export function authRoutes(app: Hono<Env>, ctx: AppContext) {
  app.post('/auth/nonce', async (c) => {
    const nonce = newNonce();
    const expiresAt = await store.insertNonce(ctx.db, nonce, ctx.config.nonceTtl);
    return c.json({ nonce, expiresAt } satisfies NonceResponse, 201);
  });

  app.post('/auth/verify', async (c) => {
    const { value } = await readJson(c);
    const body = checkFields(value, {
      message: { type: 'string', required: true, max: 8192 },
      signature: { type: 'string', required: true, max: 10_000 },
      campaignId: { type: 'string', max: 200 },
    }) as { message: string; signature: string; campaignId?: string };
    const address = /\n(0x[0-9a-fA-F]{40})\n/.exec(body.message)?.[1];
    if (address)
      await rateLimit(ctx.db, `address:${address.toLowerCase()}`, ctx.config.rateLimitAddress);
    return c.json(await signIn(ctx, c, body), 200);
  });

  app.get('/auth/session', async (c) => {
    const session = await requireSession(ctx, c);
    return c.json({ token: bearerToken(c)!, ...session });
  });

  app.post('/auth/signout', async (c) => {
    await requireSession(ctx, c);
    await store.deleteSession(ctx.db, sha256(bearerToken(c)!));
    return c.body(null, 204);
  });
}
