import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { OpenAPIHono } from '@hono/zod-openapi';
import { isQuestError, PROTOCOL_HEADER, PROTOCOL_VERSION, type QuestError } from '@questboard/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppContext, Env } from './context.js';
import { corsMiddleware } from './cors.js';
import { ApiError, statusOf } from './http-error.js';
import { bodyLimit } from './middleware/body-limit.js';
import { ipLimit } from './middleware/limits.js';
import { openApiDocument, registerOpenApiComponents } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { campaignRoutes } from './routes/campaigns.js';
import { consoleRoutes } from './routes/console.js';
import { credentialRoutes } from './routes/credentials.js';
import { insightsRoutes } from './routes/insights.js';
import { leaderboardRoutes } from './routes/leaderboard.js';
import { metaRoutes } from './routes/meta.js';
import { playRoutes } from './routes/play.js';
import { referralRoutes } from './routes/referrals.js';
import { rewardRoutes } from './routes/rewards.js';
import { validationHook } from './routes/schemas.js';
import { segmentRoutes } from './routes/segments.js';

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

/** Sent on every answer: an API serves JSON only, never a page to render or frame. */
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

/**
 * The Hono app: middleware (request id and log, CORS, the per-IP limit, body limits) sets typed
 * `c.var`; one sub-app per resource (`app.route`) holds the routes, which reach storage only
 * through the service layer.
 */
export function createApp(ctx: AppContext): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const { config, log } = ctx;

  app.onError((error, c) => {
    let qe: QuestError;
    if (isQuestError(error)) qe = error;
    else if (error instanceof HTTPException && error.status < 500)
      qe = new ApiError(error.status, 'BAD_REQUEST', error.message || 'Bad request.');
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
    // A body refused before it was read must not leave its rest on a reused connection.
    if (status === 413) headers.Connection = 'close';
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
    // A route that serves a page (the console) sets its own, stricter-for-pages policy.
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
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

  const perIp = ipLimit(ctx);
  app.use('*', async (c, next) => (UNLIMITED.test(c.req.path) ? next() : perIp(c, next)));

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
  app.use('/campaigns/:id/referral', defaultLimit);
  app.use('/admin/segments/*', defaultLimit);

  registerOpenApiComponents(app);
  let document: object | undefined;
  app.route(
    '/',
    metaRoutes(ctx, () => (document ??= openApiDocument(app, ctx.version))),
  );
  app.route('/auth', authRoutes(ctx));
  app.route('/campaigns', campaignRoutes(ctx));
  app.route('/campaigns', playRoutes(ctx));
  app.route('/campaigns', leaderboardRoutes(ctx));
  app.route('/', rewardRoutes(ctx));
  app.route('/', referralRoutes(ctx));
  app.route('/', insightsRoutes(ctx));
  app.route('/', segmentRoutes(ctx));
  app.route('/credentials', credentialRoutes(ctx));
  app.route('/admin', adminRoutes(ctx));
  // The operator console: a static page, not part of the API (absent from the OpenAPI document).
  if (config.console)
    app.route('/console', consoleRoutes(config.consoleDir ? { dir: config.consoleDir } : {}));
  return app;
}
