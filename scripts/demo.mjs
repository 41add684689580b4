// The demo stack: a local anvil chain with the demo contracts, the reference server on
// in-memory PGlite, and one page server on 127.0.0.1 that serves the demo dApp, the script-tag
// bundle and the script-tag example, and proxies `/api/*` to the server — one origin, so the
// pages run under `default-src 'self'` (plus the anvil RPC URL in `connect-src`).
//
// The rewards are real contracts on that chain: the Learn tier mints a soulbound QuestBadge from
// the voucher the server signs, the Trade tier pays Test USD from a QuestDrop. A demo-only hook
// in the page server closes and publishes a drop round whenever a visitor claims a token tier
// (see `closeAndPublishRound`). `clock: true` (QB_DEMO_CLOCK=1) adds a demo clock the admin key
// moves forward, for crossing a daily reset (see `DemoClock`).
//
// `npm start` runs it (scripts/start.mjs); the end-to-end test starts it in-process with
// `startDemo({ port: 0 })`. Workspace packages load from source: node must run with
// `--conditions=source --import tsx` (see `sourceNodeArgs` / `relaunchWithSource`).
import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
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

/**
 * anvil's well-known dev account #0 (deployer and owner of the demo contracts): a key for local
 * chains only, published by Foundry. The owner key `publishRoot` signs rounds with.
 */
export const DEMO_OWNER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/**
 * The badge image in QuestBadge's on-chain metadata (the campaign's `chainImage`): the IPFS
 * content address (CIDv1, raw, sha-256) of examples/demo/badge.svg, computed at start. The
 * contract takes https:// or ipfs:// only; the card shows the same file over http: from the page.
 */
export async function badgeImageCid() {
  const { createHash } = await import('node:crypto');
  const svg = await readFile(join(root, 'examples/demo/badge.svg'));
  const bytes = Buffer.concat([
    Buffer.from([0x01, 0x55, 0x12, 0x20]), // CIDv1, raw, sha2-256, 32 bytes
    createHash('sha256').update(svg).digest(),
  ]);
  // RFC 4648 base32, lower case, no padding; multibase prefix "b".
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return `ipfs://${out}`;
}

