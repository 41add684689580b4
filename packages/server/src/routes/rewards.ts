import { createRoute } from '@hono/zod-openapi';
import type { RewardDelivery, TokenProofResponse } from '@questboard/core';
import { getAddress, isAddress } from 'viem';
import type { AppContext, Ctx } from '../context.js';
import { requireAdmin } from '../middleware/admin.js';
import {
  Address,
  addressParam,
  campaignIdParam,
  ErrorSchema,
  errors,
  fields,
  integer,
  json,
  jsonBody,
  routeApp,
  segment,
  tierIdParam,
  z,
} from './schemas.js';

const HASH = /^0x[0-9a-f]{64}$/;
const UINT = /^[0-9]+$/;
const Hash = z.string().regex(HASH);
const Uint = z.string().regex(UINT);

export const TokenProofSchema = z
  .object({
    round: z.number().int().min(1),
    root: Hash as unknown as z.ZodType<`0x${string}`>,
    amount: Uint.openapi({ description: 'cumulative base units over every round' }),
    proof: z.array(Hash) as unknown as z.ZodType<`0x${string}`[]>,
  })
  .openapi('TokenProof', {
    description: 'Arguments of QuestDrop.claim(amount, proof) from the latest closed round.',
  }) satisfies z.ZodType<TokenProofResponse>;

export const RewardDeliverySchema = z
  .union([
    z.object({ kind: z.literal('credential') }),
    z
      .object({
        kind: z.literal('badge'),
        chainId: z.number().int(),
        contract: Address,
        voucher: z.object({
          to: Address,
          campaign: Hash as unknown as z.ZodType<`0x${string}`>,
          tier: Hash as unknown as z.ZodType<`0x${string}`>,
          nonce: Uint,
          validAfter: Uint,
          validBefore: Uint,
        }),
        signature: z.string().regex(/^0x[0-9a-fA-F]+$/) as unknown as z.ZodType<`0x${string}`>,
      })
      .openapi({ description: 'Send QuestBadge.claim(voucher, signature) on chainId.' }),
    z
      .object({
        kind: z.literal('token'),
        chainId: z.number().int(),
        contract: Address,
        token: z.object({
          address: Address,
          symbol: z.string(),
          decimals: z.number().int().min(0).max(36),
        }),
        amount: Uint,
        proof: TokenProofSchema.optional(),
      })
      .openapi({
        description:
          "This tier's amount (base units) in the drop's ledger; proof once a closed round includes the address.",
      }),
    z.object({ kind: z.literal('allowlist'), list: z.string() }),
  ])
  .openapi('RewardDelivery', {
    description:
      "What a claim delivers, by the reward's kind (docs/rewards.md). The same on every claim of the tier by the address (a badge's voucher is stored).",
  }) as unknown as z.ZodType<RewardDelivery>;

