import type { MiddlewareHandler } from 'hono';
import type { AppContext, Env } from './context.js';
import { ApiError } from './http-error.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-None-Match';
const EXPOSE_HEADERS = 'ETag, Retry-After, Idempotent-Replayed, Questboard-Protocol';

/** Routes anyone may read from any origin: public, credential-free data. */
const PUBLIC =
  /^\/(?:health|ready|openapi\.json|\.well-known\/questboard\.json|credentials\/[^/]+)$/;

/** Whether `origin` names the host the request was sent to (a same-origin request). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * CORS with a per-campaign allowlist: routes under `/campaigns/{id}` accept that campaign's
 * `origins` (plus QUESTBOARD_CORS_ORIGINS); `/auth/*` and `/campaigns` accept the origins of any
 * live campaign. No cookies are used (`Access-Control-Allow-Credentials` is never sent).
 * A state-changing request from an origin not on the list is refused with 403.
 */
export function corsMiddleware(ctx: AppContext): MiddlewareHandler<Env> {
  const unionOrigins = () => ctx.service.campaigns.allOrigins();

  async function allowed(path: string, origin: string): Promise<boolean> {
    if (
      PUBLIC.test(path) ||
      ctx.config.corsOrigins.includes('*') ||
      ctx.config.corsOrigins.includes(origin)
    )
      return true;
    const match = /^\/campaigns\/([^/]+)(?:\/|$)/.exec(path);
    if (match) {
      let id: string;
      try {
        id = decodeURIComponent(match[1]!);
      } catch {
        return false;
      }
      const row = await ctx.service.campaigns.row(id);
      return !!row?.campaign.origins?.includes(origin);
    }
    return (await unionOrigins()).has(origin);
  }

  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) return next();
    // A page this server serves itself (the console) calls it from its own origin: not CORS.
    if (sameHost(origin, c.req.header('host'))) return next();
    const path = c.req.path;
    const ok = await allowed(path, origin);
    const preflight = c.req.method === 'OPTIONS' && !!c.req.header('access-control-request-method');
    if (preflight) {
      if (!ok) throw new ApiError(403, 'UNAUTHORIZED', `Origin ${origin} may not call ${path}.`);
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': PUBLIC.test(path) ? '*' : origin,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (!ok && c.req.method !== 'GET' && c.req.method !== 'HEAD')
      throw new ApiError(403, 'UNAUTHORIZED', `Origin ${origin} may not call ${path}.`, {
        details: 'add it to the campaign\'s "origins" (or QUESTBOARD_CORS_ORIGINS)',
      });
    await next();
    if (ok) {
      c.res.headers.set('Access-Control-Allow-Origin', PUBLIC.test(path) ? '*' : origin);
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
      c.res.headers.append('Vary', 'Origin');
    }
  };
}
