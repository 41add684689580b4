#!/usr/bin/env node
// `npm run test:examples` (the `examples` step of `npm test`): fresh apps from the packed
// tarballs, the way a new user meets the packages. Every package is packed (`npm pack`, the list
// derived from the root `workspaces`); the apps under examples/ are copied into a temporary
// folder OUTSIDE this repository and installed there in one `npm install` of a temporary
// workspace, from the tarballs plus the registry (npm's cache makes repeat runs fast). Nothing
// resolves from this repository: the check below fails if any @questboard package or any app
// dependency resolves outside the temporary folder. Then each app is built and loaded in
// Chromium: the board renders the sample campaign, a visitor completes a task and the app's own
// event handler hears `quest-complete`, no console or page errors, no request leaves 127.0.0.1.
// The server example has no browser: its own Node check runs the installed bin.
//
//   react    Vite + React 19 + wagmi (plain element, shipped JSX types); wagmi's injected
//            connector on a test EIP-1193 wallet backed by a real anvil node, handed to the
//            board through `provider`, which follows its account and its disconnect
//   next     Next.js App Router: a server component imports the package, a client component
//            renders the @lit/react wrapper with an object `campaign` and `onQuestComplete`;
//            `next build`, then `next start`
//   vue      Vue 3 + Vite          svelte   Svelte 5 + Vite
//   angular  Angular 21 (Vite through @analogjs/vite-plugin-angular, strict templates)
//   html     a plain page using only the tarball's cdn/ folder (no install, no build)
//   server   an operator's project: `npm run check` (examples/server/check.mjs) starts the
//            installed `questboard-server` bin on PGlite, publishes a campaign, signs in, verifies
//            a task (credential checked with core's verifyCredential, a byte-identical
//            idempotent replay), refuses a malformed token, a forged one and a foreign origin
//            with JSON errors, stops on SIGTERM (no build, no browser)
//
//   node scripts/examples.mjs [react|next|vue|svelte|angular|html|server …] [--keep]
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireChromium } from './chromium.mjs';
import { run } from './lib.mjs';
import { packAll, publishedPackages } from './pack.mjs';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const EXAMPLES = [
  { name: 'react', wallet: true },
  { name: 'next', server: true },
  { name: 'vue' },
  { name: 'svelte' },
  { name: 'angular' },
  { name: 'html', static: true },
  { name: 'server', node: true },
];
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.filter((a) => !a.startsWith('--'));
for (const name of only) {
  if (!EXAMPLES.some((e) => e.name === name)) {
    console.error(`Unknown example "${name}". Known: ${EXAMPLES.map((e) => e.name).join(', ')}.`);
    process.exit(2);
  }
}
const examples = only.length ? EXAMPLES.filter((e) => only.includes(e.name)) : EXAMPLES;
const browserExamples = examples.filter((e) => !e.node);
const campaign = JSON.parse(readFileSync('examples/campaigns/questboard-101.json', 'utf8'));
const WAIT = 30_000;

// Never hang CI: the whole run has a hard limit (installs of Next and Angular included).
const watchdog = setTimeout(() => {
  console.error('✖ examples: gave up after 1500 s');
  process.exit(1);
}, 1_500_000);
watchdog.unref();

const counts = { passed: 0, failed: 0 };
function pass(name) {
  counts.passed++;
  console.log(`  ✔ ${name}`);
}
function fail(name, error) {
  counts.failed++;
  console.log(
    `  ✖ ${name}\n    ${String(error?.stack ?? error)
      .split('\n')
      .join('\n    ')}`,
  );
}
async function check(name, fn) {
  try {
    await fn();
    pass(name);
    return true;
  } catch (error) {
    fail(name, error);
    return false;
  }
}
const seconds = (t0) => ((Date.now() - t0) / 1000).toFixed(1);

