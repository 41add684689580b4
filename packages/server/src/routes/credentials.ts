import { createRoute } from '@hono/zod-openapi';
import {
  type CredentialsResponse,
  MAX_CREDENTIALS_PAGE,
  REVOCATIONS_PER_REQUEST,
} from '@questboard/core';
import { getAddress } from 'viem';
import type { AppContext } from '../context.js';
import {
  addressParam,
  CredentialSchema,
  cursorQuery,
  errors,
  idQuery,
  intQuery,
  json,
  routeApp,
  UID_PATTERN,
  z,
} from './schemas.js';

const uidsMessage = `uid must be 1 to ${REVOCATIONS_PER_REQUEST} credential uids (0x and 64 hex digits).`;
const uidQuery = z
  .preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z
      .array(z.string().regex(UID_PATTERN, { error: uidsMessage }), { error: uidsMessage })
      .min(1, { error: uidsMessage })
      .max(REVOCATIONS_PER_REQUEST, { error: uidsMessage }),
  )
  .optional()
  .openapi({
    description: `Repeatable, at most ${REVOCATIONS_PER_REQUEST}: answer which of these credentials are revoked ({ revoked }) instead of a page`,
    example: [`0x${'0'.repeat(64)}`],
  });

const RevocationSchema = z.object({
  uid: z.string(),
  revokedAt: z.string().openapi({ format: 'date-time' }),
  reason: z.string().optional(),
});

const revocations = createRoute({
  method: 'get',
  path: '/revocations',
  summary:
    'Credentials this server revoked, oldest first, paged; or, with ?uid=…, which of those are revoked (public, any origin)',
  request: {
    query: z.object({
      uid: uidQuery,
      after: cursorQuery,
      limit: intQuery('limit', MAX_CREDENTIALS_PAGE, 1, MAX_CREDENTIALS_PAGE),
    }),
  },
  responses: {
    200: json(
      z.union([
        z.object({
          revocations: z.array(RevocationSchema),
          next: z.string().optional().openapi({ description: 'Cursor of the next page' }),
        }),
        z.object({
          revoked: z.array(z.object({ uid: z.string(), revokedAt: z.string() })),
        }),
      ]),
    ),
    ...errors(400, 429),
  },
});

const page = createRoute({
  method: 'get',
  path: '/{address}',
  summary: "A wallet's credentials, oldest first, paged (public, any origin)",
  request: {
    params: z.object({ address: addressParam }),
    query: z.object({
      campaignId: idQuery('campaignId'),
      taskId: idQuery('taskId'),
      after: cursorQuery,
      limit: intQuery('limit', MAX_CREDENTIALS_PAGE, 1, MAX_CREDENTIALS_PAGE),
    }),
  },
  responses: {
    200: json(
      z.object({
        credentials: z.array(CredentialSchema),
        next: z.string().optional().openapi({
          description: 'Cursor of the next page; absent on the last',
        }),
      }),
    ),
    ...errors(400, 429),
  },
});

/** `/credentials/{address}?campaignId&taskId&after&limit`: a wallet's credentials, paged, public. */
export function credentialRoutes(ctx: AppContext) {
  const app = routeApp();
  // Before `/{address}`: a static segment is not an address.
  app.openapi(revocations, async (c) => {
    const { uid, after, limit } = c.req.valid('query');
    if (uid) return c.json(await ctx.service.credentials.revokedAmong(uid), 200);
    return c.json(
      await ctx.service.credentials.revocations({
        ...(after !== undefined ? { after } : {}),
        limit,
      }),
      200,
    );
  });
  app.openapi(page, async (c) => {
    const { campaignId, taskId, after, limit } = c.req.valid('query');
    const result: CredentialsResponse = await ctx.service.credentials.page(
      getAddress(c.req.valid('param').address),
      {
        ...(campaignId !== undefined ? { campaignId } : {}),
        ...(taskId !== undefined ? { taskId } : {}),
        ...(after !== undefined ? { after } : {}),
        limit,
      },
    );
    return c.json(result as never, 200);
  });
  return app;
}
