import { type Campaign, parseCampaign } from '@questboard/core';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type AppContext, type Ctx, type Env, readJson } from '../context.js';
import { ApiError, badRequest } from '../http-error.js';
import { sha256 } from '../secrets.js';
import * as store from '../store.js';

export const etagOf = (campaign: Campaign) => `"${sha256(JSON.stringify(campaign)).slice(0, 32)}"`;

/** Admin routes take `Authorization: Bearer <QUESTBOARD_ADMIN_KEY>`. */
export function requireAdmin(ctx: AppContext, c: Ctx): void {
  if (!ctx.checkAdminKey)
    throw new ApiError(403, 'UNAUTHORIZED', 'The admin API is disabled on this server.', {
      details: 'set QUESTBOARD_ADMIN_KEY or QUESTBOARD_ADMIN_KEY_HASH',
    });
  const key = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (!key || !ctx.checkAdminKey(key))
    throw new ApiError(401, 'UNAUTHORIZED', 'A valid admin API key is required.');
}

function campaignId(c: Ctx): string {
  const id = c.req.param('id') ?? '';
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id))
    throw badRequest(`"${id.slice(0, 100)}" is not a campaign id (letters, digits, - and _).`);
  return id;
}

/** Creates or updates a campaign from a JSON file at start (idempotent: unchanged files change nothing). */
export async function upsertCampaign(
  ctx: AppContext,
  input: unknown,
): Promise<'created' | 'updated' | 'unchanged'> {
  const campaign = parseCampaign(input);
  const etag = etagOf(campaign);
  const result = await ctx.db.transaction(async (tx) => {
    const existing = await store.getCampaign(tx, campaign.id);
    if (!existing)
      return (await store.insertCampaign(tx, campaign, etag)) ? 'created' : 'unchanged';
    if (existing.etag === etag) return 'unchanged';
    await store.updateCampaign(tx, campaign, etag);
    return 'updated';
  });
  ctx.service.campaigns.invalidate(campaign.id);
  return result;
}

export function campaignRoutes(app: Hono<Env>, ctx: AppContext) {
  const adminBody = bodyLimit({
    maxSize: ctx.config.bodyLimit * 8,
    onError: () => {
      throw new ApiError(
        413,
        'BAD_REQUEST',
        `The request body is larger than ${ctx.config.bodyLimit * 8} bytes.`,
      );
    },
  });

  app.get('/campaigns', async (c) => {
    const all = c.req.query('archived') === 'true';
    if (all) requireAdmin(ctx, c);
    return c.json({ campaigns: await store.listCampaigns(ctx.db, all) });
  });

  app.get('/campaigns/:id', async (c) => {
    const id = campaignId(c);
    const row = await ctx.service.campaigns.get(id);
    if (!row || row.archived)
      throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${id}" does not exist.`);
    const headers = { ETag: row.etag, 'Cache-Control': 'no-cache' };
    const match = c.req.header('if-none-match');
    if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === row.etag))
      return c.body(null, 304, headers);
    return c.json(row.campaign, 200, headers);
  });

  app.post('/campaigns', adminBody, async (c) => {
    requireAdmin(ctx, c);
    const { value } = await readJson(c);
    const campaign = parseCampaign(value);
    const etag = etagOf(campaign);
    if (!(await store.insertCampaign(ctx.db, campaign, etag)))
      throw new ApiError(
        409,
        'BAD_REQUEST',
        `Campaign "${campaign.id}" already exists; update it with PUT /campaigns/${campaign.id}.`,
      );
    ctx.service.campaigns.invalidate(campaign.id);
    ctx.log.info('campaign created', { campaignId: campaign.id });
    return c.json(campaign, 201, { ETag: etag, Location: `/campaigns/${campaign.id}` });
  });

  app.put('/campaigns/:id', adminBody, async (c) => {
    requireAdmin(ctx, c);
    const id = campaignId(c);
    const { value } = await readJson(c);
    const campaign = parseCampaign(value);
    if (campaign.id !== id)
      throw badRequest(`The body's id "${campaign.id}" differs from the URL's "${id}".`);
    const etag = etagOf(campaign);
    const ifMatch = c.req.header('if-match');
    const updated = await ctx.db.transaction(async (tx) => {
      const current = await store.getCampaign(tx, id);
      if (!current) return null;
      if (ifMatch && ifMatch !== current.etag)
        throw new ApiError(
          412,
          'BAD_REQUEST',
          'The campaign changed since you read it (If-Match does not match its ETag).',
        );
      return store.updateCampaign(tx, campaign, etag);
    });
    if (!updated)
      throw new ApiError(
        404,
        'CAMPAIGN_NOT_FOUND',
        `Campaign "${id}" does not exist; create it with POST /campaigns.`,
      );
    ctx.service.campaigns.invalidate(id);
    ctx.log.info('campaign updated', { campaignId: id });
    return c.json(campaign, 200, { ETag: etag });
  });

  app.post('/campaigns/:id/archive', async (c) => {
    requireAdmin(ctx, c);
    const id = campaignId(c);
    if (!(await store.setArchived(ctx.db, id, true)))
      throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${id}" does not exist.`);
    ctx.service.campaigns.invalidate(id);
    ctx.log.info('campaign archived', { campaignId: id });
    return c.json({ id, archived: true });
  });

  app.get('/campaigns/:id/funnel', async (c) => {
    requireAdmin(ctx, c);
    return c.json(await ctx.service.funnel(campaignId(c)));
  });
}

export { campaignId };
