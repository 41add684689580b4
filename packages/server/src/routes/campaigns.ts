import { createRoute } from '@hono/zod-openapi';
import type { CampaignListResponse, FunnelResponse } from '@questboard/core';
import type { AppContext } from '../context.js';
import { ApiError } from '../http-error.js';
import { requireAdmin } from '../middleware/admin.js';
import { bodyLimit } from '../middleware/body-limit.js';
import { CampaignSchema, campaignIdParam, errors, json, jsonBody, routeApp, z } from './schemas.js';

const idParams = z.object({ id: campaignIdParam });

const CampaignListSchema = z.object({
  campaigns: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      archived: z.boolean(),
      updatedAt: z.string().openapi({ format: 'date-time' }),
    }),
  ),
}) satisfies z.ZodType<CampaignListResponse>;

const FunnelSchema = z.object({
  campaignId: z.string(),
  wallets: z.number().int(),
  tiers: z.array(
    z.object({
      tierId: z.string(),
      reached: z.number().int(),
      completed: z.number().int(),
      claimed: z.number().int(),
    }),
  ),
  tasks: z.array(
    z.object({ taskId: z.string(), tierId: z.string(), completions: z.number().int() }),
  ),
}) satisfies z.ZodType<FunnelResponse>;

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Live campaigns (with ?archived=true and the admin key: all)',
  request: {
    query: z.object({
      archived: z
        .enum(['true', 'false'], { error: 'Query parameter "archived" must be true or false.' })
        .optional()
        .openapi({ description: 'true: archived ones too (admin key required)' }),
    }),
  },
  responses: { 200: json(CampaignListSchema), ...errors(400, 401, 403, 429) },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'A campaign: its public view (public, ETag / If-None-Match)',
  request: {
    params: idParams,
    headers: z.object({ 'if-none-match': z.string().optional() }),
  },
  responses: {
    200: json(CampaignSchema),
    304: { description: 'Not modified (ETag matched)' },
    ...errors(400, 404, 429),
  },
});

const campaignBody = {
  required: true,
  content: { 'application/json': { schema: CampaignSchema } },
} as const;

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a campaign (admin)',
  security: [{ admin: [] }],
  request: { body: campaignBody },
  responses: {
    201: json(CampaignSchema, 'Created'),
    ...errors(400, 401, 403, 409, 413, 415, 422, 429),
  },
});

const update = createRoute({
  method: 'put',
  path: '/{id}',
  summary: 'Replace a campaign (admin; optional If-Match)',
  security: [{ admin: [] }],
  request: {
    params: idParams,
    headers: z.object({
      'if-match': z
        .string()
        .optional()
        .openapi({ description: 'The ETag this change is based on' }),
    }),
    body: campaignBody,
  },
  responses: {
    200: json(CampaignSchema),
    ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422, 429),
  },
});

const archive = createRoute({
  method: 'post',
  path: '/{id}/archive',
  summary: 'Archive a campaign (admin)',
  security: [{ admin: [] }],
  request: { params: idParams },
  responses: {
    200: json(z.object({ id: z.string(), archived: z.literal(true) })),
    ...errors(400, 401, 403, 404, 429),
  },
});

const funnel = createRoute({
  method: 'get',
  path: '/{id}/funnel',
  summary:
    'Funnel (admin): per tier wallets that reached / completed / claimed it; per task completions',
  security: [{ admin: [] }],
  request: { params: idParams },
  responses: { 200: json(FunnelSchema), ...errors(400, 401, 403, 404, 429) },
});

/** `/campaigns`: the public read and the operator's writes (list with archived, create, update, archive, funnel). */
export function campaignRoutes(ctx: AppContext) {
  const app = routeApp();
  const admin = requireAdmin(ctx);
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
  const adminWrite = [admin, adminBody, jsonBody()];

  app.openapi(
    {
      ...list,
      middleware: [
        async (c, next) => (c.req.query('archived') === 'true' ? admin(c, next) : next()),
      ],
    },
    async (c) =>
      c.json(
        { campaigns: await ctx.service.campaigns.list(c.req.valid('query').archived === 'true') },
        200,
      ),
  );

  app.openapi(read, async (c) => {
    const view = await ctx.service.campaigns.publicView(c.req.valid('param').id);
    const headers = { ETag: view.etag, 'Cache-Control': 'no-cache' };
    const match = c.req.valid('header')['if-none-match'];
    if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === view.etag))
      return c.body(null, 304, headers);
    return c.json(view.campaign as unknown as Record<string, unknown>, 200, headers);
  });

  app.openapi({ ...create, middleware: adminWrite }, async (c) => {
    const { campaign, etag } = await ctx.service.campaigns.create(c.req.valid('json'));
    return c.json(campaign as unknown as Record<string, unknown>, 201, {
      ETag: etag,
      Location: `/campaigns/${campaign.id}`,
    });
  });

  app.openapi({ ...update, middleware: adminWrite }, async (c) => {
    const { campaign, etag } = await ctx.service.campaigns.update(
      c.req.valid('param').id,
      c.req.valid('json'),
      c.req.valid('header')['if-match'],
    );
    return c.json(campaign as unknown as Record<string, unknown>, 200, { ETag: etag });
  });

  app.openapi({ ...archive, middleware: [admin] as const }, async (c) => {
    const { id } = c.req.valid('param');
    await ctx.service.campaigns.archive(id);
    return c.json({ id, archived: true as const }, 200);
  });

  app.openapi({ ...funnel, middleware: [admin] as const }, async (c) =>
    c.json(await ctx.service.funnel.funnel(c.req.valid('param').id), 200),
  );

  return app;
}