// ── the temporary workspace: tarballs + apps, one install ────────────────────────────────────
/** Packs, copies the apps and installs them; resolves with the temp root. */
async function setUp() {
  const temp = mkdtempSync(join(tmpdir(), 'questboard-fresh-'));
  if (realpathSync(temp).startsWith(realpathSync(root)))
    throw new Error(`the temporary folder ${temp} is inside the repository`);
  const packs = join(temp, 'packs');
  mkdirSync(packs);
  let t0 = Date.now();
  // Packing ships what is built: say so up front rather than fail later on a missing entry.
  const unbuilt = publishedPackages().filter(
    ({ dir, pkg }) => pkg.files?.includes('dist') && !existsSync(join(dir, 'dist')),
  );
  if (unbuilt.length)
    throw new Error(
      `${unbuilt.map((p) => p.name).join(', ')} not built (no dist/): run \`npm run build\` first (npm test does)`,
    );
  const packed = await packAll(packs);
  pass(
    `packed ${packed.length} packages (${seconds(t0)} s): ${packed.map((p) => p.name).join(', ')}`,
  );
  const spec = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  cpSync(join(root, 'examples/campaigns'), join(temp, 'campaigns'), { recursive: true });
  const installed = examples.filter((e) => !e.static);
  for (const example of examples) {
    cpSync(join(root, 'examples', example.name), join(temp, example.name), {
      recursive: true,
      filter: (src) =>
        !/(^|\/)(node_modules|dist|\.next|\.angular)(\/|$)/.test(src.slice(root.length)),
    });
    const path = join(temp, example.name, 'package.json');
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8'));
    for (const field of ['dependencies', 'devDependencies'])
      for (const dep of Object.keys(pkg[field] ?? {})) if (spec[dep]) pkg[field][dep] = spec[dep];
    writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  writeFileSync(
    join(temp, 'package.json'),
    `${JSON.stringify(
      {
        name: 'questboard-fresh-apps',
        private: true,
        workspaces: installed.map((e) => e.name),
        // The packages depend on each other by version (as on the registry): the tarballs here.
        overrides: spec,
      },
      null,
      2,
    )}\n`,
  );
  t0 = Date.now();
  const { code, output } = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    { cwd: temp, quiet: true, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  if (code !== 0) throw new Error(`npm install in ${temp} exited ${code}\n${output.trim()}`);
  pass(
    `installed ${installed.map((e) => e.name).join(', ')} from the tarballs in one npm install (${seconds(t0)} s)`,
  );
  return temp;
}

/** Every symlink under node_modules must stay inside `temp`; @questboard/* must be real copies. */
function checkIsolation(temp) {
  const outside = [];
  const walk = (dir, depth) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = resolvePath(dirname(path), readlinkSync(path));
        if (!target.startsWith(temp)) outside.push(`${path} → ${target}`);
      } else if (entry.isDirectory() && depth < 2 && (entry.name.startsWith('@') || depth === 0))
        walk(path, depth + 1);
    }
  };
  walk(join(temp, 'node_modules'), 0);
  if (outside.length) throw new Error(`links out of the temp folder:\n${outside.join('\n')}`);
  const questboardDeps = (pkg) =>
    Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) =>
      name.startsWith('@questboard/'),
    );
  for (const example of examples.filter((e) => !e.static)) {
    // Every @questboard package the app depends on (elements + core; server + core), and the
    // ones those depend on (the server's rules and contracts), each resolved from its dependent.
    const manifest = join(temp, example.name, 'package.json');
    const queue = questboardDeps(JSON.parse(readFileSync(manifest, 'utf8'))).map((name) => ({
      name,
      from: manifest,
    }));
    if (!queue.length) throw new Error(`${example.name}: no @questboard dependency to check`);
    for (const { name, from } of queue) {
      const found = createRequire(from).resolve(`${name}/package.json`);
      const resolved = realpathSync(found);
      if (!resolved.startsWith(realpathSync(temp)) || resolved.startsWith(realpathSync(root)))
        throw new Error(`${example.name}: ${name} resolves to ${resolved}, outside ${temp}`);
      if (lstatSync(dirname(found)).isSymbolicLink())
        throw new Error(`${example.name}: ${name} is a link, not the installed tarball`);
      for (const dep of questboardDeps(JSON.parse(readFileSync(resolved, 'utf8'))))
        if (!queue.some((q) => q.name === dep)) queue.push({ name: dep, from: resolved });
    }
  }
}

