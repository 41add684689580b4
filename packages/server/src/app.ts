import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { isQuestError, PROTOCOL_HEADER, PROTOCOL_VERSION, type QuestError } from '@questboard/core';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext, Env } from './context.js';
import { corsMiddleware } from './cors.js';
import { ApiError, statusOf } from './http-error.js';
import { openApiDocument } from './openapi.js';
import { rateLimit } from './ratelimit.js';
import { authRoutes } from './routes/auth.js';
import { campaignRoutes } from './routes/campaigns.js';
import { playRoutes } from './routes/play.js';

const UNLIMITED = /^\/(?:health|ready)$/;

// biome-ignore lint/suspicious/noExplicitAny: any route's context
function clientIp(c: Context<Env, any>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The Hono app: every route of the protocol, with logs, CORS, limits and JSON errors. */
export function createApp(ctx: AppContext): Hono<Env> {
  const app = new Hono<Env>();
  const { config, log } = ctx;

  app.onError((error, c) => {
    let qe: QuestError;
    if (isQuestError(error)) qe = error;
    else {
      log.error('unhandled error', {
        requestId: c.get('requestId'),
        error: String((error as Error)?.stack ?? error),
      });
      qe = new ApiError(500, 'SERVER', 'The server failed. Try again later.', { retryable: true });
    }
    const status = statusOf(qe);
    const headers: Record<string, string> = {};
    if (qe.retryAfter !== undefined) headers['Retry-After'] = String(qe.retryAfter);
    return c.json({ error: qe.toJSON() }, status as 400, headers);
  });

  app.notFound((c) =>
    c.json(
      { error: { code: 'BAD_REQUEST', message: `No route ${c.req.method} ${c.req.path}.` } },
      404,
    ),
  );

  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = c.req.header('x-request-id')?.slice(0, 100) || randomUUID();
    c.set('requestId', requestId);
    c.set('clientIp', clientIp(c, config.trustProxy));
    await next();
    c.res.headers.set(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    c.res.headers.set('X-Request-Id', requestId);
    log.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ip: c.get('clientIp'),
    });
  });

  app.use('*', corsMiddleware(ctx));

  app.use('*', async (c, next) => {
    if (!UNLIMITED.test(c.req.path))
      await rateLimit(ctx.db, `ip:${c.get('clientIp')}`, config.rateLimitIp);
    await next();
  });

  const defaultLimit = bodyLimit({
    maxSize: config.bodyLimit,
    onError: () => {
      throw new ApiError(
        413,
        'BAD_REQUEST',
        `The request body is larger than ${config.bodyLimit} bytes.`,
      );
    },
  });
  app.use('/auth/*', defaultLimit);
  app.use('/campaigns/:id/tasks/*', defaultLimit);
  app.use('/campaigns/:id/tiers/*', defaultLimit);

  app.get('/health', (c) => c.json({ ok: true, version: ctx.version }));
  app.get('/ready', async (c) => {
    try {
      await ctx.db.query('SELECT 1');
      return c.json({ ok: true, database: 'ok' });
    } catch {
      return c.json({ ok: false, database: 'down' }, 503);
    }
  });
  app.get('/openapi.json', (c) => c.json(openApiDocument(ctx.version)));

  authRoutes(app, ctx);
  campaignRoutes(app, ctx);
  playRoutes(app, ctx);
  return app;
}
