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
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses unknown fields and wrong types, listing every bad one. */
export function checkFields(
  body: unknown,
  fields: Record<
    string,
    | { type: 'string'; required?: boolean; max?: number }
    | { type: 'integer'; required?: boolean; min: number; max: number }
  >,
): Record<string, unknown> {
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
  const issues: { path: string; message: string }[] = [];
  for (const key of Object.keys(body)) {
    // Own fields only: `constructor`, `__proto__` and the like are unknown like any other name.
    if (!Object.hasOwn(fields, key)) issues.push({ path: key, message: 'is not a known field' });
  }
  for (const [key, spec] of Object.entries(fields)) {
    const value = body[key];
    if (value === undefined || value === null) {
      if (spec.required) issues.push({ path: key, message: `is required (${spec.type})` });
      continue;
    }
    if (spec.type === 'integer') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        issues.push({ path: key, message: 'must be a whole number' });
      else if (value < spec.min || value > spec.max)
        issues.push({ path: key, message: `must be from ${spec.min} to ${spec.max}` });
    } else if (typeof value !== 'string')
      issues.push({ path: key, message: `must be a string, got ${typeof value}` });
    else if (spec.max !== undefined && value.length > spec.max)
      issues.push({ path: key, message: `is longer than ${spec.max} characters` });
  }
  if (issues.length) throw badRequest('The request body has invalid fields.', { issues });
  return body;
}
