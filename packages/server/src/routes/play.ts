import { MAX_LEADERBOARD_LIMIT } from '@questboard/core';
import type { Hono } from 'hono';
import { getAddress, isAddress } from 'viem';
import { type AppContext, type Ctx, checkFields, type Env, readJson } from '../context.js';
import { badRequest } from '../http-error.js';
import { idempotent } from '../idempotency.js';
import { rateLimit } from '../ratelimit.js';
import { requireSession } from '../sessions.js';
import * as store from '../store.js';
import { campaignId } from './campaigns.js';

function addressParam(c: Ctx) {
  const raw = c.req.param('address') ?? '';
  if (!isAddress(raw, { strict: false }))
    throw badRequest(`"${raw.slice(0, 100)}" is not an address (0x and 40 hex digits).`);
  return getAddress(raw);
}

function idParam(c: Ctx, name: 'taskId' | 'tierId') {
  const id = c.req.param(name) ?? '';
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id))
    throw badRequest(`"${id.slice(0, 100)}" is not a ${name === 'taskId' ? 'task' : 'tier'} id.`);
  return id;
}

function intQuery(c: Ctx, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw badRequest(`Query parameter "${name}" must be an integer from ${min} to ${max}.`);
  return Number(raw);
}

/** A JSON body is optional on verify/claim; when sent it must be an object. */
async function optionalBody(c: Ctx): Promise<{ value: unknown; raw: string }> {
  const length = c.req.header('content-length');
  if ((length === undefined || length === '0') && !c.req.header('content-type'))
    return { value: {}, raw: '' };
  return readJson(c);
}

export function playRoutes(app: Hono<Env>, ctx: AppContext) {
  app.get('/campaigns/:id/progress/:address', async (c) => {
    return c.json(await ctx.service.progress(campaignId(c), addressParam(c)));
  });

  app.post('/campaigns/:id/tasks/:taskId/verify', async (c) => {
    const id = campaignId(c);
    const taskId = idParam(c, 'taskId');
    const session = await requireSession(ctx, c);
    const { value, raw } = await optionalBody(c);
    const body = checkFields(value, { input: { type: 'string', max: 2000 } }) as { input?: string };
    await rateLimit(
      ctx.db,
      `address:${session.address.toLowerCase()}`,
      ctx.config.rateLimitAddress,
    );
    return idempotent(c, ctx.db, `${session.address}|verify|${id}|${taskId}`, raw, () =>
      ctx.service.verify(id, taskId, session, body.input),
    );
  });

  app.post('/campaigns/:id/tiers/:tierId/claim', async (c) => {
    const id = campaignId(c);
    const tierId = idParam(c, 'tierId');
    const session = await requireSession(ctx, c);
    const { value, raw } = await optionalBody(c);
    checkFields(value, {});
    await rateLimit(
      ctx.db,
      `address:${session.address.toLowerCase()}`,
      ctx.config.rateLimitAddress,
    );
    return idempotent(c, ctx.db, `${session.address}|claim|${id}|${tierId}`, raw, () =>
      ctx.service.claim(id, tierId, session),
    );
  });

  app.get('/campaigns/:id/leaderboard', async (c) => {
    const id = campaignId(c);
    await ctx.service.liveCampaign(id);
    const offset = intQuery(c, 'offset', 0, 0, 1_000_000);
    const limit = intQuery(c, 'limit', 10, 1, MAX_LEADERBOARD_LIMIT);
    return c.json(await store.leaderboard(ctx.db, id, offset, limit), 200, {
      'Cache-Control': 'max-age=5',
    });
  });

  app.get('/credentials/:address', async (c) => {
    const address = addressParam(c);
    const cid = c.req.query('campaignId');
    if (cid !== undefined && !/^[A-Za-z0-9_-]{1,100}$/.test(cid))
      throw badRequest('campaignId is not a campaign id.');
    return c.json({ credentials: await ctx.service.credentials(address, cid) });
  });
}
