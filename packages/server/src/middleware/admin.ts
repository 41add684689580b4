import { createMiddleware } from 'hono/factory';
import type { AppContext, Env } from '../context.js';
import { ApiError } from '../http-error.js';

/** Wrong admin keys a client IP may send per minute; past it every admin call answers 429. */
export const ADMIN_FAILURES_PER_MINUTE = 10;

/**
 * Admin routes take `Authorization: Bearer <QUESTBOARD_ADMIN_KEY>`, checked in microseconds in
 * constant time. A client IP that sent too many wrong keys this minute is refused (429) before
 * any key is compared, so guessing gets nowhere.
 */
export const requireAdmin = (ctx: AppContext) =>
  createMiddleware<Env>(async (c, next) => {
    if (!ctx.checkAdminKey)
      throw new ApiError(403, 'UNAUTHORIZED', 'The admin API is disabled on this server.', {
        details: 'set QUESTBOARD_ADMIN_KEY or QUESTBOARD_ADMIN_KEY_HASH',
      });
    const bucket = `admin-fail:${c.get('clientIp')}`;
    await ctx.service.limits.refuseIfOver(bucket, ADMIN_FAILURES_PER_MINUTE);
    const key = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!key || !ctx.checkAdminKey(key)) {
      await ctx.service.limits.hit(bucket, ADMIN_FAILURES_PER_MINUTE);
      throw new ApiError(401, 'UNAUTHORIZED', 'A valid admin API key is required.');
    }
    await next();
  });
