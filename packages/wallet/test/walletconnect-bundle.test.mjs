// WalletConnect as a visitor gets it: the wallet package bundled the way the script-tag build
// ships it (rollup, an entry plus lazy chunks beside it, WalletConnect prebundled), in real Chromium, fully offline. Proves that
// the WalletConnect chunk is fetched only when the visitor picks it, that a missing project id
// fails before anything loads, that the real @walletconnect/ethereum-provider 2.17 initialises
// without contacting anyone, and that an unreachable relay ends in WALLET_DISCONNECTED instead
// of a spinner forever. Every request must go to 127.0.0.1; anything else is aborted and fails
// the test. Run: node --test packages/wallet/test/walletconnect-bundle.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import puppeteer from 'puppeteer-core';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { chromiumArgs, requireChromium } from '../../../scripts/chromium.mjs';
import { walletConnectPrebundle } from '../build/walletconnect-rollup.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'questboard-wc-'));
let server;
let origin;
let browser;
let deadPort;

before(async () => {
  // The script-tag build's recipe (rollup.config.mjs `cdn`), with the WalletConnect prebundle.
  const bundle = await rollup({
    input: {
      wallet: join(root, 'packages/wallet/src/index.ts'),
      walletconnect: join(root, 'packages/wallet/src/connectors/walletconnect-entry.ts'),
    },
    plugins: [
      walletConnectPrebundle(),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': JSON.stringify('production') },
      }),
      nodeResolve({
        browser: true,
        exportConditions: ['source', 'browser', 'module', 'import', 'default'],
      }),
      esbuild({ target: 'es2022', tsconfig: join(root, 'tsconfig.base.json') }),
    ],
    onwarn(warning, warn) {
      if (['INVALID_ANNOTATION', 'THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY'].includes(warning.code))
        return;
      warn(warning);
    },
  });
  await bundle.write({ dir: out, format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' });
  await bundle.close();
  server = createServer((req, res) => {
    const path = req.url === '/' ? '/index.html' : req.url.split('?')[0];
    try {
      const body =
        path === '/index.html'
          ? '<!doctype html><html lang="en"><title>wc</title><script>window.process={env:{NODE_ENV:"production"}}</script></html>'
          : readFileSync(join(out, path.slice(1)));
      res.writeHead(200, {
        'content-type': extname(path) === '.js' ? 'text/javascript' : 'text/html',
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  // A loopback port with nothing listening: the "relay" is unreachable.
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  deadPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  browser = await puppeteer.launch({ executablePath: requireChromium(), args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(out, { recursive: true, force: true });
});

/** A page that records every request and websocket, aborting anything not on 127.0.0.1. */
async function openPage() {
  const page = await browser.newPage();
  const requests = [];
  const foreign = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    requests.push(request.url());
    const { hostname, protocol } = new URL(request.url());
    if (hostname === '127.0.0.1' || protocol === 'data:') request.continue();
    else {
      foreign.push(request.url());
      request.abort();
    }
  });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  const sockets = [];
  cdp.on('Network.webSocketCreated', ({ url }) => sockets.push(url));
  await page.goto(origin);
  return { page, requests, foreign, sockets };
}

// The chunk holding @walletconnect/ethereum-provider itself (prebundled by the rollup plugin).
const chunkRequests = (requests) =>
  requests.filter((url) => /\/[^/]*ethereum-provider[^/]*\.js$/.test(url));

test('a missing project id fails with WALLET_CONFIG before anything is loaded', async () => {
  const { page, requests, foreign, sockets } = await openPage();
  const result = await page.evaluate(async () => {
    const { createWalletState } = await import('/wallet.js');
    const state = createWalletState({ discover: false, walletConnect: { projectId: '' } });
    try {
      await state.connect('walletconnect');
      return { ok: true };
    } catch (error) {
      return { code: error.code, message: error.shortMessage };
    }
  });
  assert.equal(result.code, 'WALLET_CONFIG');
  assert.match(result.message, /walletconnect-project-id/);
  assert.deepEqual(chunkRequests(requests), []);
  assert.deepEqual(foreign, []);
  assert.deepEqual(sockets, []);
  await page.close();
});

test('the WalletConnect chunk loads only when picked; a dead relay ends in WALLET_DISCONNECTED, offline', async () => {
  const { page, requests, foreign, sockets } = await openPage();
  await page.evaluate(async (port) => {
    // What an app that installed WalletConnect does: one side-effect import.
    await import('/walletconnect.js');
    const { createWalletState } = await import('/wallet.js');
    window.state = createWalletState({
      discover: false,
      walletConnect: {
        projectId: '0123456789abcdef0123456789abcdef',
        relayUrl: `ws://127.0.0.1:${port}`,
        rpcMap: { 1: `http://127.0.0.1:${port}` },
        showQrModal: false,
        relayTimeoutMs: 1500,
      },
    });
  }, deadPort);
  assert.deepEqual(
    chunkRequests(requests),
    [],
    'nothing of WalletConnect before the visitor picks it',
  );
  const result = await page.evaluate(async () => {
    try {
      await window.state.connect('walletconnect');
      return { ok: true };
    } catch (error) {
      return { code: error.code, message: error.shortMessage, status: window.state.$status.get() };
    }
  });
  assert.equal(
    chunkRequests(requests).length,
    1,
    'the chunk is fetched once the visitor picks WalletConnect',
  );
  assert.equal(result.code, 'WALLET_DISCONNECTED');
  assert.match(result.message, /relay/);
  assert.equal(result.status, 'disconnected');
  assert.deepEqual(foreign, [], 'no request left 127.0.0.1');
  assert.ok(sockets.length > 0, 'the real provider tried the (loopback) relay');
  for (const url of sockets) assert.equal(new URL(url).hostname, '127.0.0.1');
  await page.close();
});

test('WalletConnect picked without the optional package: WALLET_CONFIG with the install line', async () => {
  const { page, requests, foreign } = await openPage();
  const result = await page.evaluate(async () => {
    // No import of /walletconnect.js: the app did not install the optional peer.
    const { createWalletState } = await import('/wallet.js');
    const state = createWalletState({
      discover: false,
      walletConnect: { projectId: '0123456789abcdef0123456789abcdef', showQrModal: false },
    });
    try {
      await state.connect('walletconnect');
      return { ok: true };
    } catch (error) {
      return { code: error.code, message: error.shortMessage, status: state.$status.get() };
    }
  });
  assert.equal(result.code, 'WALLET_CONFIG');
  assert.match(result.message, /npm install @walletconnect\/ethereum-provider@~2\.17\.0/);
  assert.match(result.message, /@questboard\/elements\/walletconnect/);
  assert.equal(result.status, 'disconnected');
  assert.deepEqual(chunkRequests(requests), [], 'no WalletConnect chunk without the registration');
  assert.deepEqual(foreign, []);
  await page.close();
});
