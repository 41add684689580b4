import type { TokenProofResponse } from '@questboard/core';
import { Hono } from 'hono';
import { getAddress, isAddress } from 'viem';
import { type AppContext, type Ctx, checkFields, type Env } from '../context.js';
import { badRequest } from '../http-error.js';
import { requireAdmin } from '../middleware/admin.js';
import { addressParam, campaignIdParam, idParam, optionalBody } from './params.js';

const LIST = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function roundParam(c: Ctx): number {
  const raw = c.req.param('round') ?? '';
  if (!/^[1-9]\d{0,8}$/.test(raw))
    throw badRequest(`"${raw.slice(0, 20)}" is not a round number (1, 2, …).`);
  return Number(raw);
}

const csv = (c: Ctx, body: string, filename: string) =>
  c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });

/**
 * Rewards: the proof a visitor claims a token tier's drop with (public), and the operator's
 * rounds and exports under `/admin/campaigns/{id}/…` (admin key).
 */
export function rewardRoutes(ctx: AppContext) {
  const app = new Hono<Env>();
  const rewards = () => ctx.service.rewards;

  app.get('/campaigns/:id/tiers/:tierId/proof/:address', async (c) => {
    const proof: TokenProofResponse = await rewards().proof(
      campaignIdParam(c),
      idParam(c, 'tierId'),
      addressParam(c),
    );
    return c.json(proof, 200, { 'Cache-Control': 'no-cache' });
  });

  app.use('/admin/campaigns/:id/rounds', requireAdmin(ctx));
  app.use('/admin/campaigns/:id/rounds/*', requireAdmin(ctx));
  app.use('/admin/campaigns/:id/allowlists/*', requireAdmin(ctx));

  app.post('/admin/campaigns/:id/rounds', async (c) => {
    const id = campaignIdParam(c);
    const { value } = await optionalBody(c);
    const body = checkFields(value, {
      chainId: { type: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
      contract: { type: 'string', max: 42 },
    }) as { chainId?: number; contract?: string };
    if (body.contract !== undefined && !isAddress(body.contract))
      throw badRequest('contract must be an address (0x and 40 hex digits).', {
        issues: [{ path: 'contract', message: 'is not an address (or not its checksum)' }],
      });
    const { round, created } = await rewards().closeRound(id, {
      ...(body.chainId !== undefined ? { chainId: body.chainId } : {}),
      ...(body.contract !== undefined ? { contract: getAddress(body.contract) } : {}),
    });
    return c.json(round, created ? 201 : 200);
  });

  app.get('/admin/campaigns/:id/rounds', async (c) =>
    c.json({ rounds: await rewards().listRounds(campaignIdParam(c)) }),
  );

  app.get('/admin/campaigns/:id/rounds/:round/allowlist.csv', async (c) => {
    const id = campaignIdParam(c);
    const round = roundParam(c);
    return csv(c, await rewards().roundCsv(id, round), `${id}-round-${round}.csv`);
  });

  app.get('/admin/campaigns/:id/rounds/:round/dump.json', async (c) => {
    const id = campaignIdParam(c);
    return c.json(await rewards().roundDump(id, roundParam(c)));
  });

  app.get('/admin/campaigns/:id/allowlists/:file', async (c) => {
    const id = campaignIdParam(c);
    const file = c.req.param('file') ?? '';
    const list = file.endsWith('.csv') ? file.slice(0, -4) : '';
    if (!LIST.test(list))
      throw badRequest(
        `"${file.slice(0, 80)}" is not an allowlist file: the list's name (letters, digits, - and _) then .csv.`,
      );
    return csv(c, await rewards().allowlistCsv(id, list), `${id}-${list}.csv`);
  });

  return app;
}
