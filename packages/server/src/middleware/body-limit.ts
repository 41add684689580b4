import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamedLimit } from 'hono/body-limit';
import type { Env } from '../context.js';

/**
 * Refuses a request body larger than `maxSize` bytes (`onError` answers: the app sends 413 with
 * `Connection: close`), deciding from the headers before any of the body is read. Behind
 * `@hono/node-server` (`c.env.incoming` is Node's request) HTTP/1.1 framing settles it without
 * touching `c.req.raw.body` — touching it would build a full web `Request` for every request:
 * no `Transfer-Encoding` and no `Content-Length` is no body at all; a `Content-Length` is the
 * exact size Node's parser will deliver. Only a chunked body, whose size is known once read, is
 * counted while it is read (hono's `bodyLimit`), as is every request on other runtimes.
 */
export function bodyLimit(options: {
  maxSize: number;
  // biome-ignore lint/suspicious/noExplicitAny: any route's context
  onError: (c: Context<Env, any>) => Response | Promise<Response>;
}): MiddlewareHandler<Env> {
  const streamed = streamedLimit(options);
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming || incoming.headers['transfer-encoding'] !== undefined) return streamed(c, next);
    const length = incoming.headers['content-length'];
    if (length === undefined) return next();
    if (!/^\d{1,15}$/.test(length)) return streamed(c, next);
    return Number(length) > options.maxSize ? options.onError(c) : next();
  };
}
