import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  evaluateRule,
  isSecretRef,
  publicRule,
  type Rule,
  resolveSecrets,
  SecretError,
  secretRefs,
  validateRule,
} from './index.js';
import type { Address } from './types.js';

const alice: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

let server: Server;
let base = '';
let requests: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const ok = req.headers['x-api-key'] === 'k-123' || req.url!.includes('key=k-123');
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { result: { isValid: true } } : { error: 'bad key' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const withSecrets = (): Rule => ({
  type: 'all',
  rules: [
    {
      type: 'http',
      url: `${base}/check?address=$address`,
      headers: { 'x-api-key': { $secret: 'PARTNER_KEY' }, accept: 'application/json' },
    },
    {
      type: 'not',
      rule: {
        type: 'http',
        url: { $secret: 'SYBIL_URL' },
        method: 'POST',
        body: { wallet: '$address', token: { $secret: 'PARTNER_KEY' } },
      },
    },
    {
      type: 'graphql',
      url: `${base}/graphql`,
      query: '{ a }',
      headers: { authorization: { $secret: 'GRAPH_TOKEN' } },
      predicate: { path: 'a', op: 'exists' },
    },
  ],
});

describe('secret references', () => {
  test('are valid where a secret may sit, and validated by name', () => {
    assert.deepEqual(validateRule(withSecrets()), []);
    const bad = (rule: unknown) => validateRule(rule).map((i) => `${i.path}: ${i.message}`);
    assert.match(
      bad({ type: 'http', url: 'https://a.example', headers: { k: { $secret: 'lower' } } })[0]!,
      /rule\.headers\.k: must name a secret/,
    );
    assert.match(
      bad({ type: 'http', url: { $secret: 'URL', extra: 1 } })[0]!,
      /rule\.url: is a secret reference, which may hold only "\$secret"/,
    );
    // Not in predicates: a secret there would be compared with (and shown beside) the answer.
    assert.match(
      bad({
        type: 'http',
        url: 'https://a.example',
        predicate: { path: 'a', op: 'eq', value: { $secret: 'KEY' } },
      })[0]!,
      /rule\.predicate\.value: may not hold a secret reference/,
    );
    assert.equal(isSecretRef({ $secret: 'PARTNER_KEY' }), true);
    assert.equal(isSecretRef({ $secret: 'partner' }), false);
  });

  test('secretRefs lists each name once, combinators included', () => {
    assert.deepEqual(secretRefs(withSecrets()), ['PARTNER_KEY', 'SYBIL_URL', 'GRAPH_TOKEN']);
    assert.deepEqual(secretRefs({ type: 'onchain.txCount', chainId: 1, min: 1 }), []);
  });

  test('resolveSecrets returns a resolved copy and leaves the rule as stored', () => {
    const rule = withSecrets();
    const stored = JSON.stringify(rule);
    const env: Record<string, string> = {
      PARTNER_KEY: 'k-123',
      SYBIL_URL: `${base}/sybil?key=k-123`,
      GRAPH_TOKEN: 'Bearer g',
    };
    const resolved = resolveSecrets(rule, (name) => env[name]);
    assert.equal(JSON.stringify(rule), stored, 'the input is unchanged');
    assert.deepEqual(secretRefs(resolved), []);
    assert.deepEqual(validateRule(resolved), []);
    const [h, n, g] = (resolved as Extract<Rule, { type: 'all' }>).rules as [
      Extract<Rule, { type: 'http' }>,
      Extract<Rule, { type: 'not' }>,
      Extract<Rule, { type: 'graphql' }>,
    ];
    assert.deepEqual(h.headers, { 'x-api-key': 'k-123', accept: 'application/json' });
    const inner = n.rule as Extract<Rule, { type: 'http' }>;
    assert.equal(inner.url, env.SYBIL_URL);
    assert.deepEqual(inner.body, { wallet: '$address', token: 'k-123' });
    assert.deepEqual(g.headers, { authorization: 'Bearer g' });
  });

  test('a missing secret throws, naming every missing one and where it is used', () => {
    assert.throws(
      () => resolveSecrets(withSecrets(), (name) => (name === 'PARTNER_KEY' ? 'k' : undefined)),
      (e: unknown) =>
        e instanceof SecretError &&
        e.code === 'SECRET_MISSING' &&
        e.names.join() === 'SYBIL_URL,GRAPH_TOKEN' &&
        /SYBIL_URL \(used at rule\.rules\[1\]\.rule\.url\)/.test(e.message) &&
        /GRAPH_TOKEN \(used at rule\.rules\[2\]\.headers\.authorization\)/.test(e.message),
    );
  });

  test('a value that cannot stand where it is used throws without showing it', () => {
    const secret = 'line1\r\nX-Injected: yes';
    assert.throws(
      () =>
        resolveSecrets(withSecrets(), (name) =>
          name === 'PARTNER_KEY' ? secret : 'https://x.example',
        ),
      (e: unknown) =>
        e instanceof SecretError &&
        e.code === 'SECRET_INVALID' &&
        /PARTNER_KEY .*single-line header value/.test(e.message) &&
        !e.message.includes('X-Injected'),
    );
    assert.throws(
      () => resolveSecrets(withSecrets(), (name) => (name === 'SYBIL_URL' ? 'ftp://x' : 'k')),
      /SYBIL_URL \(used at rule\.rules\[1\]\.rule\.url\) is not an http:\/\/ or https:\/\/ URL/,
    );
  });

  test('an unresolved rule is an error before anything is sent; resolved, it is sent', async () => {
    requests = [];
    const rule: Rule = {
      type: 'http',
      url: `${base}/check?address=$address`,
      headers: { 'x-api-key': { $secret: 'PARTNER_KEY' } },
    };
    const r = await evaluateRule(rule, { address: alice });
    assert.equal(r.status, 'error');
    if (r.status === 'error') {
      assert.equal(r.code, 'SECRET_UNRESOLVED');
      assert.match(
        r.message,
        /rule\.headers\["x-api-key"\] refers to the secret PARTNER_KEY.*server/,
      );
    }
    assert.equal(requests.length, 0, 'nothing was sent');
    const resolved = resolveSecrets(rule, () => 'k-123');
    assert.equal((await evaluateRule(resolved, { address: alice })).status, 'pass');
    assert.equal(requests[0]!.headers['x-api-key'], 'k-123');
  });

  test('publicRule strips every header and keeps references as names', () => {
    const plain: Rule = {
      type: 'any',
      rules: [
        {
          type: 'http',
          url: 'https://a.example/?a=$address',
          headers: { 'x-api-key': 'plain-key' },
        },
        withSecrets(),
      ],
    };
    const view = publicRule(plain);
    const text = JSON.stringify(view);
    assert.ok(!text.includes('plain-key') && !text.includes('"headers"'));
    assert.ok(text.includes('{"$secret":"SYBIL_URL"}'), 'a reference is a name, not a secret');
    assert.equal(JSON.stringify(plain).includes('plain-key'), true, 'the input is unchanged');
  });
});
