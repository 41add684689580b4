import { createMiddleware } from 'hono/factory';
import type { AppContext, Env } from '../context.js';
import { ApiError } from '../http-error.js';

/** Admin routes take `Authorization: Bearer <QUESTBOARD_ADMIN_KEY>`. */
export const requireAdmin = (ctx: AppContext) =>
  createMiddleware<Env>(async (c, next) => {
    if (!ctx.checkAdminKey)
      throw new ApiError(403, 'UNAUTHORIZED', 'The admin API is disabled on this server.', {
        details: 'set QUESTBOARD_ADMIN_KEY or QUESTBOARD_ADMIN_KEY_HASH',
      });
    const key = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!key || !ctx.checkAdminKey(key))
      throw new ApiError(401, 'UNAUTHORIZED', 'A valid admin API key is required.');
    await next();
  });
