import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppContext, Env } from '../context.js';
import { ApiError } from '../http-error.js';
import { idempotencyScope, rememberAnswer, validIdempotencyKey } from './idempotency.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,100})$/;

/** The bearer token of a request, when well-formed. */
export const bearerToken = (header: string | undefined) => BEARER.exec(header ?? '')?.[1];

export interface SessionOptions {
  /**
   * On a route that runs `idempotent(c, …, suffix, …)`: that suffix for this request. The
   * session and the answer stored for the request's `Idempotency-Key` are then read in one
   * statement, and `idempotent` asks nothing more before running the handler.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any route's context
  idempotencyScope?: (c: Context<Env, any>) => string;
  /**
   * With `idempotencyScope`: the campaign whose progress of the session's wallet the handler
   * reads; it comes in the same statement (`prefetchedProgress`).
   */
  // biome-ignore lint/suspicious/noExplicitAny: any route's context
  progressCampaign?: (c: Context<Env, any>) => string;
}

/**
 * Reads `Authorization: Bearer <token>` once and sets `c.var.auth`: `valid` with the session,
 * `expired` for a token this server no longer knows (expired, signed out, lost), `none`.
 */
/** NUL, or a lone surrogate: text a statement cannot carry (PostgreSQL refuses it). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (text: string) => !UNSTORABLE.test(text);

export const sessionMiddleware = (ctx: AppContext, options: SessionOptions = {}) =>
  createMiddleware<Env>(async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) c.set('auth', { state: 'none' });
    else {
      const token = bearerToken(header);
      if (!token)
        throw new ApiError(
          401,
          'SIGN_IN_REQUIRED',
          'The session token is malformed. Sign in again.',
        );
      const key = c.req.header('idempotency-key');
      // The scope and campaign come from the path, not validated yet (the route's params are,
      // after this): text PostgreSQL refuses (NUL, lone surrogates) takes the plain lookup, and
      // the route then answers its 4xx.
      const suffix = options.idempotencyScope?.(c);
      const campaignId = options.progressCampaign?.(c);
      // Without a key the same statement still reads the progress (no key is '': none matches).
      if (
        suffix !== undefined &&
        storable(suffix) &&
        (campaignId === undefined || storable(campaignId)) &&
        (key === undefined ? campaignId !== undefined : validIdempotencyKey(key))
      ) {
        const { lookup, answer, progress } = await ctx.service.idempotency.sessionWithAnswer(
          token,
          suffix,
          key ?? '',
          campaignId,
        );
        if (lookup.state === 'valid')
          rememberAnswer(
            c,
            idempotencyScope(lookup.session.address, suffix),
            key ?? '',
            answer,
            progress && campaignId !== undefined ? { campaignId, progress } : undefined,
          );
        c.set('auth', lookup);
      } else c.set('auth', await ctx.service.auth.lookup(token));
    }
    await next();
  });

/**
 * Routes that record progress need a signed-in wallet: `c.var.session` is set, or the answer is
 * 401 `SIGN_IN_REQUIRED` (no token) or 401 `SESSION_EXPIRED` (a token this server no longer
 * knows: the client should drop it and sign in again). Both carry `WWW-Authenticate: Bearer`.
 */
export const requireSession = createMiddleware<Env>(async (c, next) => {
  const auth = c.get('auth');
  if (auth.state === 'none')
    throw new ApiError(401, 'SIGN_IN_REQUIRED', 'Sign in with your wallet first.');
  if (auth.state === 'expired')
    throw new ApiError(
      401,
      'SESSION_EXPIRED',
      'Your sign-in has expired or this server no longer knows it. Sign in again.',
      { details: 'unknown, expired or signed-out session token: drop it and sign in again' },
    );
  c.set('session', auth.session);
  await next();
});
