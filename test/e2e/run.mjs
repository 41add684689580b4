#!/usr/bin/env node
// End-to-end: starts the demo stack (anvil + contracts, the reference server on PGlite, the demo
// page under a strict CSP), and drives the system Chromium through the whole ladder by clicking,
// twice: with the dev wallet, then in a fresh profile with an injected EIP-6963 wallet on the
// local chain. Each climb: connect through the picker, sign in, visit, quiz, faucet, swap, mint
// (each on-chain task first refused, then verified by the server against the chain), claim every
// tier, and the passport shows every credential as valid. Then the server's own records over
// HTTP (progress, points, claims, leaderboard, credentials, funnel), the script-tag example under
// the same CSP, no console error, no CSP violation, no request to another host, and axe-core.
// Prints `N passed, N failed`; exits non-zero on failure. Everything it started is stopped,
// pass or fail.
//
//   npm run test:e2e   (E2E_HEADFUL=1 to watch, E2E_SLOWMO=100 to slow it down,
//                       E2E_SCREENSHOT=shot.png to keep the page after the ladder)
import { fileURLToPath } from 'node:url';
import { chromiumArgs, requireChromium } from '../../scripts/chromium.mjs';
import { relaunchWithSource, startDemo } from '../../scripts/demo.mjs';

if (await relaunchWithSource(fileURLToPath(import.meta.url))) process.exit();

// Sized for a loaded 2-core machine: building the bundle and starting the stack alone took over
// 120 s while another test run shared the machine.
const DEADLINE_MS = Number(process.env.E2E_TIMEOUT_MS ?? 300_000);
const started = Date.now();
const results = [];
let demo;
let browser;
let cleaning;

async function cleanup() {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await demo?.close();
  })();
  return cleaning;
}

