// The same evaluation in a real Chromium, under a strict CSP (no eval), against a real anvil
// and a local HTTP endpoint.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer, { type Browser } from 'puppeteer-core';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  abis,
  deployFixtures,
  type Fixtures,
  send,
  startAnvil,
} from './testing/index.js';
import type { Rule, RuleResult } from './types.js';

const chromium = [
  process.env.CHROME_PATH,
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/google-chrome',
].find((p): p is string => !!p && existsSync(p));
const alice = ANVIL_ACCOUNTS[1]!;

let node: AnvilNode;
let fx: Fixtures;
let server: Server;
let base = '';
let browser: Browser | undefined;

before(async () => {
  if (!chromium) return;
  node = await startAnvil();
  fx = await deployFixtures(node.rpcUrl);
  await send(fx.client, alice, {
    address: fx.erc20,
    abi: abis.erc20,
    functionName: 'mint',
    args: [alice, 2_000_000n],
  });
  const bundle = await build({
    stdin: {
      contents:
        "import { evaluateRules } from '@questboard/rules/evaluate'; import { testPattern, validateRule } from '@questboard/rules'; globalThis.rules = { evaluateRules, testPattern, validateRule };",
      resolveDir: dirname(fileURLToPath(import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.text;
  server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (req.url === '/bundle.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    if (req.url?.startsWith('/check/')) {
      const ok = req.url === `/check/${alice}`;
      return res
        .writeHead(200, { 'content-type': 'application/json', ...cors })
        .end(JSON.stringify({ result: { isValid: ok } }));
    }
    if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.write('{"pad":"');
      for (let i = 0; i < 20; i++) res.write('x'.repeat(64 * 1024));
      return res.end('"}');
    }
    // Strict CSP: any eval or new Function in the bundle would throw.
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'content-security-policy': "default-src 'self'; connect-src http://127.0.0.1:*",
      })
      .end('<!doctype html><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({
    executablePath: chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  await node?.stop();
});

test('evaluates on-chain and HTTP rules in Chromium under a strict CSP', {
  skip: chromium ? false : 'no Chromium found (set CHROME_PATH)',
}, async () => {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${base}/`);
  await page.waitForFunction('globalThis.rules !== undefined', { timeout: 10_000 });
  const rules: Rule[] = [
    { type: 'onchain.balance', chainId: 31337, token: fx.erc20, min: '2' },
    { type: 'onchain.balance', chainId: 31337, token: fx.erc20, min: '3' },
    { type: 'onchain.txCount', chainId: 31337, min: 1 },
    {
      type: 'onchain.call',
      chainId: 31337,
      contract: fx.erc20,
      signature: 'function balanceOf(address) view returns (uint256)',
      args: ['$address'],
      predicate: { op: 'eq', value: '2000000' },
    },
    { type: 'http', url: `${base}/check/$address` },
    { type: 'http', url: `${base}/huge` },
    {
      type: 'http',
      url: `${base}/check/$address`,
      predicate: { path: 'result.isValid', op: 'matches', value: '^t' },
    },
    // A secret reference is never resolved in a browser: an error, and nothing is sent.
    { type: 'http', url: `${base}/check/$address`, headers: { 'x-api-key': { $secret: 'KEY' } } },
  ];
  const results = (await page.evaluate(
    (rules, rpc, address) =>
      (
        globalThis as unknown as {
          rules: { evaluateRules: (r: unknown, c: unknown) => Promise<unknown> };
        }
      ).rules.evaluateRules(rules, {
        address,
        rpcUrls: { 31337: [rpc] },
        cache: false,
      }),
    rules,
    node.rpcUrl,
    alice,
  )) as RuleResult[];
  assert.deepEqual(
    results.map((r) => (r.status === 'error' ? `error:${r.code}` : r.status)),
    [
      'pass',
      'fail',
      'pass',
      'pass',
      'pass',
      'error:RESPONSE_TOO_LARGE',
      'fail',
      'error:SECRET_UNRESOLVED',
    ],
    JSON.stringify(results),
  );
  const fail = results[1]!;
  assert.match(fail.status === 'fail' ? fail.reason : '', /holds 2 of the 3 USDC required/);
  const issues = await page.evaluate(() =>
    (
      globalThis as unknown as { rules: { validateRule: (r: unknown) => unknown } }
    ).rules.validateRule({ type: 'http', url: 'ftp://x' }),
  );
  assert.deepEqual(issues, [{ path: 'rule.url', message: 'must start with http:// or https://' }]);
  // RE2 in the browser too: catastrophic patterns on 500-character inputs answer at once.
  const patterns = (await page.evaluate(() => {
    const { testPattern } = (
      globalThis as unknown as {
        rules: { testPattern: (s: string, f: string, i: string, o?: object) => boolean };
      }
    ).rules;
    const near = `${'a'.repeat(499)}!`;
    const start = performance.now();
    const answers = [
      testPattern('^(a|a)+$', '', near),
      testPattern('([a-z0-9]+-?)+$', '', near),
      testPattern('(a+)+b', '', 'a'.repeat(500)),
      testPattern('^(a|a)+$', '', 'a'.repeat(500)),
    ];
    return { answers, ms: performance.now() - start };
  })) as { answers: boolean[]; ms: number };
  assert.deepEqual(patterns.answers, [false, false, false, true]);
  console.log(
    `browser pattern timings: ${patterns.ms.toFixed(1)} ms for four 500-character inputs`,
  );
  assert.deepEqual(
    errors.filter((e) => !e.includes('favicon')),
    [],
  );
});
