import {
  CREDENTIAL_SCHEMA,
  credentialSchemaUid,
  PROTOCOL_VERSION,
  type WellKnownResponse,
} from '@questboard/core';
import { Hono } from 'hono';
import type { AppContext, Env } from '../context.js';
import { openApiDocument } from '../openapi.js';

/** Health, readiness, the OpenAPI document and the well-known description of this issuer. */
export function metaRoutes(ctx: AppContext) {
  const app = new Hono<Env>();
  app.get('/health', (c) => c.json({ ok: true, version: ctx.version }));
  app.get('/ready', async (c) =>
    (await ctx.service.ready())
      ? c.json({ ok: true, database: 'ok' })
      : c.json({ ok: false, database: 'down' }, 503),
  );
  app.get('/openapi.json', (c) => c.json(openApiDocument(ctx.version)));
  app.get('/.well-known/questboard.json', (c) =>
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
