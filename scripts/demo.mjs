// The demo stack: a local anvil chain with the demo contracts, the reference server on
// in-memory PGlite, and one page server on 127.0.0.1 that serves the demo dApp, the script-tag
// bundle and the script-tag example, and proxies `/api/*` to the server — one origin, so the
// pages run under `default-src 'self'` (plus the anvil RPC URL in `connect-src`).
//
// `npm start` runs it (scripts/start.mjs); the end-to-end test starts it in-process with
// `startDemo({ port: 0 })`. Workspace packages load from source: node must run with
// `--conditions=source --import tsx` (see `sourceNodeArgs` / `relaunchWithSource`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { run } from './lib.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const CAMPAIGN_ID = 'demo';
export const CAMPAIGN_TEMPLATE = join(root, 'examples/campaigns/demo.json');
const BUNDLE = join(root, 'packages/elements/cdn/quest-board.js');

/** The node flags that load the workspace packages from their TypeScript sources. */
export const sourceNodeArgs = ['--conditions=source', '--import', 'tsx'];

/** Whether this process resolves `@questboard/*` from source (`--conditions=source` + tsx). */
export function hasSourceConditions() {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].join(' ');
  return /(--conditions|-C)[= ]source\b/.test(flags) && /\btsx\b/.test(flags);
}

/**
 * Runs this script again in a child node with `sourceNodeArgs` when they are missing, passing
 * signals through. Resolves `true` in the parent once the child exited (with its exit code set),
 * `false` when the flags are already there (then the caller goes on).
 */
export async function relaunchWithSource(script) {
  if (hasSourceConditions()) return false;
  const child = spawn(process.execPath, [...sourceNodeArgs, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) =>
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  process.exitCode = code;
  return true;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether the script-tag bundle is missing or older than a source file it is built from. */
export function bundleIsStale() {
  if (!existsSync(BUNDLE)) return true;
  const built = statSync(BUNDLE).mtimeMs;
  return ['rules', 'core', 'wallet', 'elements'].some(
    (p) => newestMtime(join(root, `packages/${p}/src`)) > built,
  );
}

/** Builds the script-tag bundle (packages/elements/cdn). Throws when the build fails. */
export async function buildBundle({ quiet = false } = {}) {
  const build = await run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], {
    cwd: root,
    env: { ...process.env, QB_BUILD: 'cdn' },
    quiet,
  });
  if (build.code !== 0)
    throw new Error(`Building the script-tag bundle failed:\n${build.output.slice(-4000)}`);
}

/** The campaign from examples/campaigns/demo.json with this run's origin, RPC URL and contracts. */
export async function demoCampaign({ origin, rpcUrl, token, pool, nft }) {
  const localhost = origin.replace('//127.0.0.1:', '//localhost:');
  const values = {
    $ORIGIN_LOCALHOST: localhost,
    $ORIGIN: origin,
    $RPC_URL: rpcUrl,
    $TOKEN: token,
    $POOL: pool,
    $NFT: nft,
  };
  const text = await readFile(CAMPAIGN_TEMPLATE, 'utf8');
  // Placeholders are `$` + capitals (the rules' own `$address` stays).
  const filled = text.replace(/\$[A-Z_]+/g, (name) => values[name] ?? name);
  return JSON.parse(filled);
}

