import { createRoute } from '@hono/zod-openapi';
import {
  CREDENTIAL_SCHEMA,
  credentialSchemaUid,
  PROTOCOL_VERSION,
  type WellKnownResponse,
} from '@questboard/core';
import type { AppContext } from '../context.js';
import { Address, AnyObject, errors, json, routeApp, z } from './schemas.js';

const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness',
  responses: { 200: json(z.object({ ok: z.literal(true), version: z.string() })) },
});

const ReadySchema = z.object({ ok: z.boolean(), database: z.enum(['ok', 'down']) });
const ready = createRoute({
  method: 'get',
  path: '/ready',
  summary: 'Readiness (database reachable)',
  responses: {
    200: json(ReadySchema),
    503: json(ReadySchema, 'The database is unreachable'),
  },
});

const openapi = createRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This document',
  responses: { 200: json(AnyObject), ...errors(429) },
});

const WellKnownSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  issuer: Address,
  credentials: z.string(),
  schema: z.object({ definition: z.string(), uid: z.string() }),
  eas: z.object({
    name: z.string(),
    version: z.string(),
    chainId: z.number().int(),
    verifyingContract: Address,
  }),
});
const wellKnown = createRoute({
  method: 'get',
  path: '/.well-known/questboard.json',
  summary:
    "This server's issuer address, credential schema and EAS domain (what a partner puts in its credential rules)",
  responses: { 200: json(WellKnownSchema), ...errors(429) },
});

/**
 * Health, readiness, the OpenAPI document and the well-known description of this issuer.
 * `document` gives the whole app's document (every route is mounted by then).
 */
export function metaRoutes(ctx: AppContext, document: () => object) {
  const app = routeApp();
  app.openapi(health, (c) => c.json({ ok: true as const, version: ctx.version }, 200));
  app.openapi(ready, async (c) =>
    (await ctx.service.ready())
      ? c.json({ ok: true, database: 'ok' as const }, 200)
      : c.json({ ok: false, database: 'down' as const }, 503),
  );
  app.openapi(openapi, (c) => c.json(document(), 200));
  app.openapi(wellKnown, (c) =>
    c.json(
      {
        protocol: PROTOCOL_VERSION,
        issuer: ctx.issuer.address,
        credentials: `${new URL(c.req.url).origin}/credentials`,
        schema: { definition: CREDENTIAL_SCHEMA, uid: credentialSchemaUid() },
        eas: { name: 'EAS Attestation', ...ctx.config.eas },
      } satisfies WellKnownResponse,
      200,
      { 'Cache-Control': 'max-age=300' },
    ),
  );
  return app;
}
