import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { evaluateRule } from './evaluate.js';
import { fillUrl } from './http.js';
import type { Address, EvaluationContext, Rule, RuleResult } from './types.js';

const alice: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const bob: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

let server: Server;
let base = '';
let requests: { method: string; url: string; body: string; headers: IncomingMessage['headers'] }[] =
  [];
const hanging = new Set<ServerResponse>();

function json(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(typeof body === 'string' ? body : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

before(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method!, url: req.url!, body, headers: req.headers });
    const url = new URL(req.url!, 'http://127.0.0.1');
    const who = (url.searchParams.get('address') ?? url.pathname.split('/')[2] ?? '').toLowerCase();
    const isAlice = who === alice.toLowerCase();
    switch (url.pathname.split('/')[1]) {
      case 'isValid': // TaskOn-style
        return json(res, 200, { result: { isValid: isAlice } });
      case 'point':
        return json(res, 200, { result: { point: isAlice ? 3 : 0 } });
      case 'data': // Galxe-style
        return json(res, 200, { data: { result: isAlice } });
      case 'status': // Zealy-style
        return isAlice ? json(res, 200, { ok: true }) : json(res, 400, { message: 'not done' });
      case 'progress':
        return isAlice
          ? json(res, 200, { completed: true, numerator: 5, denominator: 5 })
          : json(res, 200, { completed: false, numerator: 2, denominator: 5 });
      case 'big':
        // 12345678901234567890123 is not representable as a double.
        return json(
          res,
          200,
          '{"balance": 12345678901234567890123, "tags": ["og", "early"], "name": "Alice"}',
        );
      case 'echo':
        return json(res, 200, { method: req.method, url: req.url, body });
      case 'unknown':
        return json(res, 200, { valid: true });
      case 'empty':
        return res.writeHead(200).end();
      case 'slow':
        hanging.add(res);
        return;
      case 'fail500':
        return json(res, 500, { error: 'boom' });
      case 'html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
      case 'huge': {
        // 2 MB streamed without a content-length.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = 'x'.repeat(64 * 1024);
        res.write('{"pad":"');
        for (let i = 0; i < 32; i++) res.write(chunk);
        return res.end('"}');
      }
      case 'redirect':
        return res.writeHead(302, { location: `/isValid/${who}` }).end();
      case 'graphql': {
        const { query, variables } = JSON.parse(body) as {
          query: string;
          variables: { address: string };
        };
        if (query.includes('broken'))
          return json(res, 200, { errors: [{ message: 'Cannot query field "broken"' }] });
        const mine = variables.address.toLowerCase() === alice.toLowerCase();
        return json(res, 200, {
          data: { user: { quests: mine ? 4 : 0, xp: mine ? '100000000000000000000001' : '0' } },
        });
      }
      default:
        return json(res, 404, { error: 'no route' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function ctx(address: Address, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return { address, timeoutMs: 2_000, ...extra };
}

function http(path: string, extra: Partial<Extract<Rule, { type: 'http' }>> = {}): Rule {
  return { type: 'http', url: `${base}${path}`, ...extra };
}

function expectError(result: RuleResult, code: string, retryable?: boolean): void {
  assert.equal(result.status, 'error', `expected an error, got ${JSON.stringify(result)}`);
  if (result.status === 'error') {
    assert.equal(result.code, code, result.message);
    if (retryable !== undefined) assert.equal(result.retryable, retryable);
  }
}

describe('http: response shapes of existing quest endpoints work unchanged', () => {
  test('{"result":{"isValid":…}} (auto and explicit)', async () => {
    assert.equal((await evaluateRule(http('/isValid/$address'), ctx(alice))).status, 'pass');
    assert.equal((await evaluateRule(http('/isValid/$address'), ctx(bob))).status, 'fail');
    assert.equal(
      (await evaluateRule(http('/isValid/$address', { format: 'isValid' }), ctx(alice))).status,
      'pass',
    );
  });

  test('{"result":{"point":n}} with minPoints (boundary)', async () => {
    assert.deepEqual(await evaluateRule(http('/point?address=$address'), ctx(alice)), {
      status: 'pass',
      observed: '3',
    });
    assert.equal(
      (await evaluateRule(http('/point?address=$address', { minPoints: 3 }), ctx(alice))).status,
      'pass',
    );
    const r = await evaluateRule(
      http('/point?address=$address', { format: 'point', minPoints: 4 }),
      ctx(alice),
    );
    assert.equal(r.status, 'fail');
    assert.equal((await evaluateRule(http('/point?address=$address'), ctx(bob))).status, 'fail');
  });

  test('{"data":{"result":…}}', async () => {
    assert.equal((await evaluateRule(http('/data/$address'), ctx(alice))).status, 'pass');
    assert.equal(
      (await evaluateRule(http('/data/$address', { format: 'dataResult' }), ctx(bob))).status,
      'fail',
    );
  });

  test('HTTP 200 vs 400', async () => {
    assert.equal(
      (await evaluateRule(http('/status/$address', { format: 'status' }), ctx(alice))).status,
      'pass',
    );
    const r = await evaluateRule(http('/status/$address'), ctx(bob));
    // A 400 is "not done", and the endpoint's own message is the reason.
    assert.deepEqual(r, { status: 'fail', reason: 'not done' });
  });

  test('{completed, numerator, denominator} as progress', async () => {
    assert.equal((await evaluateRule(http('/progress/$address'), ctx(alice))).status, 'pass');
    const r = await evaluateRule(http('/progress/$address', { format: 'progress' }), ctx(bob));
    assert.deepEqual(r, {
      status: 'progress',
      current: 2,
      target: 5,
      reason: `${base} reports 2 of 5 done`,
    });
  });

  test('an unknown shape is an error asking for a predicate; an empty 200 never passes', async () => {
    expectError(await evaluateRule(http('/unknown'), ctx(alice)), 'MALFORMED_RESPONSE');
    expectError(await evaluateRule(http('/empty'), ctx(alice)), 'MALFORMED_RESPONSE');
    assert.equal(
      (await evaluateRule(http('/empty', { format: 'status' }), ctx(alice))).status,
      'pass',
    );
    expectError(
      await evaluateRule(http('/unknown', { format: 'isValid' }), ctx(alice)),
      'MALFORMED_RESPONSE',
    );
  });
});

describe('http: predicates', () => {
  test('big integers in the body are compared exactly', async () => {
    const rule = (value: string) =>
      http('/big', { predicate: { path: 'balance', op: 'gte', value } });
    assert.equal((await evaluateRule(rule('12345678901234567890123'), ctx(alice))).status, 'pass');
    const r = await evaluateRule(rule('12345678901234567890124'), ctx(alice));
    assert.equal(r.status, 'fail');
    if (r.status === 'fail')
      assert.match(
        r.reason,
        /`balance` is 12345678901234567890123, expected ≥ 12345678901234567890124/,
      );
  });

  test('contains, in, matches, exists, not', async () => {
    const p = (predicate: object) =>
      http('/big', { predicate } as Partial<Extract<Rule, { type: 'http' }>>);
    assert.equal(
      (await evaluateRule(p({ path: 'tags', op: 'contains', value: 'og' }), ctx(alice))).status,
      'pass',
    );
    assert.equal(
      (await evaluateRule(p({ path: 'name', op: 'in', value: ['Alice', 'Bob'] }), ctx(alice)))
        .status,
      'pass',
    );
    assert.equal(
      (
        await evaluateRule(
          p({ path: 'name', op: 'matches', value: '^ali', flags: 'i' }),
          ctx(alice),
        )
      ).status,
      'pass',
    );
    assert.equal(
      (await evaluateRule(p({ path: 'tags[1]', op: 'eq', value: 'early' }), ctx(alice))).status,
      'pass',
    );
    assert.equal(
      (await evaluateRule(p({ not: { path: 'missing', op: 'exists' } }), ctx(alice))).status,
      'pass',
    );
    assert.equal(
      (await evaluateRule(p({ path: 'missing', op: 'exists' }), ctx(alice))).status,
      'fail',
    );
  });

  test('POST with a JSON body carrying $address', async () => {
    requests = [];
    const r = await evaluateRule(
      http('/echo', {
        method: 'POST',
        body: { wallet: '$address', note: 'for $address' },
        predicate: { path: 'method', op: 'eq', value: 'POST' },
      }),
      ctx(alice),
    );
    assert.equal(r.status, 'pass');
    assert.deepEqual(JSON.parse(requests[0]!.body), { wallet: alice, note: `for ${alice}` });
    assert.equal(requests[0]!.headers['content-type'], 'application/json');
  });
});

describe('http: $address cannot inject', () => {
  test('the address is URL-encoded where the template says $address', () => {
    assert.equal(
      fillUrl('http://h/q?a=$address&b=1', '0x1&admin=true#x'),
      'http://h/q?a=0x1%26admin%3Dtrue%23x&b=1',
    );
    assert.equal(fillUrl('http://h/u/$address/x', '../../admin'), 'http://h/u/..%2F..%2Fadmin/x');
  });

  test('the server sees exactly the checksummed address, and a non-address is never sent', async () => {
    requests = [];
    await evaluateRule(
      http('/echo?a=$address', { predicate: { path: 'url', op: 'exists' } }),
      ctx(alice.toLowerCase() as Address),
    );
    assert.equal(requests[0]!.url, `/echo?a=${alice}`);
    requests = [];
    const r = await evaluateRule(
      http('/echo?a=$address', { predicate: { path: 'url', op: 'exists' } }),
      ctx('0x1&admin=1' as Address),
    );
    expectError(r, 'BAD_CONTEXT');
    assert.equal(requests.length, 0);
  });
});

describe('http: failures are errors, never fails', () => {
  test('timeout', async () => {
    expectError(await evaluateRule(http('/slow'), ctx(alice, { timeoutMs: 200 })), 'TIMEOUT', true);
  });

  test('5xx is retryable', async () => {
    expectError(await evaluateRule(http('/fail500'), ctx(alice)), 'HTTP_STATUS', true);
  });

  test('a 4xx with a predicate or an explicit JSON format is an error', async () => {
    expectError(
      await evaluateRule(http('/nowhere', { predicate: { path: 'x', op: 'exists' } }), ctx(alice)),
      'HTTP_STATUS',
      false,
    );
  });

  test('non-JSON body', async () => {
    expectError(await evaluateRule(http('/html'), ctx(alice)), 'MALFORMED_RESPONSE');
  });

  test('oversized body (capped at 1 MB by default, configurable)', async () => {
    expectError(await evaluateRule(http('/huge'), ctx(alice)), 'RESPONSE_TOO_LARGE');
    expectError(
      await evaluateRule(http('/big'), ctx(alice, { maxBodyBytes: 10 })),
      'RESPONSE_TOO_LARGE',
    );
  });

  test('redirects are refused', async () => {
    expectError(await evaluateRule(http('/redirect/$address'), ctx(alice)), 'UNREACHABLE');
  });

  test('nothing listening', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expectError(
      await evaluateRule({ type: 'http', url: `http://127.0.0.1:${port}/x` }, ctx(alice)),
      'UNREACHABLE',
      true,
    );
  });

  test('an aborted signal cancels the check', async () => {
    const controller = new AbortController();
    const pending = evaluateRule(
      http('/slow'),
      ctx(alice, { signal: controller.signal, timeoutMs: 5_000 }),
    );
    setTimeout(() => controller.abort(), 50);
    expectError(await pending, 'ABORTED');
  });
});

describe('graphql', () => {
  const gql = (extra: Partial<Extract<Rule, { type: 'graphql' }>> = {}): Rule => ({
    type: 'graphql',
    url: `${base}/graphql`,
    query: 'query ($address: String!) { user(address: $address) { quests xp } }',
    variables: { address: '$address' },
    predicate: { path: 'user.quests', op: 'gte', value: 4 },
    ...extra,
  });

  test('predicate on data, boundary and big numbers', async () => {
    assert.equal((await evaluateRule(gql(), ctx(alice))).status, 'pass');
    assert.equal((await evaluateRule(gql(), ctx(bob))).status, 'fail');
    const xp = gql({ predicate: { path: 'user.xp', op: 'gt', value: '100000000000000000000000' } });
    assert.equal((await evaluateRule(xp, ctx(alice))).status, 'pass');
    const more = gql({
      predicate: { path: 'user.xp', op: 'gt', value: '100000000000000000000001' },
    });
    assert.equal((await evaluateRule(more, ctx(alice))).status, 'fail');
    requests = [];
    await evaluateRule(gql(), ctx(alice));
    assert.deepEqual(JSON.parse(requests[0]!.body).variables, { address: alice });
  });

  test('GraphQL errors, 5xx and timeouts are errors', async () => {
    expectError(
      await evaluateRule(gql({ query: '{ broken }' }), ctx(alice)),
      'GRAPHQL_ERROR',
      false,
    );
    expectError(
      await evaluateRule(gql({ url: `${base}/fail500` }), ctx(alice)),
      'HTTP_STATUS',
      true,
    );
    expectError(
      await evaluateRule(gql({ url: `${base}/slow` }), ctx(alice, { timeoutMs: 200 })),
      'TIMEOUT',
      true,
    );
    expectError(await evaluateRule(gql({ url: `${base}/html` }), ctx(alice)), 'MALFORMED_RESPONSE');
  });

  test('a malformed rule is BAD_RULE and sends nothing', async () => {
    requests = [];
    const r = await evaluateRule(
      { type: 'graphql', url: `${base}/graphql`, query: '' } as unknown as Rule,
      ctx(alice),
    );
    expectError(r, 'BAD_RULE');
    if (r.status === 'error')
      assert.match(r.message, /rule\.query: .*; rule\.predicate: is required/);
    assert.equal(requests.length, 0);
  });
});