/** The page's Content-Security-Policy: nothing inline, nothing eval'd, fetches only to itself and the chain. */
export function contentSecurityPolicy(rpcUrl) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${new URL(rpcUrl).origin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

/** Forwards `/api/<path>` to the server as `/<path>`, headers (Origin included) and body as they are. */
function proxy(req, res, target) {
  const url = new URL(req.url.slice('/api'.length) || '/', target);
  const upstream = httpRequest(
    url,
    { method: req.method, headers: { ...req.headers, host: url.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent)
      json(res, 502, {
        error: { code: 'NETWORK', message: `The server did not answer: ${error.message}` },
      });
    else res.destroy(error);
  });
  req.pipe(upstream);
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * Starts the whole demo. Everything listens on 127.0.0.1 only; nothing needs a network, an
 * account or a key. Resolves with the URLs, the contracts and `close()`, which stops all of it
 * (also when called twice). On a failure half-way, what was started is stopped again.
 *
 * @param {{ port?: number, host?: string, build?: boolean | 'auto', log?: (line: string) => void, logLevel?: string }} options
 */
export async function startDemo(options = {}) {
  const { port = 5173, host = '127.0.0.1', build = 'auto', log = () => {} } = options;
  if (!hasSourceConditions())
    throw new Error(
      `startDemo needs the workspace sources: run node ${sourceNodeArgs.join(' ')} (npm start does).`,
    );
  const stops = [];
  const close = async () => {
    while (stops.length) {
      const stop = stops.pop();
      try {
        await stop();
      } catch (error) {
        console.error(`While stopping the demo: ${error.message}`);
      }
    }
  };
  try {
    if (build === true || (build === 'auto' && bundleIsStale())) {
      log('Building the script-tag bundle…');
      await buildBundle({ quiet: true });
    }

    const testing = await import('@questboard/rules/testing');
    const { defineConfig, startServer } = await import('@questboard/server');

    log('Starting anvil and deploying the demo contracts…');
    const anvil = await testing.startAnvil();
    stops.push(() => anvil.stop());
    const fixtures = await testing.deployFixtures(anvil.rpcUrl, anvil.chainId);
    const contracts = { token: fixtures.erc20, nft: fixtures.erc721, pool: fixtures.pool };

    log('Starting the Questboard server (PGlite in memory)…');
    const adminKey = randomBytes(24).toString('hex');
    // A fresh issuer key per run (the chain and the database are fresh too); its address is
    // what the passport trusts.
    const issuerKey = `0x${randomBytes(32).toString('hex')}`;
    const { privateKeyToAccount } = await import('viem/accounts');
    const issuer = privateKeyToAccount(issuerKey).address;
    const server = await startServer(
      defineConfig({
        port: 0,
        host: '127.0.0.1',
        adminKey,
        issuerKey,
        chainIds: [anvil.chainId],
        logLevel: options.logLevel ?? process.env.QUESTBOARD_LOG_LEVEL ?? 'warn',
      }),
    );
    stops.push(() => server.close(1000));

    const csp = contentSecurityPolicy(anvil.rpcUrl);
    const statics = (dir) => sirv(dir, { dev: true, etag: true });
    const mounts = [
      ['/cdn/', statics(join(root, 'packages/elements/cdn'))],
      ['/script-tag/cdn/', statics(join(root, 'packages/elements/cdn'))],
      ['/script-tag/campaigns/', statics(join(root, 'examples/campaigns'))],
      ['/script-tag/', statics(join(root, 'examples/script-tag'))],
    ];
    const page = statics(join(root, 'examples/demo'));
    let config;
    const front = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/api' || path.startsWith('/api/')) return proxy(req, res, server.url);
      res.setHeader('content-security-policy', csp);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      if (path === '/demo-config.json') return json(res, 200, config);
      if (path === '/favicon.ico') {
        // Pages without an icon link (the script-tag example) ask for this one.
        req.url = '/favicon.svg';
        return page(req, res, () => res.writeHead(404).end());
      }
      if (path === '/script-tag') {
        res.writeHead(301, { location: '/script-tag/' });
        return res.end();
      }
      const notFound = () => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      for (const [prefix, handler] of mounts) {
        if (path.startsWith(prefix)) {
          req.url = req.url.slice(prefix.length - 1) || '/';
          return handler(req, res, notFound);
        }
      }
      page(req, res, notFound);
    });
    const actualPort = await listen(front, port, host);
    stops.push(
      () =>
        new Promise((resolve) => {
          front.close(() => resolve());
          front.closeAllConnections();
        }),
    );
    const origin = `http://${host}:${actualPort}`;
    config = {
      campaignId: CAMPAIGN_ID,
      endpoint: '/api',
      chainId: anvil.chainId,
      rpcUrl: anvil.rpcUrl,
      contracts,
      issuer,
    };

    const campaign = await demoCampaign({ origin, rpcUrl: anvil.rpcUrl, ...contracts });
    const created = await fetch(`${server.url}/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(campaign),
    });
    if (created.status !== 201 && created.status !== 200)
      throw new Error(
        `The server refused the demo campaign (${created.status}): ${await created.text()}`,
      );

    return {
      /** The demo page, e.g. `http://127.0.0.1:5173/`. */
      url: `${origin}/`,
      origin,
      /** The server's API as the page reaches it (same origin). */
      apiUrl: `${origin}/api`,
      /** The server itself (admin calls go here). */
      serverUrl: server.url,
      adminKey,
      issuer,
      rpcUrl: anvil.rpcUrl,
      chainId: anvil.chainId,
      contracts,
      campaign,
      csp,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
