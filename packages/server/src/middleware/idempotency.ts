import { MAX_IDEMPOTENCY_KEY_LENGTH, type Progress } from '@questboard/core';
import type { Context } from 'hono';
import type { Ctx, Env } from '../context.js';
import { ApiError, badRequest } from '../http-error.js';
import { sha256 } from '../secrets.js';
import type { Idempotency, StoredAnswer } from '../service/idempotency.js';

/** Whether an `Idempotency-Key` header value is well-formed (1–max printable ASCII characters). */
export const validIdempotencyKey = (key: string) =>
  key.length > 0 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key);

/**
 * Where a signed-in route's keys live: `<wallet address><suffix>`, the suffix naming the
 * action and its target (`|verify|<campaign>|<task>`). The session lookup reads the stored
 * answer with the same concatenation in SQL (`findSessionWithAnswer`).
 */
export const idempotencyScope = (address: string, suffix: string) => `${address}${suffix}`;

/** Answers (and progress) read with the session (`sessionMiddleware`), per request, for `idempotent`. */
const prefetched = new WeakMap<
  object,
  {
    scope: string;
    key: string;
    answer: StoredAnswer | null;
    progress?: { campaignId: string; progress: Progress } | undefined;
  }
>();

/**
 * Remembers, for this request, the answer stored for `key` in `scope` (null: none) and the
 * session wallet's progress in a campaign when it was read in the same statement.
 */
export function rememberAnswer(
  // biome-ignore lint/suspicious/noExplicitAny: any route's context
  c: Context<Env, any>,
  scope: string,
  key: string,
  answer: StoredAnswer | null,
  progress?: { campaignId: string; progress: Progress },
) {
  prefetched.set(c, { scope, key, answer, progress });
}

/**
 * Where the handler stores its answer itself, in its own write (`recordCompletion`): it sets
 * `stored` when that answer — exactly the value it returns, status 200 — was stored, and
 * `idempotent` then writes nothing more.
 */
export interface AnswerSlot {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  stored: boolean;
  /** The stored answer's JSON (set with `stored`): the response body, serialized once. */
  json?: string;
}

/** What `idempotent` hands its handler: the progress read with the session, the answer slot. */
export interface Prefetched {
  /** The session wallet's progress in this campaign, read with the session (a fresh object). */
  progress?: Progress;
  /** Present with an Idempotency-Key. */
  answer?: AnswerSlot;
}

/** The progress `sessionMiddleware` read for this request's wallet in `campaignId`, once. */
const progressFor = (c: object, campaignId: string): Progress | undefined => {
  const early = prefetched.get(c);
  const found = early?.progress;
  if (!found || found.campaignId !== campaignId) return undefined;
  early.progress = undefined;
  return found.progress;
};

/**
 * Runs `handler` at most once per `Idempotency-Key` (per wallet and route: the scope is the
 * session's address + `scopeSuffix`): a retry with the same key and body gets the first answer
 * (header `Idempotent-Replayed: true`, only then); the same key with another body is refused
 * (422). Only successful answers are kept — errors may be retried. The stored answer is usually
 * read together with the session (no query here); storing is one statement, or none when the
 * handler stores the answer in its own write (`AnswerSlot`).
 */
export async function idempotent(
  c: Ctx,
  keys: Idempotency,
  scopeSuffix: string,
  rawBody: string,
  handler: (prefetched: Prefetched) => Promise<unknown>,
  /** The campaign of the progress the handler reads (for the progress read with the session). */
  campaignId?: string,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  const progress = campaignId !== undefined ? progressFor(c, campaignId) : undefined;
  if (key === undefined)
    return c.json((await handler(progress ? { progress } : {})) as object, 200);
  if (!validIdempotencyKey(key))
    throw badRequest(
      `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`,
    );
  const scope = idempotencyScope(c.get('session').address, scopeSuffix);
  const requestHash = sha256(rawBody);
  const replay = (found: StoredAnswer) => {
    if (found.requestHash !== requestHash)
      throw new ApiError(
        422,
        'BAD_REQUEST',
        'This Idempotency-Key was used with a different request body.',
        { details: 'use a new key for a new request' },
      );
    // The stored text itself: a retry gets the bytes the first request got.
    return c.body(found.body, found.status as 200, {
      'content-type': 'application/json',
      'Idempotent-Replayed': 'true',
    });
  };
  const early = prefetched.get(c);
  const previous =
    early && early.scope === scope && early.key === key
      ? early.answer
      : await keys.find(scope, key);
  if (previous) return replay(previous);
  const answer: AnswerSlot = { scope, key, requestHash, stored: false };
  const body = await handler(progress ? { progress, answer } : { answer });
  if (answer.stored)
    return answer.json !== undefined
      ? c.body(answer.json, 200, { 'content-type': 'application/json' })
      : c.json(body as object, 200);
  // Serialized once: the text stored is the text sent.
  const json = JSON.stringify(body);
  const first = await keys.save(scope, key, requestHash, 200, json);
  if (first) return replay(first);
  return c.body(json, 200, { 'content-type': 'application/json' });
}