function finish(code) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(
    `\n${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.exit(code ?? (failed ? 1 : 0));
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`\n${signal}: stopping the stack…`);
    await cleanup();
    results.push({ name: `interrupted by ${signal}`, ok: false });
    finish(1);
  });
}
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, async (error) => {
    console.error(`\n${event}: ${error?.stack ?? error}`);
    results.push({ name: event, ok: false });
    await cleanup();
    finish(1);
  });
}
const watchdog = setTimeout(async () => {
  console.error(`\nThe end-to-end run took longer than ${DEADLINE_MS / 1000} s: stopping.`);
  results.push({ name: 'finished in time', ok: false });
  await cleanup();
  finish(1);
}, DEADLINE_MS);
watchdog.unref();

let stopped = false;
/** One named check; the first failure stops the ladder (every later rung depends on it). */
async function step(name, fn) {
  if (stopped) {
    console.log(`- ${name} (not run)`);
    return;
  }
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`✔ ${name} (${Date.now() - t} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    stopped = true;
    console.log(`✖ ${name}\n  ${String(error?.stack ?? error).replace(/\n/g, '\n  ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}
function equal(actual, expected, what) {
  assert(
    JSON.stringify(actual) === JSON.stringify(expected),
    `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );
}

// ---------------------------------------------------------------- page helpers (run in Chromium)

/** A task's rendered state, from its class (`is-done`, `is-failed`, …) in `<quest-task>`. */
const TASK_STATE = (id) => {
  const board = document.querySelector('quest-board');
  const task = [...(board?.shadowRoot?.querySelectorAll('quest-task') ?? [])].find(
    (t) => t.entry?.task.id === id,
  );
  const box = task?.shadowRoot?.querySelector('[part~="task"]');
  const state = box ? [...box.classList].find((c) => c.startsWith('is-'))?.slice(3) : null;
  const error = task?.shadowRoot?.querySelector('[part~="task-error"]')?.textContent?.trim();
  return { state, error: error ?? null };
};

/**
 * A real mouse click on an element: scrolled to the middle of the viewport first, and clicked
 * once it stopped moving (puppeteer's own scroll-then-click can land off an element that is
 * inside shadow roots and far down the page).
 */
async function press(handle) {
  await handle.evaluate(async (el) => {
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  await handle.click();
}

async function taskPart(page, id, part) {
  const handle = await page.waitForFunction(
    (id, part) => {
      const board = document.querySelector('quest-board');
      const task = [...(board?.shadowRoot?.querySelectorAll('quest-task') ?? [])].find(
        (t) => t.entry?.task.id === id,
      );
      return task?.shadowRoot?.querySelector(`[part~="${part}"]`) ?? false;
    },
    { timeout: 10_000 },
    id,
    part,
  );
  return handle.asElement();
}

async function waitForTask(page, id, wanted, timeout = 15_000) {
  try {
    await page.waitForFunction(
      `(${TASK_STATE})(${JSON.stringify(id)}).state === ${JSON.stringify(wanted)}`,
      { timeout, polling: 50 },
    );
  } catch {
    const now = await page.evaluate(TASK_STATE, id);
    const events = await page.$$eval('#log li', (items) =>
      items.slice(0, 4).map((i) => i.textContent),
    );
    throw new Error(
      `task "${id}" did not become ${wanted}: it is ${now.state}${now.error ? ` (${now.error})` : ''}\nlatest board events:\n${events.join('\n')}`,
    );
  }
}

async function claim(page, tierId) {
  const button = (
    await page.waitForFunction(
      (tierId) => {
        const board = document.querySelector('quest-board');
        const reward = [...board.shadowRoot.querySelectorAll('quest-reward')].find(
          (r) => r.tierId === tierId,
        );
        return reward?.shadowRoot?.querySelector('[part~="reward-claim"]') ?? false;
      },
      { timeout: 10_000 },
      tierId,
    )
  ).asElement();
  const claimed = page.evaluate(
    (tierId) =>
      new Promise((resolve) =>
        document.querySelector('quest-board').addEventListener('quest-claim', (e) => {
          if (e.detail.tierId === tierId) resolve(e.detail);
        }),
      ),
    tierId,
  );
  await press(button);
  const detail = await claimed;
  equal(detail, { tierId, firstClaim: true }, `quest-claim for "${tierId}"`);
  await page.waitForFunction(
    (tierId) => {
      const reward = [
        ...document.querySelector('quest-board').shadowRoot.querySelectorAll('quest-reward'),
      ].find((r) => r.tierId === tierId);
      return reward?.state === 'claimed';
    },
    { timeout: 10_000 },
    tierId,
  );
}

async function pageAction(page, buttonId, action) {
  await page.waitForFunction((id) => !document.getElementById(id).disabled, {}, buttonId);
  await press(await page.$(`#${buttonId}`));
  await page.waitForFunction(
    (action) => {
      const s = document.getElementById('tx-status');
      return (
        (s.dataset.state === 'done' && s.dataset.action === action) || s.dataset.state === 'failed'
      );
    },
    { timeout: 20_000 },
    action,
  );
  const status = await page.$eval('#tx-status', (s) => ({
    state: s.dataset.state,
    text: s.textContent,
  }));
  assert(status.state === 'done', `the page's ${buttonId} action failed: ${status.text}`);
  return status.text;
}

// ---------------------------------------------------------------- the run

const problems = { console: [], csp: [], foreign: [], pageErrors: [] };
/** Every page opened reports its console errors, CSP violations and foreign requests here. */
async function watch(page, label) {
  const local = new Set([new URL(demo.url).host, new URL(demo.rpcUrl).host]);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && !local.has(url.host))
      problems.foreign.push(`[${label}] ${request.url()}`);
  });
  page.on('console', (message) => {
    const text = `[${label}] ${message.text()}`;
    if (/Content Security Policy|Refused to/i.test(text)) problems.csp.push(text);
    else if (message.type() === 'error')
      problems.console.push(
        `${text}${message.location()?.url ? ` (${message.location().url})` : ''}`,
      );
  });
  page.on('pageerror', (error) =>
    problems.pageErrors.push(`[${label}] ${String(error?.message ?? error)}`),
  );
  // Every CSP violation, also those from inside shadow roots (the event is composed).
  await page.evaluateOnNewDocument(() => {
    window.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`),
      true,
    );
  });
}

async function collectViolations(page, label) {
  const found = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
  problems.csp.push(...found.map((v) => `[${label}] ${v}`));
}

/**
 * An injected wallet (EIP-6963 + EIP-1193) on the local chain, holding one of anvil's unlocked
 * accounts: anvil signs (personal_sign) and sends (eth_sendTransaction) for it. Put in the page
 * through DevTools, as a browser extension would, so the page's CSP does not apply to it.
 */
function injectedWallet(rpcUrl, account, chainId) {
  let id = 0;
  const forward = async (method, params) => {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const body = await response.json();
    if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
    return body.result;
  };
  let connected = false;
  const provider = {
    async request({ method, params = [] }) {
      switch (method) {
        case 'eth_requestAccounts':
          connected = true;
          return [account];
        case 'eth_accounts':
          return connected ? [account] : [];
        case 'eth_chainId':
          return `0x${chainId.toString(16)}`;
        case 'wallet_switchEthereumChain':
          return null;
        default:
          return forward(method, params);
      }
    },
    on() {},
    removeListener() {},
  };
  const detail = Object.freeze({
    info: Object.freeze({
      uuid: '6f1c7d2e-4c7b-4b9e-9a51-2f0e1b7c9d10',
      name: 'Test Wallet',
      icon: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 8 8%22%3E%3Crect width=%228%22 height=%228%22 fill=%22%23888%22/%3E%3C/svg%3E',
      rdns: 'org.questboard.test-wallet',
    }),
    provider,
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
}

const climbed = [];

/** The whole ladder in one page, by clicking; `wallet` is the picker option to choose. */
async function climb(label, page, wallet) {
  const s = (name, fn) => step(`[${label}] ${name}`, fn);
  let address;

  await s('the demo page loads the campaign from the server', async () => {
    await page.goto(demo.url, { waitUntil: 'load' });
    await waitForTask(page, 'read-guide', 'available');
    const title = await page.evaluate(
      () =>
        document.querySelector('quest-board').shadowRoot.querySelector('[part~="title"]')
          ?.textContent,
    );
    equal(title, demo.campaign.title, 'the board shows the campaign from the server');
  });

  await s(
    `visit: open the guide, verify; the server wants a wallet: "${wallet}" from the picker, SIWE`,
    async () => {
      const opened = new Promise((resolve) =>
        page.browserContext().once('targetcreated', (target) => resolve(target)),
      );
      await press(await taskPart(page, 'read-guide', 'task-link'));
      const target = await opened;
      equal(new URL(target.url()).pathname, '/guide.html', 'the visit link opens the local guide');
      await (await target.page())?.close();
      await press(await taskPart(page, 'read-guide', 'task-verify'));
      // The server records progress per signed-in wallet: the board opens its picker first.
      const option = (
        await page.waitForFunction(
          (wallet) => {
            const picker = document
              .querySelector('quest-board')
              .shadowRoot.querySelector('quest-wallet');
            return (
              [...(picker?.shadowRoot?.querySelectorAll('[part~="picker-option"]') ?? [])].find(
                (o) => o.querySelector('[part~="picker-name"]')?.textContent.trim() === wallet,
              ) ?? false
            );
          },
          { timeout: 10_000 },
          wallet,
        )
      ).asElement();
      await press(option);
      await waitForTask(page, 'read-guide', 'done');
      address = await page.evaluate(() =>
        document.querySelector('quest-board').wallet.$account.get(),
      );
      assert(/^0x[0-9a-fA-F]{40}$/.test(address ?? ''), `connected address: ${address}`);
      const session = await page.evaluate(
        () => document.querySelector('quest-board').wallet.$session.get()?.address,
      );
      equal(
        session?.toLowerCase(),
        address.toLowerCase(),
        'signed in (SIWE) as the connected wallet',
      );
    },
  );

  await s('quiz: a wrong answer is refused, the right one passes', async () => {
    const pick = async (text) => {
      const option = (
        await page.waitForFunction(
          (text) => {
            const task = [
              ...document.querySelector('quest-board').shadowRoot.querySelectorAll('quest-task'),
            ].find((t) => t.entry?.task.id === 'dex-quiz');
            return (
              [...(task?.shadowRoot?.querySelectorAll('[part~="task-option"]') ?? [])].find((l) =>
                l.textContent.includes(text),
              ) ?? false
            );
          },
          { timeout: 10_000 },
          text,
        )
      ).asElement();
      await press(option);
      await press(await taskPart(page, 'dex-quiz', 'task-submit'));
    };
    await pick('Mine new blocks');
    await waitForTask(page, 'dex-quiz', 'failed');
    await pick('Swap one token for another');
    await waitForTask(page, 'dex-quiz', 'done');
  });

  await s('claim the "Learn" tier reward', () => claim(page, 'learn'));

  await s('connect a wallet: verified for the connected wallet', async () => {
    await press(await taskPart(page, 'connect', 'task-action'));
    await waitForTask(page, 'connect', 'done');
  });

  await s('sign in: the session is reused (no second signature)', async () => {
    const before = await page.evaluate(
      () => document.querySelector('quest-board').wallet.$session.get()?.token,
    );
    await press(await taskPart(page, 'sign-in', 'task-action'));
    await waitForTask(page, 'sign-in', 'done');
    const after = await page.evaluate(
      () => document.querySelector('quest-board').wallet.$session.get()?.token,
    );
    equal(after, before, 'the same session');
  });

  await s('claim the "Wallet" tier reward', () => claim(page, 'wallet'));

  await s('faucet: verifying before taking tokens fails on the server', async () => {
    await press(await taskPart(page, 'faucet', 'task-verify'));
    await waitForTask(page, 'faucet', 'failed');
    // In the campaign's words and units (the wording loads with the first failure); the server's
    // own reason is kept under the details.
    await page
      .waitForFunction(`(${TASK_STATE})('faucet').error?.startsWith('You need')`, {
        timeout: 30_000,
        polling: 50,
      })
      .catch(() => {}); // the assertion below says what was shown instead
    const { error } = await page.evaluate(TASK_STATE, 'faucet');
    assert(
      (error ?? '').startsWith('You need at least 100 Test USD on Local anvil'),
      `the failed check says why: ${error}`,
    );
  });

  await s('faucet: "Get test tokens" (gas + mint), then verify', async () => {
    const text = await pageAction(page, 'faucet', 'faucet');
    assert(/100 Test USD/.test(text), text);
    // Right after the failed check: the server reads the chain afresh for every verification.
    await press(await taskPart(page, 'faucet', 'task-verify'));
    await waitForTask(page, 'faucet', 'done');
  });

  await s('swap: "Swap" (a Swap event from the pool), then verify', async () => {
    await pageAction(page, 'swap', 'swap');
    await press(await taskPart(page, 'swap', 'task-verify'));
    await waitForTask(page, 'swap', 'done');
  });

  await s('mint: "Mint NFT" (ERC-721), then verify', async () => {
    await pageAction(page, 'mint', 'mint');
    await press(await taskPart(page, 'mint', 'task-verify'));
    await waitForTask(page, 'mint', 'done');
  });

  await s('claim the "Trade" tier reward', () => claim(page, 'trade'));

  await s('the passport shows every credential, each valid', async () => {
    try {
      await page.waitForFunction(
        (n) => {
          const items = document
            .querySelector('quest-passport')
            ?.shadowRoot?.querySelectorAll('[part~="credential"]');
          return items?.length === n && [...items].every((i) => i.part.contains('valid'));
        },
        { timeout: 15_000, polling: 100 },
        taskIds().length,
      );
    } catch {
      const seen = await page.evaluate(() =>
        [
          ...(document
            .querySelector('quest-passport')
            ?.shadowRoot?.querySelectorAll('[part~="credential"]') ?? []),
        ].map((i) => `${i.part.value}: ${i.textContent.replace(/\s+/g, ' ').trim()}`),
      );
      throw new Error(`passport after the ladder:\n${seen.join('\n') || '(empty)'}`);
    }
    climbed.push(address);
  });

  if (process.env.E2E_SCREENSHOT && label === 'dev wallet')
    await page.screenshot({ path: process.env.E2E_SCREENSHOT, fullPage: true }).catch(() => {});
  await collectViolations(page, label);
  return address;
}

const taskIds = () => demo.campaign.tiers.flatMap((t) => t.tasks.map((task) => task.id));
const tierIds = () => demo.campaign.tiers.map((t) => t.id);
const totalPoints = () =>
  demo.campaign.tiers.flatMap((t) => t.tasks).reduce((n, t) => n + t.points, 0);

const api = async (path, headers = {}) => {
  const res = await fetch(`${demo.serverUrl}${path}`, { headers });
  const body = await res.json();
  assert(res.ok, `GET ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
};

let page;

await step('the demo stack starts (bundle, anvil + contracts, server, page)', async () => {
  demo = await startDemo({ port: 0, logLevel: 'error' });
  const res = await fetch(demo.url);
  equal(res.status, 200, 'GET /');
  const csp = res.headers.get('content-security-policy') ?? '';
  assert(csp.startsWith("default-src 'self'"), `CSP header: ${csp}`);
  assert(!/unsafe-(inline|eval)/.test(csp), `the CSP allows unsafe code: ${csp}`);
});

await step('Chromium starts', async () => {
  const { default: puppeteer } = await import('puppeteer-core');
  browser = await puppeteer.launch({
    executablePath: requireChromium(),
    headless: !process.env.E2E_HEADFUL,
    slowMo: Number(process.env.E2E_SLOWMO ?? 0),
    defaultViewport: { width: 1280, height: 900 },
    args: [
      ...chromiumArgs.filter((a) => !a.startsWith('--headless')),
      // Nothing may reach another host: names other than 127.0.0.1 do not resolve.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  page = await browser.newPage();
  await watch(page, 'dev wallet');
});

if (!stopped) await climb('dev wallet', page, 'Dev wallet');

if (!stopped) {
  // A second visitor in a fresh profile, with a browser-extension-style wallet.
  const context = await browser.createBrowserContext();
  const other = await context.newPage();
  await watch(other, 'injected wallet');
  const account = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc'; // anvil's account #5 (unlocked)
  await other.evaluateOnNewDocument(injectedWallet, demo.rpcUrl, account, demo.chainId);
  await climb('injected wallet', other, 'Test Wallet');
  await other.close();
}

for (const address of climbed) {
  await step(`server records for ${address}: progress, points, claims, leaderboard`, async () => {
    const progress = await api(`/campaigns/demo/progress/${address}`);
    equal(Object.keys(progress.completed).sort(), [...taskIds()].sort(), 'completed tasks');
    equal(Object.keys(progress.claimed).sort(), [...tierIds()].sort(), 'claimed tiers');
    equal(progress.points, totalPoints(), 'points');
    const { entries } = await api('/campaigns/demo/leaderboard');
    const mine = entries.find((e) => e.address.toLowerCase() === address.toLowerCase());
    equal(mine?.points, totalPoints(), 'leaderboard points');
  });

  await step(`server records for ${address}: one valid credential per completed task`, async () => {
    const { credentials } = await api(`/credentials/${address}?campaignId=demo`);
    equal(credentials.length, taskIds().length, 'credentials count');
    equal(credentials.map((c) => c.taskId).sort(), [...taskIds()].sort(), 'credential tasks');
    const { verifyCredential } = await import('@questboard/core');
    for (const credential of credentials) {
      const check = await verifyCredential(credential, {
        issuers: [demo.issuer],
        recipient: address,
      });
      assert(check.valid, `credential for ${credential.taskId}: ${JSON.stringify(check)}`);
    }
  });
}

await step('server records: the funnel counts every wallet that climbed', async () => {
  const n = climbed.length;
  assert(n === 2, `two wallets climbed the ladder (got ${n})`);
  const funnel = await api('/campaigns/demo/funnel', { authorization: `Bearer ${demo.adminKey}` });
  equal(funnel.wallets, n, 'wallets in the funnel');
  for (const tier of funnel.tiers)
    equal([tier.reached, tier.completed, tier.claimed], [n, n, n], `funnel tier ${tier.tierId}`);
  equal(funnel.tasks.length, taskIds().length, 'funnel tasks');
  for (const task of funnel.tasks) equal(task.completions, n, `completions of ${task.taskId}`);
});

await step('the script-tag example (memory backend) works under the same CSP', async () => {
  const other = await browser.newPage();
  await watch(other, 'script-tag');
  await other.goto(`${demo.url}script-tag/`, { waitUntil: 'load' });
  await other.waitForFunction(
    () =>
      document.querySelector('quest-board')?.shadowRoot?.querySelectorAll('quest-task').length > 0,
    { timeout: 10_000 },
  );
  await collectViolations(other, 'script-tag');
  await other.close();
});

await step('no console errors, no CSP violations, no other host contacted', async () => {
  equal(problems.csp, [], 'CSP violations');
  equal(problems.pageErrors, [], 'uncaught page errors');
  equal(problems.console, [], 'console errors');
  equal(problems.foreign, [], 'requests to other hosts');
});

await step('the demo page has no serious accessibility violations (axe-core)', async () => {
  // Run through DevTools (not a script tag), after the CSP check: axe is not part of the page.
  const { readFile } = await import('node:fs/promises');
  const { createRequire } = await import('node:module');
  const source = await readFile(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  equal(violations, [], 'axe violations');
});

await cleanup();
finish();
