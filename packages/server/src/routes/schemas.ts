// The building blocks of every route's schema (not a route itself): each route declares its
// params, query, headers, body and responses with `createRoute` from these, and the same
// definitions validate the request and write `GET /openapi.json`.
import { type Hook, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ValidationIssue } from '@questboard/core';
import { MAX_IDEMPOTENCY_KEY_LENGTH, QUEST_ERROR_CODES, VERIFY_FAIL_CODES } from '@questboard/core';
import { createMiddleware } from 'hono/factory';
import { type Env, readJson } from '../context.js';
import { badRequest } from '../http-error.js';

export { z };

// --- request pieces ---------------------------------------------------------------------------

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
export const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/;
export const UID_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/** What a refused value looked like, cut short, for a message. */
const shown = (input: unknown) =>
  typeof input === 'string' ? input.slice(0, 100) : JSON.stringify(input)?.slice(0, 100);

/** A path segment: a string matching `pattern`; any other value gets `message(value)`. */
export function segment(pattern: RegExp, message: (value: string) => string, example: string) {
  const error = (iss: { input?: unknown }) => message(shown(iss.input) ?? '');
  return z.string({ error }).regex(pattern, { error }).openapi({ example });
}

export const campaignIdParam = segment(
  ID_PATTERN,
  (v) => `"${v}" is not a campaign id (letters, digits, - and _).`,
  'demo',
).openapi({ description: 'Campaign id' });
export const taskIdParam = segment(ID_PATTERN, (v) => `"${v}" is not a task id.`, 'visit-docs');
export const tierIdParam = segment(ID_PATTERN, (v) => `"${v}" is not a tier id.`, 'basics');
/** Any case; handlers checksum it with `getAddress`. */
export const addressParam = segment(
  ADDRESS_PATTERN,
  (v) => `"${v}" is not an address (0x and 40 hex digits).`,
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
);

/** An optional id in the query string (`campaignId`, `taskId`). */
export function idQuery(name: string) {
  const error = () => `Query parameter "${name}" is not an id.`;
  return z.string({ error }).regex(ID_PATTERN, { error }).optional();
}

/** An optional whole number in the query string, `fallback` when absent or empty. */
export function intQuery(name: string, fallback: number, min: number, max: number) {
  const error = () => `Query parameter "${name}" must be an integer from ${min} to ${max}.`;
  return z
    .string({ error })
    .regex(/^\d{0,9}$/, { error })
    .transform((raw) => (raw === '' ? fallback : Number(raw)))
    .pipe(z.number().int({ error }).min(min, { error }).max(max, { error }))
    .default(fallback)
    .openapi({ type: 'integer', minimum: min, maximum: max, default: fallback });
}

/** A paging cursor: the `next` of the previous page. */
export const cursorQuery = z
  .string({ error: () => 'Query parameter "after" must be given once.' })
  .optional()
  .openapi({ description: 'The `next` cursor of the previous page' });

/** The `Idempotency-Key` header of the state-changing play routes. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(new RegExp(`^[\\x21-\\x7e]{1,${MAX_IDEMPOTENCY_KEY_LENGTH}}$`), {
      error: `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`,
    })
    .optional()
    .openapi({
      description: `Same key and body → the first answer again (header \`Idempotent-Replayed: true\`). 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII.`,
      example: 'd1c7e7a0-6b1f-4f0e-9d55-0d6f3f0c1a11',
    }),
});

/** A body field: a string of at most `max` characters. */
export function text(max: number) {
  return z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? 'is required (string)'
          : `must be a string, got ${typeof iss.input}`,
    })
    .max(max, { error: `is longer than ${max} characters` });
}