// ── builds: two at a time (the machine has two cores) ───────────────────────────────────────
async function buildAll(temp) {
  const results = new Map();
  const queue = examples.filter((e) => !e.static && !e.node);
  const worker = async () => {
    for (let example = queue.shift(); example; example = queue.shift()) {
      const t0 = Date.now();
      const { code, output } = await run('npm', ['run', 'build', '--silent', '-w', example.name], {
        cwd: temp,
        quiet: true,
        env: {
          ...process.env,
          FORCE_COLOR: '0',
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
        },
      });
      results.set(example.name, { code, output, seconds: (Date.now() - t0) / 1000 });
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

// ── Node examples: the app's own `npm run check`, on what it installed ─────────────────────────
async function nodeCheck(example, temp) {
  const name = `${example.name}: npm run check`;
  const t0 = Date.now();
  const { code, output } = await run('npm', ['run', 'check', '--silent', '-w', example.name], {
    cwd: temp,
    quiet: true,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const lines = output.trim().split('\n').join('\n    ');
  if (code === 0) pass(`${name} (${seconds(t0)} s)\n    ${lines}`);
  else fail(name, `npm run check -w ${example.name} exited ${code}\n${output.trim()}`);
}

/** `next start` on a free loopback port; resolves once it answers. */
async function startNext(dir) {
  const port = await freePort();
  const child = spawn(
    join(dir, '..', 'node_modules', '.bin', 'next'),
    ['start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    },
  );
  let log = '';
  child.stdout.on('data', (c) => (log += c));
  child.stderr.on('data', (c) => (log += c));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', close);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + WAIT;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(url);
      if (res.ok) return { url, close };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await close();
  throw new Error(`next start did not answer on ${url}\n${log}`);
}

// ── a real anvil node behind the injected provider of the React example ──────────────────────
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function anvilBinary() {
  const require = createRequire(import.meta.url);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  try {
    const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
    const bin = join(dirname(pkg), 'bin', 'anvil');
    if (existsSync(bin)) return bin;
  } catch {
    // the npm wrapper below
  }
  return join(root, 'node_modules', '.bin', 'anvil');
}

async function rpc(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  return body.result;
}

async function startAnvil() {
  const port = await freePort();
  const child = spawn(anvilBinary(), ['--port', String(port), '--host', '127.0.0.1', '--silent'], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  const deadline = Date.now() + WAIT;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      await rpc(url, 'eth_chainId');
      return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  stop();
  throw new Error(`anvil did not answer on ${url}`);
}

// ── page helpers (the board renders into shadow roots) ────────────────────────────────────────
const boardTitle = () =>
  document
    .querySelector('quest-board')
    ?.shadowRoot?.querySelector('[part~="title"]')
    ?.textContent?.trim();

async function taskHandle(page, taskId) {
  const handle = await page.evaluateHandle(
    (id) =>
      [
        ...(document.querySelector('quest-board')?.shadowRoot?.querySelectorAll('quest-task') ??
          []),
      ].find((t) => t.entry?.task.id === id) ?? null,
    taskId,
  );
  if (!(await handle.evaluate((t) => t !== null)))
    throw new Error(`task "${taskId}" is not rendered`);
  return handle;
}

async function inShadow(handle, selector, predicate = '') {
  const el = await handle.evaluateHandle(
    (host, sel, text) =>
      [...host.shadowRoot.querySelectorAll(sel)].find(
        (e) => !text || e.textContent.includes(text) || e.value === text,
      ) ?? null,
    selector,
    predicate,
  );
  if (!(await el.evaluate((e) => e !== null)))
    throw new Error(`no ${selector} ${predicate} in the task`);
  return el;
}

async function smoke(browser, example, anvil, temp) {
  const dir = join(temp, example.name);
  let site;
  if (example.server) site = await startNext(dir);
  else {
    // Vite builds land in dist/ (Angular's in dist/ too, through Vite); the HTML page is itself.
    const dist = example.static ? dir : join(dir, 'dist');
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing`);
    if (example.static) {
      // Only the tarball's cdn/ folder next to the page, and the campaign it loads.
      cpSync(join(temp, 'node_modules/@questboard/elements/cdn'), join(dir, 'cdn'), {
        recursive: true,
      });
      cpSync(join(temp, 'campaigns'), join(dir, 'campaigns'), { recursive: true });
    }
    // The repo's strict CSP (no inline script or style, no eval) applies to these apps too.
    site = await serve({ root: dist, csp: true });
  }
  const context = await browser.createBrowserContext();
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (message.location()?.url?.endsWith('/favicon.ico')) return;
      problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') {
        void request.continue();
        return;
      }
      problems.push(`request left 127.0.0.1: ${request.url()}`);
      void request.abort('blockedbyclient');
    });
    if (example.wallet) {
      // An injected wallet (window.ethereum) whose requests a real anvil node answers.
      await page.exposeFunction('__questboardTestRpc', (method, params) =>
        rpc(anvil.url, method, params),
      );
      await page.evaluateOnNewDocument(() => {
        const listeners = new Map();
        window.ethereum = {
          request: ({ method, params }) => window.__questboardTestRpc(method, params ?? []),
          on: (event, fn) => listeners.set(fn, event),
          removeListener: (_event, fn) => listeners.delete(fn),
        };
      });
    }
    await page.goto(site.url, { waitUntil: 'load' });

    await check(`${example.name}: the board renders the campaign`, async () => {
      await page.waitForFunction(`(${boardTitle})() === ${JSON.stringify(campaign.title)}`, {
        timeout: WAIT,
      });
      const { tiers, titles, error } = await page.evaluate(() => {
        const shadow = document.querySelector('quest-board').shadowRoot;
        return {
          tiers: shadow.querySelectorAll('quest-tier').length,
          titles: [...shadow.querySelectorAll('quest-task')].map((t) =>
            t.shadowRoot?.querySelector('[part~="task-title"]')?.textContent?.trim(),
          ),
          error: shadow.querySelector('[part~="error"]')?.textContent?.trim() ?? null,
        };
      });
      if (error) throw new Error(`the board shows an error: ${error}`);
      if (tiers !== campaign.tiers.length)
        throw new Error(`${tiers} tiers rendered, expected ${campaign.tiers.length}`);
      const first = campaign.tiers[0].tasks.map((t) => t.title);
      for (const title of first) {
        if (!titles.includes(title))
          throw new Error(`task "${title}" missing; rendered: ${JSON.stringify(titles)}`);
      }
    });

    if (example.server)
      await check(
        `${example.name}: the server component rendered the package's VERSION`,
        async () => {
          const text = await page.evaluate(
            () => document.querySelector('[data-testid="version"]')?.textContent ?? '',
          );
          if (!/@questboard\/elements \d+\.\d+\.\d+/.test(text))
            throw new Error(`the server-rendered version line reads "${text}"`);
          // The campaign object survived hydration as a property (not "[object Object]").
          const kind = await page.evaluate(
            () => typeof document.querySelector('quest-board')?.campaign,
          );
          if (kind !== 'object') throw new Error(`board.campaign is a ${kind} after hydration`);
        },
      );

    await check(
      `${example.name}: answering the quiz fires quest-complete into the app`,
      async () => {
        const quiz = campaign.tiers[0].tasks.find((t) => t.kind === 'quiz');
        const task = await taskHandle(page, quiz.id);
        await (await inShadow(task, 'input[type="radio"]', quiz.options[0])).click();
        await (await inShadow(task, '[part~="task-submit"]')).click();
        // The app's own listener (React onquest-complete, Vue @quest-complete, Svelte onquest-complete,
        // Angular (quest-complete))
        // updated its state: the points output and the event log.
        await page.waitForFunction(
          (points, id) =>
            document.querySelector('[data-testid="points"]')?.textContent?.trim() ===
              String(points) &&
            document
              .querySelector('[data-testid="log"]')
              ?.textContent?.includes(`quest-complete ${id}`),
          { timeout: WAIT },
          quiz.points,
          quiz.id,
        );
        const state = await task.evaluate((t) => t.entry?.state);
        if (state !== 'done') throw new Error(`the quiz task is "${state}", expected "done"`);
      },
    );

    if (example.wallet) {
      await check(
        `${example.name}: the wagmi connection reaches board.provider and the board follows its account`,
        async () => {
          const [account] = await rpc(anvil.url, 'eth_accounts');
          const button = await page.waitForSelector('::-p-text(Connect wallet)', { timeout: WAIT });
          await button.click();
          await page.waitForFunction(
            (address) =>
              document.querySelector('[data-testid="address"]')?.textContent?.toLowerCase() ===
              address,
            { timeout: WAIT },
            account.toLowerCase(),
          );
          await page.waitForFunction(
            () =>
              window.ethereum &&
              document.querySelector('quest-board')?.provider === window.ethereum,
            { timeout: WAIT },
          );
          // The board follows that provider: same account, through its host connector (no picker).
          await page.waitForFunction(
            (address) => {
              const wallet = document.querySelector('quest-board').wallet;
              return (
                wallet?.$connector.get()?.kind === 'host' &&
                wallet.$account.get()?.toLowerCase() === address
              );
            },
            { timeout: WAIT },
            account.toLowerCase(),
          );
          // Disconnecting in the app takes the provider away from the board again.
          await (await page.waitForSelector('::-p-text(Disconnect)', { timeout: WAIT })).click();
          await page.waitForFunction(
            () => document.querySelector('quest-board')?.provider == null,
            {
              timeout: WAIT,
            },
          );
        },
      );
    }

    await check(`${example.name}: no console errors, page errors or outside requests`, async () => {
      if (problems.length) throw new Error(problems.join('\n'));
    });
  } finally {
    await context.close().catch(() => {});
    await site.close();
  }
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────
const started = Date.now();
console.log(`examples from tarballs: ${examples.map((e) => e.name).join(', ')}`);
const browserReady = browserExamples.length
  ? Promise.resolve().then(() =>
      puppeteer.launch({ executablePath: requireChromium(), args: chromiumArgs }),
    )
  : Promise.resolve(null);
const anvilReady = examples.some((e) => e.wallet) ? startAnvil() : Promise.resolve(null);
// Keep a rejected launch from being "unhandled" while the installs run.
browserReady.catch(() => {});
anvilReady.catch(() => {});

let temp;
const built = new Set();
try {
  temp = await setUp();
  await check(
    'nothing resolves from the repository: @questboard/* are the installed tarballs',
    () => checkIsolation(temp),
  );
  const t0 = Date.now();
  const results = await buildAll(temp);
  for (const example of examples) {
    if (example.static || example.node) {
      built.add(example.name);
      continue;
    }
    const { code, output, seconds: s } = results.get(example.name);
    if (code === 0) {
      built.add(example.name);
      pass(`${example.name}: builds (${s.toFixed(1)} s)`);
    } else {
      fail(
        `${example.name}: builds`,
        `npm run build -w ${example.name} exited ${code}\n${output.trim()}`,
      );
    }
  }
  if (results.size) console.log(`  builds took ${seconds(t0)} s`);
} catch (error) {
  fail('set up the fresh apps', error);
}

for (const example of examples) {
  if (example.node && built.has(example.name)) await nodeCheck(example, temp);
}

let browser;
let anvil;
try {
  browser = await browserReady;
  anvil = await anvilReady;
  for (const example of browserExamples) {
    if (!built.has(example.name)) continue;
    try {
      await smoke(browser, example, anvil, temp);
    } catch (error) {
      fail(`${example.name}: smoke test`, error);
    }
  }
} catch (error) {
  fail('start Chromium and anvil', error);
} finally {
  await browser?.close().catch(() => {});
  anvil?.stop();
  if (temp && !keep && !counts.failed) rmSync(temp, { recursive: true, force: true });
  else if (temp) console.log(`  the apps are kept in ${temp}`);
}

console.log(`\nexamples finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
