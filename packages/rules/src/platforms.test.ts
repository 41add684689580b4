// Each quest platform's endpoint contract, served for real on 127.0.0.1, answering pass, fail
// and error the way that platform documents (docs/rules.md cites each contract).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { evaluateRule, type Rule, type RuleResult } from './index.js';
import type { Address, EvaluationContext } from './types.js';

const alice: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'; // did the task
const bob: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'; // did not
const carol: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'; // the endpoint errs for her

type Seen = {
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
};
let server: Server;
let base = '';
let seen: Seen[] = [];

function reply(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Which wallet `value` is, exactly as given (case matters: endpoints compare strings). */
function who(value: string | undefined | null): 'alice' | 'bob' | 'carol' | undefined {
  for (const [name, a] of [
    ['alice', alice],
    ['bob', bob],
    ['carol', carol],
  ] as const) {
    if (value === a) return name; // checksummed
  }
  return undefined;
}
function whoLower(value: string | undefined | null): 'alice' | 'bob' | 'carol' | undefined {
  // Endpoints written for lowercase platforms store lowercase and compare exactly.
  if (value !== value?.toLowerCase()) return undefined;
  return who([alice, bob, carol].find((a) => a.toLowerCase() === value) as string | undefined);
}

before(async () => {
  server = createServer(async (req, res) => {
    const text = await readBody(req);
    const url = new URL(req.url!, 'http://127.0.0.1');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    seen.push({ path: url.pathname, query: url.searchParams, body, headers: req.headers });
    const q = url.searchParams.get('address');
    const [, platform, ...rest] = url.pathname.split('/');
    switch (platform) {
      // TaskOn: GET ?address=<lowercase>, optional bearer token, always 200, result.isValid.
      case 'taskon': {
        if (req.headers.authorization !== 'Bearer taskon-key')
          return reply(res, 401, { error: 'unauthorized' });
        const w = whoLower(q);
        return reply(res, 200, { result: { isValid: w === 'alice' } });
      }
      // QuestN: GET ?address=, status always 200, data.result with an optional error object.
      case 'questn': {
        const w = who(q);
        if (w === 'alice') return reply(res, 200, { data: { result: true } });
        if (w === 'carol')
          return reply(res, 200, { error: { code: 'UNKNOWN_ERROR', message: 'indexer is down' } });
        return reply(res, 200, {
          error: { code: 0, message: 'Bridge at least 0.01 ETH first' },
          data: { result: false },
        });
      }
      // SoQuest: GET ?address=, { code: 0, message, data: { result } }, a non-zero code errs.
      case 'soquest': {
        const w = who(q);
        if (w === 'carol')
          return reply(res, 200, { code: 1001, message: 'address not indexed', data: null });
        return reply(res, 200, { code: 0, message: 'OK', data: { result: w === 'alice' } });
      }
      // Zealy: POST { …, requestId, accounts }; 200 done, 400 { message } not done.
      case 'zealy': {
        const b = body as { requestId?: string; accounts?: { wallet?: string } };
        if (req.method !== 'POST' || typeof b?.requestId !== 'string')
          return reply(res, 500, { message: 'bad call' });
        const w = who(b.accounts?.wallet);
        if (w === 'alice') return reply(res, 200, { message: 'Quest validated' });
        if (w === 'carol') return reply(res, 503, { message: 'maintenance' });
        return reply(res, 400, { message: 'You have not swapped on our DEX yet' });
      }
      // Galxe REST: any JSON judged by an expression (is_ok here); 403 until Galxe's IPs are allowed.
      case 'galxe': {
        const w = who(q);
        if (w === 'carol') return reply(res, 403, { error: 'forbidden' });
        return reply(res, 200, { is_ok: w === 'alice' });
      }
      // Galxe GraphQL: query with $address, judged on data.
      case 'galxe-graphql': {
        const b = body as { variables?: { address?: string } };
        const w = who(b?.variables?.address);
        if (w === 'carol') return reply(res, 200, { errors: [{ message: 'rate limited' }] });
        return reply(res, 200, { data: { user: { swaps: w === 'alice' ? 3 : 0 } } });
      }
      // Intract: POST { "address": "<lowercase>" }.
      case 'intract': {
        const w = whoLower((body as { address?: string })?.address);
        if (w === 'carol') return reply(res, 200, { error: 'Invalid address' });
        return reply(res, 200, { data: { result: w === 'alice' } });
      }
      // Guild: the wallet wherever the URL says <ACCOUNT_ID>; one key compared with a value.
      case 'guild': {
        const w = whoLower(rest[0]);
        if (w === 'carol') return reply(res, 404, { message: 'no such member' });
        return reply(res, 200, { verified: w === 'alice' });
      }
      // DeBank: GET ?address=<checksummed>; 200 success/failed; 4xx invalid input; 5xx internal.
      case 'debank': {
        const w = who(q);
        if (!w) return reply(res, 400, { status: 'error', message: 'Invalid request parameters' });
        if (w === 'carol') return reply(res, 500, { status: 'error', message: 'internal error' });
        return reply(res, 200, w === 'alice' ? { status: 'success' } : { status: 'failed' });
      }
      // Shapes `auto` must read without a preset.
      case 'bare':
        return reply(res, 200, who(q) === 'alice');
      case 'top-isvalid':
        return reply(res, 200, { isValid: who(q) === 'alice', message: 'Follow us first' });
      case 'empty':
        return reply(res, 200);
      case 'error-body':
        return reply(res, 200, { error: 'database unavailable' });
      case 'code-body':
        return reply(res, 200, { code: 5, msg: 'quota exceeded', data: { result: true } });
      case 'message-only':
        return reply(res, 200, { message: 'Quest validated' });
      case 'status':
        return reply(res, Number(rest[0]), { message: `status ${rest[0]}` });
      case 'handle':
        return reply(res, 200, { handle: `${'a'.repeat(499)}!` });
      default:
        return reply(res, 404, { message: 'no route' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ctx = (address: Address): EvaluationContext => ({ address, timeoutMs: 30_000 });
const run = (rule: Rule, address: Address) => evaluateRule(rule, ctx(address));

function expectFail(r: RuleResult, reason?: RegExp | string): void {
  assert.equal(r.status, 'fail', JSON.stringify(r));
  if (reason && r.status === 'fail') {
    if (typeof reason === 'string') assert.equal(r.reason, reason);
    else assert.match(r.reason, reason);
  }
}
function expectError(r: RuleResult, code: string, message?: RegExp, retryable?: boolean): void {
  assert.equal(r.status, 'error', JSON.stringify(r));
  if (r.status !== 'error') return;
  assert.equal(r.code, code, r.message);
  if (message) assert.match(r.message, message);
  if (retryable !== undefined) assert.equal(r.retryable, retryable);
}

describe('TaskOn', () => {
  const rule = (key = 'taskon-key'): Rule => ({
    type: 'http',
    url: `${base}/taskon/check?address=$address`,
    headers: { authorization: `Bearer ${key}` },
    preset: 'taskon',
  });
  test('sends the address in lowercase, as TaskOn does', async () => {
    seen = [];
    assert.equal((await run(rule(), alice)).status, 'pass');
    assert.equal(seen[0]!.query.get('address'), alice.toLowerCase());
  });
  test('not done', async () => expectFail(await run(rule(), bob), /result\.isValid is false/));
  test('a refused key is an operator-facing error, never "not done"', async () =>
    expectError(
      await run(rule('wrong'), alice),
      'HTTP_STATUS',
      /refused the request \(HTTP 401\).*API key/,
      false,
    ));
  test('without the preset, $address.lower says the same', async () => {
    const r: Rule = {
      type: 'http',
      url: `${base}/taskon/check?address=$address.lower`,
      headers: { authorization: 'Bearer taskon-key' },
    };
    assert.equal((await run(r, alice)).status, 'pass');
  });
});

describe('QuestN', () => {
  const rule = (): Rule => ({
    type: 'http',
    url: `${base}/questn?address=$address`,
    preset: 'questn',
  });
  test('done', async () => assert.equal((await run(rule(), alice)).status, 'pass'));
  test("not done, with QuestN's error.message as the reason", async () =>
    expectFail(await run(rule(), bob), 'Bridge at least 0.01 ETH first'));
  test('an error object without a result is an endpoint error', async () =>
    expectError(await run(rule(), carol), 'ENDPOINT_ERROR', /indexer is down/));
  test('auto reads the same contract', async () => {
    const auto: Rule = { type: 'http', url: `${base}/questn?address=$address` };
    assert.equal((await run(auto, alice)).status, 'pass');
    expectFail(await run(auto, bob), 'Bridge at least 0.01 ETH first');
    expectError(await run(auto, carol), 'ENDPOINT_ERROR');
  });
});

describe('SoQuest', () => {
  const rule = (): Rule => ({
    type: 'http',
    url: `${base}/soquest?address=$address`,
    preset: 'soquest',
  });
  test('done', async () => assert.equal((await run(rule(), alice)).status, 'pass'));
  test('not done ("OK" is not offered as a reason)', async () =>
    expectFail(await run(rule(), bob), /data\.result is false/));
  test('a non-zero code is an endpoint error, not a verdict', async () =>
    expectError(await run(rule(), carol), 'ENDPOINT_ERROR', /address not indexed/));
});

describe('Zealy', () => {
  const rule = (): Rule => ({ type: 'http', url: `${base}/zealy/verify`, preset: 'zealy' });
  test('POSTs a fresh requestId and the wallet; 200 means done', async () => {
    seen = [];
    assert.equal((await run(rule(), alice)).status, 'pass');
    assert.equal((await run(rule(), alice)).status, 'pass');
    const [a, b] = seen.map((s) => s.body as { requestId: string; accounts: { wallet: string } });
    assert.match(a!.requestId, /^[0-9a-f-]{32,36}$/);
    assert.notEqual(a!.requestId, b!.requestId, 'a fresh id per check');
    assert.equal(a!.accounts.wallet, alice);
  });
  test("400 is not done, with Zealy's message as the reason", async () =>
    expectFail(await run(rule(), bob), 'You have not swapped on our DEX yet'));
  test('anything else is an error (503 retryable)', async () =>
    expectError(await run(rule(), carol), 'HTTP_STATUS', /503.*maintenance/, true));
  test('a predicate judges the body of a 200', async () => {
    const judged = {
      ...rule(),
      predicate: { path: 'message', op: 'eq', value: 'Quest validated' },
    };
    assert.equal((await run(judged as Rule, alice)).status, 'pass');
    const strict = { ...rule(), predicate: { path: 'message', op: 'eq', value: 'other' } };
    expectFail(await run(strict as Rule, alice), /message/);
  });
  test("an operator's own body carries $requestId too", async () => {
    seen = [];
    const own: Rule = {
      ...rule(),
      body: { questId: 'q-1', requestId: '$requestId', accounts: { wallet: '$address' } },
    } as Rule;
    assert.equal((await run(own, alice)).status, 'pass');
    assert.equal((seen[0]!.body as { questId: string }).questId, 'q-1');
  });
});

describe('Galxe', () => {
  const rule = (): Rule => ({
    type: 'http',
    url: `${base}/galxe/check?address=$address`,
    preset: 'galxe',
  });
  test('is_ok true passes', async () => assert.equal((await run(rule(), alice)).status, 'pass'));
  test('is_ok false fails', async () => expectFail(await run(rule(), bob), /is_ok is false/));
  test('403 (IP allowlist) is an operator-facing error naming the cause', async () =>
    expectError(await run(rule(), carol), 'HTTP_STATUS', /HTTP 403.*outbound IPs/, false));
  test('auto understands is_ok too', async () => {
    const auto: Rule = { type: 'http', url: `${base}/galxe/check?address=$address` };
    assert.equal((await run(auto, alice)).status, 'pass');
    expectFail(await run(auto, bob));
    expectError(await run(auto, carol), 'HTTP_STATUS', /403/);
  });
  test('GraphQL: the query gets $address, the predicate judges data', async () => {
    const gql: Rule = {
      type: 'graphql',
      url: `${base}/galxe-graphql`,
      query: 'query info($address: String!) { user(address: $address) { swaps } }',
      variables: { address: '$address' },
      predicate: { path: 'user.swaps', op: 'gte', value: 1 },
    };
    assert.equal((await run(gql, alice)).status, 'pass');
    expectFail(await run(gql, bob), /user\.swaps/);
    expectError(await run(gql, carol), 'GRAPHQL_ERROR', /rate limited/);
  });
});

describe('Intract', () => {
  const rule = (): Rule => ({ type: 'http', url: `${base}/intract/verify`, preset: 'intract' });
  test('POSTs { address } in lowercase', async () => {
    seen = [];
    assert.equal((await run(rule(), alice)).status, 'pass');
    assert.deepEqual(seen[0]!.body, { address: alice.toLowerCase() });
  });
  test('not done', async () => expectFail(await run(rule(), bob)));
  test('an error body is an endpoint error', async () =>
    expectError(await run(rule(), carol), 'ENDPOINT_ERROR', /Invalid address/));
});

describe('Guild', () => {
  const rule = (): Rule => ({
    type: 'http',
    url: `${base}/guild/<ACCOUNT_ID>/status`,
    preset: 'guild',
    predicate: { path: 'verified', op: 'eq', value: true },
  });
  test('<ACCOUNT_ID> is the wallet', async () => {
    seen = [];
    assert.equal((await run(rule(), alice)).status, 'pass');
    assert.equal(seen[0]!.path, `/guild/${alice.toLowerCase()}/status`);
  });
  test('not done', async () => expectFail(await run(rule(), bob), /verified/));
  test('404 is an error about the URL, not "not done"', async () =>
    expectError(await run(rule(), carol), 'HTTP_STATUS', /404.*URL/, false));
});

describe('DeBank', () => {
  const rule = (): Rule => ({
    type: 'http',
    url: `${base}/debank/validate?address=$address`,
    preset: 'debank',
  });
  test('status "success" passes (the address sent checksummed)', async () => {
    seen = [];
    assert.equal((await run(rule(), alice)).status, 'pass');
    assert.equal(seen[0]!.query.get('address'), alice);
  });
  test('status "failed" fails', async () => expectFail(await run(rule(), bob), /"failed"/));
  test('5xx is a retryable error with the message', async () =>
    expectError(await run(rule(), carol), 'HTTP_STATUS', /500.*internal error/, true));
  test('4xx "invalid input" is an operator-facing error, never "not done"', async () => {
    const lower: Rule = {
      ...rule(),
      url: `${base}/debank/validate?address=$address.lower`,
    } as Rule;
    expectError(
      await run(lower, alice),
      'HTTP_STATUS',
      /HTTP 400.*Invalid request parameters/,
      false,
    );
    // The same answer under auto: a 400 whose body says "error" is not a "not done".
    const auto: Rule = { type: 'http', url: `${base}/debank/validate?address=$address.lower` };
    expectError(await run(auto, alice), 'HTTP_STATUS', /Invalid request parameters/);
  });
});

describe('auto: shapes and error bodies', () => {
  const at = (path: string, extra: object = {}): Rule =>
    ({ type: 'http', url: `${base}${path}?address=$address`, ...extra }) as Rule;
  test('a bare true / false body', async () => {
    assert.equal((await run(at('/bare'), alice)).status, 'pass');
    expectFail(await run(at('/bare'), bob));
  });
  test('a top-level isValid, with its message as the reason', async () => {
    assert.equal((await run(at('/top-isvalid'), alice)).status, 'pass');
    expectFail(await run(at('/top-isvalid'), bob), 'Follow us first');
  });
  test('an empty 200 never passes', async () =>
    expectError(await run(at('/empty'), alice), 'MALFORMED_RESPONSE', /empty body/));
  test('{"error": …} and a non-zero code never pass', async () => {
    expectError(await run(at('/error-body'), alice), 'ENDPOINT_ERROR', /database unavailable/);
    expectError(await run(at('/code-body'), alice), 'ENDPOINT_ERROR', /quota exceeded/);
  });
  test("Zealy's 200 {message} is no verdict under auto; the preset reads it", async () => {
    expectError(await run(at('/message-only'), alice), 'MALFORMED_RESPONSE', /preset/);
    assert.equal((await run(at('/message-only', { preset: 'zealy' }), alice)).status, 'pass');
  });
  test('401, 403, 404 and 422 are errors; 400 is "not done"; 408, 429, 5xx retry', async () => {
    for (const status of [401, 403, 404, 422])
      expectError(
        await run(at(`/status/${status}`), alice),
        'HTTP_STATUS',
        new RegExp(String(status)),
        false,
      );
    expectFail(await run(at('/status/400'), alice), 'status 400');
    for (const status of [408, 429, 502])
      expectError(await run(at(`/status/${status}`), alice), 'HTTP_STATUS', undefined, true);
  });
  test('an explicit status map decides', async () => {
    const map = { statuses: { '404': 'fail', '4xx': 'pass' } };
    expectFail(await run(at('/status/404', map), alice), 'status 404');
    assert.equal((await run(at('/status/403', map), alice)).status, 'pass');
  });
  test('a catastrophic `matches` pattern on a 500-character answer returns at once (RE2)', async () => {
    const r = at('/handle', { predicate: { path: 'handle', op: 'matches', value: '^(a|a)+$' } });
    expectFail(await run(r, alice), /to match/);
  });
});
