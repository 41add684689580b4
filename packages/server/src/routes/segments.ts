import { createRoute } from '@hono/zod-openapi';
import type { SegmentCountAnswer, SegmentMembersAnswer } from '@questboard/core';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../middleware/admin.js';
import {
  parseSegment,
  SEGMENT_CSV_HEADER,
  SEGMENT_PAGE_DEFAULT,
  SEGMENT_PAGE_MAX,
  SEGMENT_RULE_TYPES,
  type SegmentMember,
  segmentCsvLine,
} from '../segments.js';
import {
  ADDRESS_PATTERN,
  errors,
  fields,
  integer,
  json,
  jsonBody,
  routeApp,
  z,
} from './schemas.js';

/** The formats of `POST /admin/segments/export`. */
export const SEGMENT_EXPORT_FORMATS = ['csv', 'ndjson', 'merkle'] as const;

const RULE_EXAMPLE = {
  type: 'all',
  rules: [
    { type: 'campaign', campaignId: 'demo' },
    { type: 'points', campaignId: 'demo', min: 10 },
  ],
};

const Rule = z.unknown().openapi({
  type: 'object',
  description:
    `A segment rule (docs/server.md, "Segments"): \`type\` one of ${SEGMENT_RULE_TYPES.join(', ')}. ` +
    'Checked by validateSegment: a 400 names each bad field (`rule.rules[1].min`).',
  example: RULE_EXAMPLE,
});

const CountBody = fields({ rule: Rule }).openapi('SegmentQuery', {
  example: { rule: RULE_EXAMPLE },
});

const MembersBody = fields({
  rule: Rule,
  after: z
    .string()
    .regex(ADDRESS_PATTERN, { error: 'must be an address (the `next` of the previous page)' })
    .optional()
    .openapi({ description: 'The `next` of the previous page' }),
  limit: integer(1, SEGMENT_PAGE_MAX).optional().openapi({ default: SEGMENT_PAGE_DEFAULT }),
}).openapi('SegmentMembersQuery', { example: { rule: RULE_EXAMPLE, limit: 100 } });

const Member = z
  .object({
    address: z.string(),
    points: z.number().int().openapi({ description: 'points over every campaign' }),
    tiers: z.number().int().openapi({ description: 'tier rewards claimed' }),
    tasks: z.number().int().openapi({ description: 'tasks completed' }),
    referrer: z
      .string()
      .nullable()
      .openapi({ description: "the referrer of the wallet's earliest referral binding" }),
    firstSeen: z.string().openapi({ format: 'date-time' }),
    lastSeen: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SegmentMember') satisfies z.ZodType<SegmentMember>;

const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const count = createRoute({
  method: 'post',
  path: '/admin/segments/count',
  tags: ['segments'],
  summary: 'How many wallets a segment rule selects (admin)',
  security: [{ admin: [] }],
  request: { body: body(CountBody) },
  responses: {
    200: json(z.object({ count: z.number().int().min(0) })),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const members = createRoute({
  method: 'post',
  path: '/admin/segments/members',
  tags: ['segments'],
  summary: "A page of a segment's members in address order (keyset: pass `next` as `after`; admin)",
  security: [{ admin: [] }],
  request: { body: body(MembersBody) },
  responses: {
    200: json(
      z.object({
        members: z.array(Member),
        next: z.string().optional().openapi({ description: 'absent on the last page' }),
      }),
    ),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const exportRoute = createRoute({
  method: 'post',
  path: '/admin/segments/export',
  tags: ['segments'],
  summary:
    "A segment's members as CSV or NDJSON (streamed page by page), or as a StandardMerkleTree dump (admin)",
  description:
    `CSV: header \`${SEGMENT_CSV_HEADER}\`, one row per member. NDJSON: one SegmentMember per line. ` +
    'merkle: a StandardMerkleTree dump with QuestDrop leaves `[address, uint256]`, amount = points ' +
    '(members with no points left out; 400 when none has any).',
  security: [{ admin: [] }],
  request: {
    query: z.object({
      format: z
        .enum(SEGMENT_EXPORT_FORMATS, {
          error: `Query parameter "format" must be one of ${SEGMENT_EXPORT_FORMATS.join(', ')}.`,
        })
        .default('csv')
        .openapi({ example: 'merkle' }),
    }),
    body: body(CountBody),
  },
  responses: {
    200: {
      description: 'The export',
      content: {
        'application/json': {
          schema: z.object({}).loose().openapi({ description: 'merkle: the tree dump' }),
        },
        'text/csv': { schema: z.string() },
        'application/x-ndjson': { schema: z.string() },
      },
    },
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

/** Lines of text, one page of members read per pull: the whole segment is never in memory. */
function lines(
  pages: AsyncGenerator<SegmentMember[]>,
  first: string[],
  line: (m: SegmentMember) => string,
) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.length) controller.enqueue(encoder.encode(first.map((l) => `${l}\n`).join('')));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map((m) => `${line(m)}\n`).join('')));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

/** Segments: audience queries over every campaign's data (admin key). */
export function segmentRoutes(ctx: AppContext) {
  const app = routeApp();
  const service = () => ctx.service.segments;
  const admin = requireAdmin(ctx);

  app.openapi({ ...count, middleware: [admin, jsonBody()] }, async (c) => {
    const rule = parseSegment(c.req.valid('json').rule);
    return c.json({ count: await service().count(rule) } satisfies SegmentCountAnswer, 200);
  });

  app.openapi({ ...members, middleware: [admin, jsonBody()] }, async (c) => {
    const input = c.req.valid('json');
    const rule = parseSegment(input.rule);
    const page = await service().members(rule, {
      limit: input.limit ?? SEGMENT_PAGE_DEFAULT,
      ...(input.after !== undefined ? { after: input.after } : {}),
    });
    return c.json(page satisfies SegmentMembersAnswer, 200);
  });

  app.openapi({ ...exportRoute, middleware: [admin, jsonBody()] }, async (c) => {
    const { format } = c.req.valid('query');
    const rule = parseSegment(c.req.valid('json').rule);
    if (format === 'merkle') {
      const { round } = await service().merkle(rule);
      return c.json(round.tree.dump() as unknown as Record<string, unknown>, 200, {
        'Content-Disposition': 'attachment; filename="segment-merkle.json"',
      });
    }
    const csv = format === 'csv';
    const stream = lines(
      service().pages(rule),
      csv ? [SEGMENT_CSV_HEADER] : [],
      csv ? segmentCsvLine : (m) => JSON.stringify(m),
    );
    return c.body(stream, 200, {
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="segment.${csv ? 'csv' : 'ndjson'}"`,
      'Cache-Control': 'no-store',
    }) as never;
  });

  return app;
}
