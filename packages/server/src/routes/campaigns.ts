import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type AppContext, type Env, readJson } from '../context.js';
import { ApiError } from '../http-error.js';
import { requireAdmin } from '../middleware/admin.js';
import { campaignIdParam } from './params.js';

/** `/campaigns`: the public read and the operator's writes (list with archived, create, update, archive, funnel). */
export function campaignRoutes(ctx: AppContext) {
  const app = new Hono<Env>();
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

  app.get('/', async (c, next) => {
    if (c.req.query('archived') === 'true') return admin(c, next);
    await next();
  });
  app.get('/', async (c) =>
    c.json({ campaigns: await ctx.service.campaigns.list(c.req.query('archived') === 'true') }),
  );

  app.get('/:id', async (c) => {
    const view = await ctx.service.campaigns.publicView(campaignIdParam(c));
    const headers = { ETag: view.etag, 'Cache-Control': 'no-cache' };
    const match = c.req.header('if-none-match');
    if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === view.etag))
      return c.body(null, 304, headers);
    return c.json(view.campaign, 200, headers);
  });

  app.post('/', admin, adminBody, async (c) => {
    const { value } = await readJson(c);
    const { campaign, etag } = await ctx.service.campaigns.create(value);
    return c.json(campaign, 201, { ETag: etag, Location: `/campaigns/${campaign.id}` });
  });

  app.put('/:id', admin, adminBody, async (c) => {
    const id = campaignIdParam(c);
    const { value } = await readJson(c);
    const { campaign, etag } = await ctx.service.campaigns.update(
      id,
      value,
      c.req.header('if-match'),
    );
    return c.json(campaign, 200, { ETag: etag });
  });

  app.post('/:id/archive', admin, async (c) => {
    const id = campaignIdParam(c);
    await ctx.service.campaigns.archive(id);
    return c.json({ id, archived: true });
  });

  app.get('/:id/funnel', admin, async (c) =>
    c.json(await ctx.service.funnel.funnel(campaignIdParam(c))),
  );

  return app;
}
