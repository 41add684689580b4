// The OpenAPI document against the server that serves it, through a real 127.0.0.1 socket:
// every route the app serves is documented with its method, and a request built from the
// document alone (its parameter and body examples, its security schemes) gets a status the
// document lists for that operation, with a body matching that status's schema. The same
// again without credentials (401 must be listed) and with a path parameter that breaks its
// pattern (400 must be listed).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from './context.js';
import { ErrorSchema } from './routes/schemas.js';
import type { RunningServer } from './server.js';
import {
  ADMIN_KEY,
  accounts,
  call,
  createCampaign,
  ORIGIN,
  type Reply,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  example?: unknown;
  schema?: { example?: unknown; $ref?: string };
}
interface Operation {
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { example?: unknown; schema: { $ref?: string; example?: unknown } }>;
  };
  responses: Record<string, unknown>;
}
interface Document {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

/** Operations whose success ends what later ones need (the session, the campaign) run last. */
const LAST = [
  'post /auth/signout',
  'post /campaigns/{id}/archive',
  'delete /admin/issuers/{address}',
  'delete /admin/segments/{name}',
];

describe('the OpenAPI document is the contract', () => {
  let server: RunningServer;
  let doc: Document;
  before(async () => {
    // Sign-in keeps working after the document's example archives the campaign.
    // trustProxy: the no-credentials pass comes from its own client addresses, so its wrong admin
    // keys do not use up the per-IP admin failure limit of the passes that send the key.
    server = await startTestServer({ corsOrigins: [ORIGIN], trustProxy: true });
    await createCampaign(server, await testCampaign());
    const token = await signIn(server, accounts[0]!);
    // A credential to list.
    await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token });
    doc = (await call(server, 'GET', '/openapi.json')).body;
  });
  after(() => server.close());

