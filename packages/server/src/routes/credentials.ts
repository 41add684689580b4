import { MAX_CREDENTIALS_PAGE, REVOCATIONS_PER_REQUEST } from '@questboard/core';
import { Hono } from 'hono';
import type { AppContext, Env } from '../context.js';
import { badRequest } from '../http-error.js';
import { addressParam, idQuery, intQuery } from './params.js';

/** `/credentials/{address}?campaignId&taskId&after&limit`: a wallet's credentials, paged, public. */
export function credentialRoutes(ctx: AppContext) {
  const app = new Hono<Env>();
  // Before `/:address`: a static segment is not an address.
  app.get('/revocations', async (c) => {
    // `?uid=…&uid=…` (at most 100): which of these are revoked — the passport's question.
    const uids = c.req.queries('uid');
    if (uids) {
      if (uids.length > REVOCATIONS_PER_REQUEST || uids.some((u) => !/^0x[0-9a-fA-F]{64}$/.test(u)))
        throw badRequest(
          `uid must be 1 to ${REVOCATIONS_PER_REQUEST} credential uids (0x and 64 hex digits).`,
          { issues: [{ path: 'uid', message: 'must be a bytes32 hex uid, at most 100 of them' }] },
        );
      return c.json(await ctx.service.credentials.revokedAmong(uids));
    }
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