/** A body field: a whole number from `min` to `max`. */
export function integer(min: number, max: number) {
  return z
    .number({
      error: (iss) =>
        iss.input === undefined ? 'is required (integer)' : 'must be a whole number',
    })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be from ${min} to ${max}` })
    .max(max, { error: `must be from ${min} to ${max}` });
}

/** A JSON object body: exactly these fields; any other name (`__proto__`, `constructor`…) is refused. */
export const fields = <T extends Record<string, z.ZodType>>(shape: T) =>
  z.strictObject(shape, { error: 'The request body must be a JSON object.' });

// --- validation errors ------------------------------------------------------------------------

/** Our error shape for a failed schema: a 400 naming every bad field. */
// biome-ignore lint/suspicious/noExplicitAny: one hook for every route's input
export const validationHook: Hook<any, Env, any, undefined> = (result) => {
  if (result.success) return;
  const issues: ValidationIssue[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys)
        issues.push({ path: path ? `${path}.${key}` : key, message: 'is not a known field' });
    else if (path === '' && result.target === 'json') throw badRequest(issue.message);
    else issues.push({ path, message: issue.message });
  }
  if (result.target === 'json')
    throw badRequest('The request body has invalid fields.', { issues });
  const header = result.target === 'header';
  throw badRequest(
    header
      ? (issues[0]?.message ?? 'A header is invalid.')
      : issues.map((i) => i.message).join(' '),
    { issues },
  );
};

/** A sub-app whose `openapi()` routes validate with {@link validationHook}. */
export const routeApp = () => new OpenAPIHono<Env>({ defaultHook: validationHook });

/**
 * Reads a JSON body before the schema sees it: 415 unless it is JSON, 400 when empty, malformed
 * or not clean Unicode (NUL, lone surrogates). The raw text is kept (`c.var.rawBody`) for
 * idempotency. With `optional`, a request without a body counts as `{}`.
 */
export const jsonBody = (options: { optional?: boolean } = {}) =>
  createMiddleware<Env>(async (c, next) => {
    const length = c.req.header('content-length');
    if (
      options.optional &&
      (length === undefined || length === '0') &&
      !c.req.header('content-type')
    ) {
      c.set('rawBody', '');
      return next();
    }
    const { value, raw } = await readJson(c);
    // The schema validator reads the parsed value instead of parsing the text again.
    c.req.bodyCache.json = Promise.resolve(value);
    c.set('rawBody', raw);
    await next();
  });

// --- responses --------------------------------------------------------------------------------

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(QUEST_ERROR_CODES).openapi({ example: 'BAD_REQUEST' }),
      message: z.string(),
      details: z.string().optional(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      retryable: z.boolean().optional(),
      retryAfter: z.number().int().optional().openapi({ description: 'seconds' }),
    }),
  })
  .openapi('Error');

/** What each error status means on this API (the `E<status>` responses of the document). */
export const ERROR_STATUSES = {
  400: 'Bad request: malformed JSON, wrong types, unknown fields, bad ids',
  401: 'Not signed in (SIGN_IN_REQUIRED), a session this server no longer knows (SESSION_EXPIRED: drop it, sign in again), SIWE refused (SIGN_IN_FAILED) or bad admin key',
  403: 'Origin not allowed, or admin API disabled',
  404: 'Unknown campaign, task or tier',
  409: 'Task locked, tier not complete, campaign not started/ended, campaign exists',
  412: 'If-Match does not match the current ETag (the campaign changed since it was read)',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Invalid campaign (issues listed), or Idempotency-Key reused with another body',
  429: 'Rate limited; see Retry-After',
  502: 'A rule failed for good (not retryable)',
  503: 'Retryable failure (RPC down: RULE_ERROR with retryable: true), or the database is down',
  504: 'A rule timed out',
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUSES;

/** References to the shared error responses, by status. */
export const errors = (...statuses: ErrorStatus[]) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/E${s}` }])) as Record<
    ErrorStatus,
    { $ref: string }
  >;

/** A JSON response. */
export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

/** An address in answers (the server sends them checksummed). */
export const Address = z
  .string()
  .regex(ADDRESS_PATTERN)
  .openapi('Address') as unknown as z.ZodType<`0x${string}`>;
const Instant = z.string().openapi({ format: 'date-time' });

export const SessionSchema = z
  .object({
    token: z.string(),
    address: Address,
    chainId: z.number().int(),
    expiresAt: Instant,
  })
  .openapi('Session');

