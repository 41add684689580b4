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
import { SEGMENT_NAME } from '../store-segments.js';
import {
  ADDRESS_PATTERN,
  errors,
  fields,
  integer,
  intQuery,
  json,
  jsonBody,
  routeApp,
  segment,
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

// --- saved segments ---------------------------------------------------------------------------

const nameParams = z.object({
  name: segment(
    SEGMENT_NAME,
    (v) =>
      `"${v}" is not a segment name (1–64 letters, digits, - and _, starting with a letter or digit).`,
    'early-supporters',
  ).openapi({ description: 'Segment name' }),
});

const SavedBody = fields({ rule: Rule }).openapi('SavedSegmentBody', {
  example: { rule: RULE_EXAMPLE },
});

const Saved = z
  .object({
    name: z.string(),
    rule: z.object({}).loose().openapi({ description: 'The segment rule' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SavedSegment');

const MembersPage = z.object({
  members: z.array(Member),
  next: z.string().optional().openapi({ description: 'absent on the last page' }),
});

const putSaved = createRoute({
  method: 'put',
  path: '/admin/segments/{name}',
  tags: ['segments'],
  summary: 'Saves a named segment (created or replaced; admin)',
  description:
    "A campaign tier's `unlock: { segment: name }` opens the tier only to the segment's members. " +
    'The rule is checked by validateSegment: a 400 names each bad field (`rule.rules[1].min`).',
  security: [{ admin: [] }],
  request: { params: nameParams, body: body(SavedBody) },
  responses: {
    200: json(Saved, 'Replaced'),
    201: json(Saved, 'Created'),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const listSaved = createRoute({
  method: 'get',
  path: '/admin/segments',
  tags: ['segments'],
  summary: 'Every saved segment, by name (admin)',
  security: [{ admin: [] }],
  responses: {
    200: json(z.object({ segments: z.array(Saved) })),
    ...errors(401, 403, 429),
  },
});

const getSaved = createRoute({
  method: 'get',
  path: '/admin/segments/{name}',
  tags: ['segments'],
  summary: 'One saved segment (admin)',
  security: [{ admin: [] }],
  request: { params: nameParams },
  responses: { 200: json(Saved), ...errors(400, 401, 403, 404, 429) },
});

const deleteSaved = createRoute({
  method: 'delete',
  path: '/admin/segments/{name}',
  tags: ['segments'],
  summary: "Deletes a saved segment; 409 while a live campaign's tier is gated on it (admin)",
  security: [{ admin: [] }],
  request: { params: nameParams },
  responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 409, 429) },
});

const countSaved = createRoute({
  method: 'get',
  path: '/admin/segments/{name}/count',
  tags: ['segments'],
  summary: 'How many wallets a saved segment holds (admin)',
  security: [{ admin: [] }],
  request: { params: nameParams },
  responses: {
    200: json(z.object({ count: z.number().int().min(0) })),
    ...errors(400, 401, 403, 404, 429),
  },
});

const membersSaved = createRoute({
  method: 'get',
  path: '/admin/segments/{name}/members',
  tags: ['segments'],
  summary: "A page of a saved segment's members in address order (pass `next` as `after`; admin)",
  security: [{ admin: [] }],
  request: {
    params: nameParams,
    query: z.object({
      after: z
        .string({ error: () => 'Query parameter "after" must be given once.' })
        .regex(ADDRESS_PATTERN, {
          error: 'Query parameter "after" must be an address (the `next` of the previous page).',
        })
        .optional()
        .openapi({ description: 'The `next` of the previous page' }),
      limit: intQuery('limit', SEGMENT_PAGE_DEFAULT, 1, SEGMENT_PAGE_MAX),
    }),
  },
  responses: { 200: json(MembersPage), ...errors(400, 401, 403, 404, 429) },
});

const exportSaved = createRoute({
  method: 'get',
  path: '/admin/segments/{name}/export',
  tags: ['segments'],
  summary: "A saved segment's members as CSV, NDJSON or a StandardMerkleTree dump (admin)",
  description: 'The same formats as `POST /admin/segments/export`.',
  security: [{ admin: [] }],
  request: {
    params: nameParams,
    query: z.object({
      format: z
        .enum(SEGMENT_EXPORT_FORMATS, {
          error: `Query parameter "format" must be one of ${SEGMENT_EXPORT_FORMATS.join(', ')}.`,
        })
        .default('csv')
        .openapi({ example: 'merkle' }),
    }),
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
    ...errors(400, 401, 403, 404, 429),
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

/** A CSV or NDJSON export streamed page by page (`filename` is a segment name or `segment`). */
function exportBody(
  c: {
    body: (
      stream: ReadableStream<Uint8Array>,
      status: 200,
      headers: Record<string, string>,
    ) => Response;
  },
  pages: AsyncGenerator<SegmentMember[]>,
  format: 'csv' | 'ndjson',
  filename: string,
): Response {
  const csv = format === 'csv';
  const stream = lines(
    pages,
    csv ? [SEGMENT_CSV_HEADER] : [],
    csv ? segmentCsvLine : (m) => JSON.stringify(m),
  );
  return c.body(stream, 200, {
    'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}.${csv ? 'csv' : 'ndjson'}"`,
    'Cache-Control': 'no-store',
  });
}

/** Segments: audience queries over every campaign's data, and saved (named) segments (admin key). */
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
    return exportBody(c, service().pages(rule), format, 'segment') as never;
  });

  const saved = () => ctx.service.savedSegments;

  app.openapi({ ...putSaved, middleware: [admin, jsonBody()] }, async (c) => {
    const { name } = c.req.valid('param');
    const rule = parseSegment(c.req.valid('json').rule);
    const { segment, created } = await saved().put(name, rule);
    return created ? c.json(segment, 201) : c.json(segment, 200);
  });

  app.openapi({ ...listSaved, middleware: [admin] }, async (c) =>
    c.json({ segments: await saved().list() }, 200),
  );

  app.openapi({ ...getSaved, middleware: [admin] }, async (c) =>
    c.json(await saved().get(c.req.valid('param').name), 200),
  );

  app.openapi({ ...deleteSaved, middleware: [admin] }, async (c) => {
    await saved().delete(c.req.valid('param').name);
    return c.body(null, 204);
  });

  app.openapi({ ...countSaved, middleware: [admin] }, async (c) =>
    c.json({ count: await saved().count(c.req.valid('param').name) }, 200),
  );

  app.openapi({ ...membersSaved, middleware: [admin] }, async (c) => {
    const { name } = c.req.valid('param');
    const { after, limit } = c.req.valid('query');
    return c.json(
      await saved().members(name, { limit, ...(after !== undefined ? { after } : {}) }),
      200,
    );
  });

  app.openapi({ ...exportSaved, middleware: [admin] }, async (c) => {
    const { name } = c.req.valid('param');
    const { format } = c.req.valid('query');
    if (format === 'merkle') {
      const { round } = await saved().merkle(name);
      return c.json(round.tree.dump() as unknown as Record<string, unknown>, 200, {
        'Content-Disposition': `attachment; filename="${name}-merkle.json"`,
      });
    }
    return exportBody(c, await saved().pages(name), format, name) as never;
  });

  return app;
}