/** The campaign from examples/campaigns/demo.json with this run's origin, RPC URL and contracts. */
export async function demoCampaign({ origin, rpcUrl, token, pool, nft, badge, drop }) {
  const localhost = origin.replace('//127.0.0.1:', '//localhost:');
  const values = {
    $ORIGIN_LOCALHOST: localhost,
    $ORIGIN: origin,
    $RPC_URL: rpcUrl,
    $TOKEN: token,
    $POOL: pool,
    $NFT: nft,
    $BADGE: badge,
    $DROP: drop,
    $BADGE_IMAGE: await badgeImageCid(),
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

/** Reads a request body of at most `limit` bytes (a longer one rejects). */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Whether `header` is `Bearer <key>` (compared in constant time). */
function bearerIs(header, key) {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(key);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * The demo clock (demo and tests only, never the library server's): the server's `now`, the
 * page's board clock and the chain's block time, all moved forward together by the admin key.
 * Sign-in and sessions keep the real clock (a moved clock must not expire a session).
 */
export class DemoClock {
  /** Milliseconds added to the real clock. */
  offsetMs = 0;
  /** The most one request may add: a year. */
  static MAX_ADVANCE_SECONDS = 366 * 86_400;
  constructor(rpcUrl) {
    this.rpcUrl = rpcUrl;
  }
  now = () => Date.now() + this.offsetMs;
  /** Moves the server's clock and the chain's block time forward by `seconds`. */
  async advance(seconds) {
    const call = async (method, params) => {
      const res = await fetch(this.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      const body = await res.json();
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
    };
    await call('evm_increaseTime', [seconds]);
    await call('evm_mine', []);
    this.offsetMs += seconds * 1000;
    return this.view();
  }
  view() {
    return { offsetMs: this.offsetMs, now: new Date(this.now()).toISOString() };
  }
}

/**
 * `POST /demo/clock` `{ "advanceSeconds": n }` with `authorization: Bearer <admin key>`: moves
 * the demo clock forward (1 s to a year; it never goes back). Anything else is refused and
 * changes nothing.
 */
async function clockRoute(req, res, clock, adminKey) {
  const refuse = (status, code, message) => json(res, status, { error: { code, message } });
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return refuse(405, 'METHOD_NOT_ALLOWED', 'POST { "advanceSeconds": n } moves the demo clock.');
  }
  if (!bearerIs(req.headers.authorization, adminKey))
    return refuse(
      401,
      'UNAUTHORIZED',
      'The demo clock needs the admin key: authorization: Bearer <admin key>.',
    );
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
    return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json.');
  let body;
  try {
    body = JSON.parse((await readBody(req, 1024)).toString('utf8'));
  } catch {
    return refuse(400, 'BAD_REQUEST', 'The body is not JSON of at most 1 KB.');
  }
  const seconds = body?.advanceSeconds;
  const extra =
    body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'advanceSeconds') : [];
  if (extra.length)
    return refuse(
      400,
      'BAD_REQUEST',
      `Unknown field ${JSON.stringify(extra[0])}: only advanceSeconds.`,
    );
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > DemoClock.MAX_ADVANCE_SECONDS)
    return refuse(
      400,
      'BAD_REQUEST',
      `advanceSeconds must be a whole number from 1 to ${DemoClock.MAX_ADVANCE_SECONDS} (the clock only moves forward).`,
    );
  try {
    return json(res, 200, await clock.advance(seconds));
  } catch (error) {
    return refuse(502, 'NETWORK', `The chain did not move: ${error.message}`);
  }
}

/** Deploys a contract from anvil account #0 and waits for it. */
async function deployContract(client, abi, bytecode, args) {
  const hash = await client.deployContract({ abi, bytecode, args, chain: null });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success' || !receipt.contractAddress)
    throw new Error('A demo contract failed to deploy.');
  return receipt.contractAddress;
}

async function mined(client, hash) {
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success') throw new Error(`The demo transaction ${hash} reverted.`);
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
 * `clock` (default: `QB_DEMO_CLOCK=1` in the environment) adds the demo clock: `POST /demo/clock`
 * on the page server (admin key only) and `clock` in `/demo-config.json`.
 *
 * @param {{ port?: number, host?: string, build?: boolean | 'auto', log?: (line: string) => void, logLevel?: string, clock?: boolean }} options
 */
export async function startDemo(options = {}) {
  const { port = 5173, host = '127.0.0.1', build = 'auto', log = () => {} } = options;
  const clockOn = options.clock ?? process.env.QB_DEMO_CLOCK === '1';
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

    log('Starting the Questboard server (PGlite in memory)…');
    const adminKey = randomBytes(24).toString('hex');
    // A fresh issuer key per run (the chain and the database are fresh too); its address is
    // what the passport trusts.
    const issuerKey = `0x${randomBytes(32).toString('hex')}`;
    const { privateKeyToAccount } = await import('viem/accounts');
    const issuer = privateKeyToAccount(issuerKey).address;

    // The reward contracts, owned by anvil's account #0: badges minted with the server issuer's
    // vouchers, and a drop of Test USD (funded with a million, open for a year of chain time).
    const { questBadgeAbi, questBadgeBytecode, questDropAbi, questDropBytecode } = await import(
      '@questboard/contracts'
    );
    const { publishRoot } = await import('./publish-root.mjs');
    const chain = fixtures.client;
    const owner = privateKeyToAccount(DEMO_OWNER_KEY).address;
    const badge = await deployContract(chain, questBadgeAbi, questBadgeBytecode, [
      'Acme DEX badges',
      'ACMEB',
      owner,
      issuer,
    ]);
    const endTime = (await chain.getBlock()).timestamp + 366n * 86_400n;
    const drop = await deployContract(chain, questDropAbi, questDropBytecode, [
      fixtures.erc20,
      owner,
      endTime,
    ]);
    await mined(
      chain,
      await chain.writeContract({
        address: fixtures.erc20,
        abi: testing.abis.erc20,
        functionName: 'mint',
        args: [drop, 1_000_000n * 10n ** 6n],
        chain: null,
      }),
    );
    const contracts = {
      token: fixtures.erc20,
      nft: fixtures.erc721,
      pool: fixtures.pool,
      badge,
      drop,
    };
    const clock = clockOn ? new DemoClock(anvil.rpcUrl) : undefined;

    const server = await startServer(
      defineConfig({
        port: 0,
        host: '127.0.0.1',
        adminKey,
        issuerKey,
        chainIds: [anvil.chainId],
        logLevel: options.logLevel ?? process.env.QUESTBOARD_LOG_LEVEL ?? 'warn',
      }),
      clock ? { now: clock.now } : {},
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
    let campaign;
    /** Token tiers (id → drop) whose claims close and publish a round (the demo-only hook). */
    const tokenTiers = new Map();
    let rounds = Promise.resolve();
    /**
     * The demo-only hook: after a visitor's claim of a token tier, close a round of the drop for
     * the ledger through the admin API (`POST /admin/campaigns/demo/rounds`: the same ledger gives
     * the same round), fetch its tree dump and publish its root with the owner key (what
     * scripts/publish-root.mjs does). One at a time; the claim's answer waits for it, so the
     * card finds the proof (`GET …/proof/{address}`) against a root already on chain.
     */
    const closeAndPublishRound = (contract) => {
      const next = rounds.then(async () => {
        const admin = { authorization: `Bearer ${adminKey}` };
        const closed = await fetch(`${server.url}/admin/campaigns/${CAMPAIGN_ID}/rounds`, {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({ chainId: anvil.chainId, contract }),
        });
        const round = await closed.json();
        if (!closed.ok)
          throw new Error(`closing a round: ${closed.status} ${JSON.stringify(round)}`);
        const dump = await fetch(
          `${server.url}/admin/campaigns/${CAMPAIGN_ID}/rounds/${round.round}/dump.json`,
          { headers: admin },
        );
        if (!dump.ok) throw new Error(`the round's dump: ${dump.status} ${await dump.text()}`);
        const published = await publishRoot({
          rpc: anvil.rpcUrl,
          drop: contract,
          key: DEMO_OWNER_KEY,
          dump: await dump.json(),
        });
        log(`Round ${round.round} of the drop (${round.count} accounts): ${published.status}`);
        return published;
      });
      rounds = next.catch(() => {});
      return next;
    };
    /** `/api/campaigns/demo/tiers/<token tier>/claim`: forwarded, then the round hook, then answered. */
    const claimWithRound = (req, res, contract) => {
      const url = new URL(req.url.slice('/api'.length), server.url);
      const upstream = httpRequest(
        url,
        { method: req.method, headers: { ...req.headers, host: url.host } },
        (answer) => {
          const chunks = [];
          answer.on('data', (chunk) => chunks.push(chunk));
          answer.on('end', async () => {
            if ((answer.statusCode ?? 500) < 300)
              await closeAndPublishRound(contract).catch((error) =>
                console.error(`The demo could not close and publish a round: ${error.message}`),
              );
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          });
        },
      );
      upstream.on('error', (error) =>
        json(res, 502, {
          error: { code: 'NETWORK', message: `The server did not answer: ${error.message}` },
        }),
      );
      req.pipe(upstream);
    };
    const front = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const claimOf = /^\/api\/campaigns\/([^/]+)\/tiers\/([^/]+)\/claim$/.exec(path);
      if (req.method === 'POST' && claimOf?.[1] === CAMPAIGN_ID && tokenTiers.has(claimOf[2]))
        return claimWithRound(req, res, tokenTiers.get(claimOf[2]));
      if (path === '/api' || path.startsWith('/api/')) return proxy(req, res, server.url);
      if (clock && path === '/demo/clock') return clockRoute(req, res, clock, adminKey);
      res.setHeader('content-security-policy', csp);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      if (path === '/demo-config.json')
        return json(res, 200, { ...config, clock: clock ? clock.view() : null });
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

    campaign = await demoCampaign({ origin, rpcUrl: anvil.rpcUrl, ...contracts });
    // Each badge tier's on-chain metadata (QuestBadge refuses a claim for a tier without it).
    const { rewardKey } = await import('@questboard/core');
    for (const tier of campaign.tiers) {
      const reward = tier.reward;
      if (reward?.kind === 'token') tokenTiers.set(tier.id, reward.contract);
      if (reward?.kind !== 'badge') continue;
      await mined(
        chain,
        await chain.writeContract({
          address: reward.contract,
          abi: questBadgeAbi,
          functionName: 'setTier',
          args: [
            rewardKey(CAMPAIGN_ID),
            rewardKey(tier.id),
            reward.name ?? reward.title,
            reward.chainImage ?? reward.image,
          ],
          chain: null,
        }),
      );
    }
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
      /** The demo clock (`clock: true` / QB_DEMO_CLOCK=1), else undefined. */
      clock,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
