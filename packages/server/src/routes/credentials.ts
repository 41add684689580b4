import { MAX_CREDENTIALS_PAGE } from '@questboard/core';
import { Hono } from 'hono';
import type { AppContext, Env } from '../context.js';
import { addressParam, idQuery, intQuery } from './params.js';

/** `/credentials/{address}?campaignId&taskId&after&limit`: a wallet's credentials, paged, public. */
export function credentialRoutes(ctx: AppContext) {
  const app = new Hono<Env>();
  // Before `/:address`: a static segment is not an address.
  app.get('/revocations', async (c) => {
    const after = c.req.query('after');
    return c.json(
      await ctx.service.credentials.revocations({
        ...(after !== undefined ? { after } : {}),
        limit: intQuery(c, 'limit', MAX_CREDENTIALS_PAGE, 1, MAX_CREDENTIALS_PAGE),
      }),
    );
  });
  app.get('/:address', async (c) => {
    const campaignId = idQuery(c, 'campaignId');
    const taskId = idQuery(c, 'taskId');
    const after = c.req.query('after');
    return c.json(
      await ctx.service.credentials.page(addressParam(c), {
        ...(campaignId !== undefined ? { campaignId } : {}),
        ...(taskId !== undefined ? { taskId } : {}),
        ...(after !== undefined ? { after } : {}),
        limit: intQuery(c, 'limit', MAX_CREDENTIALS_PAGE, 1, MAX_CREDENTIALS_PAGE),
      }),
    );
  });
  return app;
}