const RoundSchema = z
  .object({
    round: z.number().int().min(1),
    chainId: z.number().int(),
    contract: z.string().openapi({ description: 'the QuestDrop (lowercase)' }),
    root: Hash,
    total: Uint.openapi({ description: 'base units the drop must hold for this round' }),
    count: z.number().int().openapi({ description: 'addresses in the round' }),
    closedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Round');

const roundParam = segment(
  /^[1-9]\d{0,8}$/,
  (v) => `"${v.slice(0, 20)}" is not a round number (1, 2, …).`,
  '1',
).openapi({ description: 'Round number' });

const allowlistFile = segment(
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.csv$/,
  (v) =>
    `"${v.slice(0, 80)}" is not an allowlist file: the list's name (letters, digits, - and _) then .csv.`,
  'early.csv',
).openapi({ description: 'The list name then `.csv`' });

const csvResponse = { description: 'CSV', content: { 'text/csv': { schema: z.string() } } };

const proof = createRoute({
  method: 'get',
  path: '/campaigns/{id}/tiers/{tierId}/proof/{address}',
  summary:
    "The merkle proof an address claims a token tier's drop with (latest closed round of the tier's drop)",
  request: {
    params: z.object({
      id: campaignIdParam,
      tierId: tierIdParam.openapi({ description: 'Tier id (a token tier)' }),
      address: addressParam.openapi({ description: 'The claiming address' }),
    }),
  },
  responses: {
    200: json(TokenProofSchema),
    ...errors(400, 429),
    404: json(
      ErrorSchema,
      'NOT_FOUND: no closed round includes the address yet; or an unknown campaign or tier',
    ),
  },
});

const CloseRoundSchema = fields({
  chainId: integer(1, Number.MAX_SAFE_INTEGER).optional(),
  contract: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, { error: 'is not an address (0x and 40 hex digits)' })
    .refine((value) => isAddress(value), { error: 'is not its checksum (mixed case)' })
    .optional(),
}).openapi({
  description: "Names the drop when the campaign's token tiers pay from more than one",
  example: {},
});

const closeRound = createRoute({
  method: 'post',
  path: '/admin/campaigns/{id}/rounds',
  summary:
    'Close a drop round from the ledger of claimed token tiers (admin); the same ledger gives the same round (200, no new row)',
  security: [{ admin: [] }],
  request: {
    params: z.object({ id: campaignIdParam }),
    body: { required: false, content: { 'application/json': { schema: CloseRoundSchema } } },
  },
  responses: {
    200: json(RoundSchema, 'The latest round already holds this ledger'),
    201: json(RoundSchema, 'A new round'),
    ...errors(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const listRounds = createRoute({
  method: 'get',
  path: '/admin/campaigns/{id}/rounds',
  summary: "The campaign's closed rounds, oldest first (admin)",
  security: [{ admin: [] }],
  request: { params: z.object({ id: campaignIdParam }) },
  responses: {
    200: json(z.object({ rounds: z.array(RoundSchema) })),
    ...errors(400, 401, 403, 404, 429),
  },
});

const roundCsv = createRoute({
  method: 'get',
  path: '/admin/campaigns/{id}/rounds/{round}/allowlist.csv',
  summary: 'A round as CSV `address,amount` (checksummed, one row per address; admin)',
  security: [{ admin: [] }],
  request: { params: z.object({ id: campaignIdParam, round: roundParam }) },
  responses: { 200: csvResponse, ...errors(400, 401, 403, 404, 429) },
});

const roundDump = createRoute({
  method: 'get',
  path: '/admin/campaigns/{id}/rounds/{round}/dump.json',
  summary: "A round's StandardMerkleTree dump (admin; what scripts/publish-root.mjs reads)",
  security: [{ admin: [] }],
  request: { params: z.object({ id: campaignIdParam, round: roundParam }) },
  responses: { 200: json(z.object({}).loose()), ...errors(400, 401, 403, 404, 429) },
});

const allowlist = createRoute({
  method: 'get',
  path: '/admin/campaigns/{id}/allowlists/{file}',
  summary:
    'The addresses that claimed a tier of an allowlist, as CSV `address` (checksummed, deduplicated; admin)',
  security: [{ admin: [] }],
  request: { params: z.object({ id: campaignIdParam, file: allowlistFile }) },
  responses: { 200: csvResponse, ...errors(400, 401, 403, 404, 429) },
});

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
  const app = routeApp();
  const rewards = () => ctx.service.rewards;
  const admin = requireAdmin(ctx);

  app.openapi(proof, async (c) => {
    const { id, tierId, address } = c.req.valid('param');
    const body: TokenProofResponse = await rewards().proof(id, tierId, getAddress(address));
    return c.json(body, 200, { 'Cache-Control': 'no-cache' });
  });

  app.openapi({ ...closeRound, middleware: [admin, jsonBody({ optional: true })] }, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const { round, created } = await rewards().closeRound(id, {
      ...(body.chainId !== undefined ? { chainId: body.chainId } : {}),
      ...(body.contract !== undefined ? { contract: getAddress(body.contract) } : {}),
    });
    return created ? c.json(round, 201) : c.json(round, 200);
  });

  app.openapi({ ...listRounds, middleware: [admin] }, async (c) =>
    c.json({ rounds: await rewards().listRounds(c.req.valid('param').id) }, 200),
  );

  app.openapi({ ...roundCsv, middleware: [admin] }, async (c) => {
    const { id, round } = c.req.valid('param');
    const n = Number(round);
    return csv(c, await rewards().roundCsv(id, n), `${id}-round-${n}.csv`) as never;
  });

  app.openapi({ ...roundDump, middleware: [admin] }, async (c) => {
    const { id, round } = c.req.valid('param');
    return c.json(await rewards().roundDump(id, Number(round)), 200);
  });

  app.openapi({ ...allowlist, middleware: [admin] }, async (c) => {
    const { id, file } = c.req.valid('param');
    const list = file.slice(0, -4);
    return csv(c, await rewards().allowlistCsv(id, list), `${id}-${list}.csv`) as never;
  });

  return app;
}
