import { createMiddleware } from 'hono/factory';
import type { AppContext, Env } from '../context.js';

/** Requests per minute per client IP (`c.var.clientIp`), shared by every replica. */
export const ipLimit = (ctx: AppContext) =>
  createMiddleware<Env>(async (c, next) => {
    await ctx.service.limits.hit(`ip:${c.get('clientIp')}`, ctx.config.rateLimitIp);
    await next();
  });

/** verify/claim calls per minute per signed-in wallet (after `requireSession`). */
export const addressLimit = (ctx: AppContext) =>
  createMiddleware<Env>(async (c, next) => {
    await ctx.service.limits.hit(
      `address:${c.get('session').address.toLowerCase()}`,
      ctx.config.rateLimitAddress,
    );
    await next();
  });
