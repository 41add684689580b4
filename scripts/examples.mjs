#!/usr/bin/env node
// `npm run test:examples`: builds every framework example under examples/ (`npm run build -w …`)
// and smoke-tests its built page in Chromium: the board renders the sample campaign, a visitor
// completes a task and the framework's own event binding hears `quest-complete`, no console or
// page errors, no request leaves 127.0.0.1. The React example also connects through wagmi to a
// real anvil node behind an injected EIP-1193 provider and hands that provider to the board.
//
//   node scripts/examples.mjs [react|vue|svelte|angular …] [--no-build]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireChromium } from './chromium.mjs';
import { run } from './lib.mjs';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const EXAMPLES = [
  { name: 'react', workspace: '@questboard/example-react', wallet: true },
  { name: 'vue', workspace: '@questboard/example-vue' },
  { name: 'svelte', workspace: '@questboard/example-svelte' },
  { name: 'angular', workspace: '@questboard/example-angular' },
];
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const only = args.filter((a) => !a.startsWith('--'));
for (const name of only) {
  if (!EXAMPLES.some((e) => e.name === name)) {
    console.error(`Unknown example "${name}". Known: ${EXAMPLES.map((e) => e.name).join(', ')}.`);
    process.exit(2);
  }
}
const examples = only.length ? EXAMPLES.filter((e) => only.includes(e.name)) : EXAMPLES;
const campaign = JSON.parse(readFileSync('examples/campaigns/questboard-101.json', 'utf8'));
const WAIT = 15_000;

// Never hang CI: the whole run has a hard limit.
const watchdog = setTimeout(() => {
  console.error('✖ examples: gave up after 240 s');
  process.exit(1);
}, 240_000);
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

// ── builds: two at a time (the machine has two cores) ───────────────────────────────────────
async function buildAll() {
  const results = new Map();
  const queue = [...examples];
  const worker = async () => {
    for (let example = queue.shift(); example; example = queue.shift()) {
      const t0 = Date.now();
      const { code, output } = await run(
        'npm',
        ['run', 'build', '--silent', '-w', example.workspace],
        {
          quiet: true,
          env: { ...process.env, FORCE_COLOR: '0', NODE_ENV: 'production' },
        },
      );
      results.set(example.name, { code, output, seconds: (Date.now() - t0) / 1000 });
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
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

async function smoke(browser, example, anvil) {
  const dist = join(root, 'examples', example.name, 'dist');
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(`${dist}/index.html is missing: build the example first`);
  // The repo's strict CSP (no inline script or style, no eval) applies to the examples too.
  const site = await serve({ root: dist, csp: true });
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
console.log(`examples: ${examples.map((e) => e.name).join(', ')}${build ? '' : ' (no build)'}`);
const browserReady = Promise.resolve().then(() =>
  puppeteer.launch({ executablePath: requireChromium(), args: chromiumArgs }),
);
const anvilReady = examples.some((e) => e.wallet) ? startAnvil() : Promise.resolve(null);
// Keep a rejected launch from being "unhandled" while the builds run.
browserReady.catch(() => {});
anvilReady.catch(() => {});

const built = new Set();
if (build) {
  const results = await buildAll();
  for (const example of examples) {
    const { code, output, seconds } = results.get(example.name);
    if (code === 0) {
      built.add(example.name);
      pass(`${example.name}: builds (${seconds.toFixed(1)} s)`);
    } else {
      fail(
        `${example.name}: builds`,
        `npm run build -w ${example.workspace} exited ${code}\n${output.trim()}`,
      );
    }
  }
} else {
  for (const example of examples) built.add(example.name);
}

let browser;
let anvil;
try {
  browser = await browserReady;
  anvil = await anvilReady;
  for (const example of examples) {
    if (!built.has(example.name)) continue;
    try {
      await smoke(browser, example, anvil);
    } catch (error) {
      fail(`${example.name}: smoke test`, error);
    }
  }
} catch (error) {
  fail('start Chromium and anvil', error);
} finally {
  await browser?.close().catch(() => {});
  anvil?.stop();
}

console.log(`\nexamples finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