export const ProgressSchema = z
  .object({
    campaignId: z.string(),
    address: Address.nullable(),
    completed: z.record(z.string(), z.object({ at: Instant, points: z.number().int() }).loose()),
    periods: z
      .record(
        z.string(),
        z.record(z.string(), z.object({ at: Instant, points: z.number().int() }).loose()),
      )
      .optional()
      .openapi({ description: 'scheduled tasks: completions by task id, then by period key' }),
    claimed: z.record(z.string(), z.object({ at: Instant })),
    segments: z.array(z.string()).optional().openapi({
      description:
        "the saved segments named by the campaign's tiers (`unlock.segment`) the wallet is in; absent when the campaign names none",
    }),
    points: z.number().int().optional().openapi({ description: 'only on GET progress' }),
    streaks: z.object({}).loose().optional().openapi({
      description:
        'only on GET progress: { campaign?, tasks: { [taskId]: streak } }, each { current, best, doneThisPeriod, freezesUsed }',
    }),
  })
  .openapi('Progress');

export const CredentialSchema = z
  .object({
    uid: z.string().regex(UID_PATTERN),
    issuer: Address,
    recipient: Address,
    campaignId: z.string(),
    taskId: z.string(),
    time: z.number().int(),
    version: z.number().int(),
    domain: z.object({}).loose(),
    primaryType: z.literal('Attest'),
    types: z.object({}).loose(),
    message: z.object({}).loose(),
    signature: z.object({ r: z.string(), s: z.string(), v: z.number().int() }),
  })
  .loose()
  .openapi('Credential', {
    description:
      'A complete EAS off-chain attestation (version 2: `version`, `uid`, `domain`, `primaryType`, `types`, `message`, ' +
      '`signature: {r, s, v}`), readable by the EAS SDK as served, plus readable copies of the signed fields. ' +
      'Domain "EAS Attestation", schema "string campaignId,string taskId". Check with verifyCredential() from @questboard/core.',
  });

export const VerifyResultSchema = z
  .union([
    z.object({
      ok: z.literal(true),
      progress: ProgressSchema,
      credential: CredentialSchema.optional(),
      firstCompletion: z.boolean(),
    }),
    z.object({
      ok: z.literal(false),
      code: z.enum(VERIFY_FAIL_CODES),
      reason: z.string(),
      current: z.number().optional(),
      target: z.number().optional(),
      retryAfter: z
        .number()
        .int()
        .optional()
        .openapi({ description: "seconds: the task's cooldown after a failed check" }),
    }),
  ])
  .openapi('VerifyResult');

/** The campaign format example of the document (docs/campaign-format.md has the whole format). */
export const CAMPAIGN_EXAMPLE = {
  schemaVersion: 1,
  id: 'example',
  title: 'Example campaign',
  tiers: [
    {
      id: 'basics',
      title: 'Basics',
      tasks: [
        {
          id: 'visit-docs',
          kind: 'visit',
          title: 'Read the docs',
          points: 5,
          url: 'https://docs.example',
        },
      ],
    },
  ],
};

/**
 * A campaign body or answer. Described, not re-declared: core's `validateCampaign` validates it
 * and names every bad path (422); the format is docs/campaign-format.md.
 */
export const CampaignSchema = z
  .record(z.string(), z.unknown(), {
    error: 'The request body must be a JSON object (a campaign).',
  })
  .openapi('Campaign', {
    type: 'object',
    description:
      'A campaign as documented in docs/campaign-format.md, validated by validateCampaign (422 lists every bad path). ' +
      'The public read returns its public view: no quiz answers of server-checked quizzes, no secret rule fields.',
    required: ['schemaVersion', 'id', 'title', 'tiers'],
    properties: {
      schemaVersion: { type: 'integer', const: 1 },
      id: { type: 'string', pattern: ID_PATTERN.source },
      title: { type: 'string' },
      origins: {
        type: 'array',
        items: { type: 'string' },
        description: 'Embedding origins: CORS + SIWE domains',
      },
      tiers: { type: 'array', items: { type: 'object' } },
    },
    additionalProperties: true,
    example: CAMPAIGN_EXAMPLE,
  });

/** Answers with no schema of their own: an object. */
export const AnyObject = z.object({}).loose();
