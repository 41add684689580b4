import { MAX_IDEMPOTENCY_KEY_LENGTH } from '@questboard/core';
import type { Ctx } from '../context.js';
import { ApiError, badRequest } from '../http-error.js';
import { sha256 } from '../secrets.js';
import type { Idempotency, StoredAnswer } from '../service/idempotency.js';

/**
 * Runs `handler` at most once per `Idempotency-Key` (per wallet and route): a retry with the
 * same key and body gets the first answer (header `Idempotent-Replayed: true`, only then); the
 * same key with another body is refused (422). Only successful answers are kept — errors may be
 * retried.
 */
export async function idempotent(
  c: Ctx,
  keys: Idempotency,
  scope: string,
  rawBody: string,
  handler: () => Promise<unknown>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return c.json((await handler()) as object, 200);
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key))
    throw badRequest(
      `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`,
    );
  const requestHash = sha256(rawBody);
  const replay = (found: StoredAnswer) => {
    if (found.requestHash !== requestHash)
      throw new ApiError(
        422,
        'BAD_REQUEST',
        'This Idempotency-Key was used with a different request body.',
        { details: 'use a new key for a new request' },
      );
    return c.json(found.body as object, found.status as 200, { 'Idempotent-Replayed': 'true' });
  };
  const previous = await keys.find(scope, key);
  if (previous) return replay(previous);
  const body = await handler();
  const first = await keys.save(scope, key, requestHash, 200, body);
  if (first) return replay(first);
  return c.json(body as object, 200);
}
