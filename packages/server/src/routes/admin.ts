import { createRoute } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import type { AppContext } from '../context.js';
import { badRequest } from '../http-error.js';
import { requireAdmin } from '../middleware/admin.js';
import {
  Address,
  addressParam,
  errors,
  fields,
  json,
  jsonBody,
  routeApp,
  text,
  UID_PATTERN,
  z,
} from './schemas.js';

const IssuersSchema = z.object({
  issuers: z.record(z.string(), z.string()).openapi({ description: 'issuer address → endpoint' }),
});

const listIssuers = createRoute({
  method: 'get',
  path: '/issuers',
  summary: 'Partner servers (admin): issuer address → endpoint, used by credential rules',
  security: [{ admin: [] }],
  responses: { 200: json(IssuersSchema), ...errors(401, 403, 429) },
});

const issuerParams = z.object({ address: addressParam.openapi({ description: 'Issuer address' }) });

const EndpointSchema = fields({
  endpoint: text(2000).openapi({
    format: 'uri',
    description: 'An absolute https: or http: URL',
  }),
}).openapi({ example: { endpoint: 'https://partner.example' } });

const putIssuer = createRoute({
  method: 'put',
  path: '/issuers/{address}',
  summary: "Set a partner's endpoint (admin; applies without a restart)",
  security: [{ admin: [] }],
  request: {
    params: issuerParams,
    body: { required: true, content: { 'application/json': { schema: EndpointSchema } } },
  },
  responses: {
    200: json(z.object({ issuer: Address, endpoint: z.string() })),
    201: json(z.object({ issuer: Address, endpoint: z.string() }), 'Created'),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const deleteIssuer = createRoute({
  method: 'delete',
  path: '/issuers/{address}',
  summary: 'Remove a partner (admin)',
  security: [{ admin: [] }],
  request: { params: issuerParams },
  responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 429) },
});

const RevokeSchema = fields({
  uid: text(66).openapi({
    description: 'The credential uid (0x and 64 hex digits)',
  }),
  reason: text(500).optional(),
}).openapi({ example: { uid: `0x${'0'.repeat(64)}`, reason: 'issued by mistake' } });

const RevocationSchema = z.object({
  uid: z.string(),
  revokedAt: z.string().openapi({ format: 'date-time' }),
  reason: z.string().optional(),
});

const revoke = createRoute({
  method: 'post',
  path: '/revocations',
  summary: 'Revoke a credential this server issued (admin; idempotent: 201 first, 200 after)',
  security: [{ admin: [] }],
  request: {
    body: { required: true, content: { 'application/json': { schema: RevokeSchema } } },
  },
  responses: {
    200: json(RevocationSchema, 'Revoked before'),
    201: json(RevocationSchema, 'Revoked'),
    ...errors(400, 401, 403, 404, 413, 415, 429),
  },
});

/**
 * `/admin/issuers`: the partner Questboard servers whose credentials `credential` rules accept
 * (issuer address → endpoint), kept in the database: changes apply without a restart (within
 * 2 s on every replica). `/admin/revocations`: revoking a credential this server issued.
 */
export function adminRoutes(ctx: AppContext) {
  const app = routeApp();
  app.use('*', requireAdmin(ctx));
  const body = [jsonBody()];

  app.openapi(listIssuers, async (c) =>
    c.json({ issuers: await ctx.service.credentials.partners() }, 200),
  );

  app.openapi({ ...putIssuer, middleware: body }, async (c) => {
    const issuer = getAddress(c.req.valid('param').address);
    const { endpoint } = c.req.valid('json');
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw badRequest('endpoint must be an absolute https: or http: URL.', {
        issues: [{ path: 'endpoint', message: 'is not an absolute http(s) URL' }],
      });
    const created = await ctx.service.credentials.putPartner(issuer, endpoint);
    return c.json({ issuer, endpoint: endpoint.replace(/\/+$/, '') }, created ? 201 : 200);
  });

  app.openapi({ ...revoke, middleware: body }, async (c) => {
    const { uid, reason } = c.req.valid('json');
    if (!UID_PATTERN.test(uid))
      throw badRequest('uid must be a credential uid (0x and 64 hex digits).', {
        issues: [{ path: 'uid', message: 'is not 0x and 64 hex digits' }],
      });
    const { revocation, first } = await ctx.service.credentials.revoke(uid, reason);
    return c.json(revocation, first ? 201 : 200);
  });

  app.openapi(deleteIssuer, async (c) => {
    const issuer = getAddress(c.req.valid('param').address);
    if (!(await ctx.service.credentials.deletePartner(issuer)))
      throw badRequest(`No partner endpoint is set for issuer ${issuer}.`);
    return c.body(null, 204);
  });

  return app;
}
