import { uncleanText } from '@questboard/core';
import type { Context } from 'hono';
import type { LocalAccount } from 'viem';
import type { ServerConfig } from './config.js';
import { ApiError, badRequest } from './http-error.js';
import type { Logger } from './log.js';
import type { AuthedSession, QuestService, SessionLookup } from './service/index.js';

/** What middleware sets on every request (`c.var`), read by handlers. */
export type Env = {
  Variables: {
    requestId: string;
    clientIp: string;
    /** The bearer token's session: `none` without a token (set by the session middleware). */
    auth: SessionLookup | { state: 'none' };
    /** The signed-in wallet (set by `requireSession`, on routes that need one). */
    session: AuthedSession;
    /** The request body as sent (set by `jsonBody` on routes that take one; `''` without a body). */
    rawBody: string;
  };
};
export type Ctx = Context<Env>;

/** What every route module gets. Storage is reached only through `service`. */
export interface AppContext {
  config: ServerConfig;
  service: QuestService;
  log: Logger;
  issuer: LocalAccount;
  /** Undefined when no admin key is configured (admin routes then answer 403). */
  checkAdminKey?: (key: string) => boolean;
  version: string;
}

/** Reads the body as JSON; 400 with a precise message when it is not. */
export async function readJson(c: Ctx): Promise<{ value: unknown; raw: string }> {
  const type = c.req.header('content-type') ?? '';
  // The media types the route schemas' validator takes (@hono/zod-openapi's JSON check): a JSON
  // type, then only `; name=value` parameters.
  if (!/^application\/(?:[a-z.-]+\+)?json(?:;\s*[a-zA-Z0-9-]+=[^;]+)*$/i.test(type))
    throw new ApiError(
      415,
      'BAD_REQUEST',
      'Send the body as JSON (Content-Type: application/json).',
    );
  const raw = await c.req.text();
  if (raw.trim() === '') throw badRequest('The request body is empty; send a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw badRequest('The request body is not valid JSON.', { details: (error as Error).message });
  }
  // Every string taken in (ids, inputs, messages, campaign text) is clean: valid Unicode, no NUL.
  const issues = uncleanText(value);
  if (issues.length)
    throw badRequest('The request body holds text that is not clean Unicode.', { issues });
  return { value, raw };
}
