import { Hono } from 'hono';
import { type AppContext, checkFields, type Env, readJson } from '../context.js';
import { badRequest } from '../http-error.js';
import { requireAdmin } from '../middleware/admin.js';
import { addressParam } from './params.js';

/**
 * `/admin/issuers`: the partner Questboard servers whose credentials `credential` rules accept
 * (issuer address → endpoint), kept in the database: changes apply without a restart (within
 * 2 s on every replica).
 */
export function adminRoutes(ctx: AppContext) {
  const app = new Hono<Env>();
  app.use('*', requireAdmin(ctx));

  app.get('/issuers', async (c) => c.json({ issuers: await ctx.service.credentials.partners() }));

  app.put('/issuers/:address', async (c) => {
    const issuer = addressParam(c);
    const { value } = await readJson(c);
    const { endpoint } = checkFields(value, {
      endpoint: { type: 'string', required: true, max: 2000 },
    }) as { endpoint: string };
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

  app.post('/revocations', async (c) => {
    const { value } = await readJson(c);
    const body = checkFields(value, {
      uid: { type: 'string', required: true, max: 66 },
      reason: { type: 'string', max: 500 },
    }) as { uid: string; reason?: string };
    if (!/^0x[0-9a-fA-F]{64}$/.test(body.uid))
      throw badRequest('uid must be a credential uid (0x and 64 hex digits).', {
        issues: [{ path: 'uid', message: 'is not 0x and 64 hex digits' }],
      });
    const { revocation, first } = await ctx.service.credentials.revoke(body.uid, body.reason);
    return c.json(revocation, first ? 201 : 200);
  });

  app.delete('/issuers/:address', async (c) => {
    const issuer = addressParam(c);
    if (!(await ctx.service.credentials.deletePartner(issuer)))
      throw badRequest(`No partner endpoint is set for issuer ${issuer}.`);
    return c.body(null, 204);
  });

  return app;
}