  const operations = () =>
    Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method]! })),
      )
      .sort(
        (a, b) => LAST.indexOf(`${a.method} ${a.path}`) - LAST.indexOf(`${b.method} ${b.path}`),
      );

  /** The route definitions behind the document: their zod response schemas check answers. */
  function responseSchema(method: string, path: string, status: number): z.ZodType | undefined {
    const app = server.app as unknown as OpenAPIHono<Env>;
    for (const def of app.openAPIRegistry.definitions) {
      if (def.type !== 'route' || def.route.method !== method || def.route.path !== path) continue;
      const response = def.route.responses[status] as
        | { $ref?: string; content?: Record<string, { schema: z.ZodType }> }
        | undefined;
      if (response?.$ref?.startsWith('#/components/responses/E')) return ErrorSchema;
      return response && 'content' in response
        ? response.content?.['application/json']?.schema
        : undefined;
    }
    throw new Error(`no route definition for ${method} ${path}`);
  }

  const exampleOf = (p: Parameter) => p.example ?? p.schema?.example;

  function bodyExample(op: Operation): unknown {
    const media = op.requestBody?.content['application/json'];
    if (!media) return undefined;
    const ref = media.schema.$ref?.replace('#/components/schemas/', '');
    return media.example ?? media.schema.example ?? (ref && doc.components.schemas[ref]?.example);
  }

  async function send(
    method: string,
    path: string,
    op: Operation,
    options: { credentials: boolean; badPath?: boolean; clientIp?: string },
  ) {
    let url = path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    if (options.clientIp) headers['x-forwarded-for'] = options.clientIp;
    for (const p of op.parameters ?? []) {
      const example = exampleOf(p);
      if (p.in === 'path') {
        assert.notEqual(
          example,
          undefined,
          `${method} ${path}: path parameter ${p.name} has an example`,
        );
        const value = options.badPath ? 'not a valid segment!' : String(example);
        url = url.replace(`{${p.name}}`, encodeURIComponent(value));
      } else if (example !== undefined && p.in === 'query')
        for (const v of [example].flat()) query.append(p.name, String(v));
      else if (example !== undefined && p.in === 'header') headers[p.name] = String(example);
      else assert.ok(!p.required, `${method} ${path}: required ${p.in} ${p.name} has an example`);
    }
    if (query.size) url += `?${query}`;
    if (options.credentials)
      for (const scheme of Object.keys(op.security?.[0] ?? {}))
        headers.authorization = `Bearer ${scheme === 'admin' ? ADMIN_KEY : await signIn(server, accounts[1]!)}`;
    const body = bodyExample(op);
    if (op.requestBody?.required)
      assert.notEqual(body, undefined, `${method} ${path}: the required body has an example`);
    return call(server, method.toUpperCase(), url, {
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  }

  test('every served route is documented with its method', () => {
    // The operator console (`/console`) is a static page, not API: absent from the document.
    const routes = server.app.routes.filter(
      (r) => r.method !== 'ALL' && !/^\/console(?:\/|$)/.test(r.path),
    );
    assert.ok(routes.length >= 20, `the app serves ${routes.length} routes`);
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const method = route.method.toLowerCase() as (typeof METHODS)[number];
      assert.ok(doc.paths[path]?.[method], `${route.method} ${route.path} is in the document`);
    }
  });

  test('requests built from the document get a documented status and body', async () => {
    const seen: string[] = [];
    for (const { method, path, op } of operations()) {
      const reply = await send(method, path, op, { credentials: true });
      const what = `${method.toUpperCase()} ${path} → ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`;
      assert.ok(String(reply.status) in op.responses, `${what}: status not documented`);
      assert.ok(reply.status < 500, what);
      const schema = responseSchema(method, path, reply.status);
      if (schema) {
        const parsed = schema.safeParse(reply.body);
        assert.ok(parsed.success, `${what}: ${JSON.stringify(parsed.error?.issues)}`);
      } else
        assert.ok(reply.body === null || reply.status === 304, `${what}: an undocumented body`);
      seen.push(`${method} ${path} ${reply.status}`);
    }
    // The examples reach the handlers: most operations succeed.
    const ok = seen.filter((s) => /\s2\d\d$/.test(s));
    assert.ok(ok.length >= seen.length * 0.6, seen.join('\n'));
  });

  test('without credentials a secured operation answers 401, which it documents', async () => {
    let n = 0;
    for (const { method, path, op } of operations()) {
      if (!op.security?.length) continue;
      const clientIp = `198.51.100.${++n}`;
      const reply = await send(method, path, op, { credentials: false, clientIp });
      assert.equal(reply.status, 401, `${method} ${path} → ${reply.status}`);
      assert.ok('401' in op.responses, `${method} ${path} documents 401`);
      assert.ok(ErrorSchema.safeParse(reply.body).success, JSON.stringify(reply.body));
    }
  });

  test('a path parameter breaking its pattern answers 400, which the operation documents', async () => {
    for (const { method, path, op } of operations()) {
      if (!op.parameters?.some((p) => p.in === 'path')) continue;
      const reply = await send(method, path, op, { credentials: true, badPath: true });
      assert.equal(
        reply.status,
        400,
        `${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`,
      );
      assert.ok('400' in op.responses, `${method} ${path} documents 400`);
      assert.match(reply.body.error.message, /not a valid segment!/);
    }
  });

  test('a request the schemas refuse gets the error shape, naming what is wrong, and changes nothing', async () => {
    const token = await signIn(server, accounts[2]!);
    const verify = '/campaigns/demo/tasks/handle/verify';
    const cases: [string, Promise<Reply>, number, RegExp, string?][] = [
      [
        'null field',
        call(server, 'POST', verify, { token, body: { input: null } }),
        400,
        /invalid fields/,
        'input',
      ],
      [
        'array body',
        call(server, 'POST', verify, { token, raw: '[1]' }),
        400,
        /must be a JSON object/,
      ],
      [
        'missing fields',
        call(server, 'POST', '/auth/verify', { body: {} }),
        400,
        /invalid fields/,
        'message',
      ],
      [
        'repeated query',
        call(server, 'GET', '/campaigns/demo/leaderboard?limit=1&limit=2'),
        400,
        /"limit" must be an integer from 1 to 100/,
        'limit',
      ],
      [
        'bad header',
        call(server, 'POST', verify, { token, body: {}, headers: { 'idempotency-key': 'a b' } }),
        400,
        /Idempotency-Key must be/,
        'idempotency-key',
      ],
      [
        'bad query value',
        call(server, 'GET', '/campaigns?archived=yes'),
        400,
        /"archived" must be true or false/,
        'archived',
      ],
      [
        'not JSON',
        call(server, 'POST', '/auth/verify', {
          raw: '{}',
          headers: { 'content-type': 'application/json-seq' },
        }),
        415,
        /Send the body as JSON/,
      ],
    ];
    const before = await server.db.query('SELECT count(*)::int AS n FROM completions');
    for (const [what, pending, status, message, path] of cases) {
      const reply = await pending;
      assert.equal(reply.status, status, `${what}: ${JSON.stringify(reply.body)}`);
      assert.ok(ErrorSchema.safeParse(reply.body).success, what);
      assert.equal(reply.body.error.code, 'BAD_REQUEST', what);
      assert.match(reply.body.error.message, message, what);
      if (path) assert.equal(reply.body.error.issues?.[0]?.path, path, what);
    }
    assert.deepEqual(await server.db.query('SELECT count(*)::int AS n FROM completions'), before);
  });
});
