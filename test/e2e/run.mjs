#!/usr/bin/env node
// End-to-end: starts the demo stack (anvil + contracts, the reference server on PGlite, the demo
// page under a strict CSP), and drives the system Chromium through the whole ladder by clicking,
// twice: with the dev wallet, then in a fresh profile with an injected EIP-6963 wallet on the
// local chain. Each climb: connect through the picker, sign in, visit, quiz, mint the Learn tier's
// soulbound badge on chain (QuestBadge: owner, balance and `locked` read back with viem), faucet,
// swap, mint (each on-chain task first refused, then verified by the server against the chain),
// claim the Trade tier's tokens from the drop round the demo closes and publishes (the ERC-20
// balance read back), the daily check-in, and the passport shows every credential as valid. Then
// the demo clock (admin key) moves past the daily reset: "Resets in" changes, the check-in opens
// again, and the second day's check-in makes a 2-day streak. Then the server's own records over
// HTTP (progress, points, claims, leaderboard, credentials, funnel), the script-tag example under
// the same CSP, no console error, no CSP violation, no request to another host, and axe-core.
// Prints `N passed, N failed`; exits non-zero on failure. Everything it started is stopped,
// pass or fail.
//
//   npm run test:e2e   (E2E_HEADFUL=1 to watch, E2E_SLOWMO=100 to slow it down,
//                       E2E_SCREENSHOT=shot.png to keep the page after the ladder)
import { fileURLToPath } from 'node:url';
import { chromiumArgs, requireChromium } from '../../scripts/chromium.mjs';
import { CAMPAIGN_ID, relaunchWithSource, startDemo } from '../../scripts/demo.mjs';

if (await relaunchWithSource(fileURLToPath(import.meta.url))) process.exit();
// Loaded from the workspace sources (the relaunched process has the conditions).
const { questBadgeAbi, questDropAbi, erc5192InterfaceId } = await import('@questboard/contracts');
const { rewardKey, tierTokenAmount } = await import('@questboard/core');
const { createPublicClient, erc20Abi, http } = await import('viem');

// Sized for a loaded 2-core machine: building the bundle and starting the stack alone took over
// 120 s while another test run shared the machine.
const DEADLINE_MS = Number(process.env.E2E_TIMEOUT_MS ?? 420_000);
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
/** JSON with bigints as `123n` (chain reads are bigints). */
const show = (value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
function equal(actual, expected, what) {
  assert(
    show(actual) === show(expected),
    `${what}: expected ${show(expected)}, got ${show(actual)}`,
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

/** A task part's text, whitespace collapsed. */
async function taskText(page, id, part) {
  const handle = await taskPart(page, id, part);
  return handle.evaluate((el) => el.textContent.replace(/\s+/g, ' ').trim());
}

/** Today's check-in: open its link (a new tab, closed again), then verify. */
async function checkIn(page) {
  await waitForTask(page, 'check-in', 'available');
  const opened = new Promise((resolve) =>
    page.browserContext().once('targetcreated', (target) => resolve(target)),
  );
  await press(await taskPart(page, 'check-in', 'task-link'));
  await (await (await opened).page())?.close();
  await press(await taskPart(page, 'check-in', 'task-verify'));
  await waitForTask(page, 'check-in', 'done');
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

/** The reward card of `tierId`: its claim button label, on-chain status, state and transaction texts. */
const REWARD_VIEW = (tierId) => {
  const reward = [
    ...document.querySelector('quest-board').shadowRoot.querySelectorAll('quest-reward'),
  ].find((r) => r.tierId === tierId);
  const part = (name) => reward?.shadowRoot?.querySelector(`[part~="${name}"]`);
  const text = (name) => part(name)?.textContent.replace(/\s+/g, ' ').trim() ?? null;
  return {
    state: reward?.state ?? null,
    onchain: reward?.onchain ?? null,
    button: text('reward-claim'),
    label: text('reward-label'),
    title: text('reward-title'),
    text: text('reward-state'),
    transaction: text('reward-transaction'),
    link: !!part('reward-transaction-link'),
    error: text('reward-error'),
  };
};

/**
 * Claims a badge or token reward by clicking its button: the backend claim (`quest-claim`), then
 * the wallet's transaction, until the card shows it confirmed. Returns the card's last view.
 */
async function claimOnchain(page, tierId, buttonText) {
  await page
    .waitForFunction(
      `(${REWARD_VIEW})(${JSON.stringify(tierId)}).button === ${JSON.stringify(buttonText)}`,
      { timeout: 15_000, polling: 50 },
    )
    .catch(async () => {
      const view = await page.evaluate(`(${REWARD_VIEW})(${JSON.stringify(tierId)})`);
      throw new Error(
        `the "${tierId}" card never offered "${buttonText}": ${JSON.stringify(view)}`,
      );
    });
  const button = await page.evaluateHandle(
    (tierId) =>
      [...document.querySelector('quest-board').shadowRoot.querySelectorAll('quest-reward')]
        .find((r) => r.tierId === tierId)
        .shadowRoot.querySelector('[part~="reward-claim"]'),
    tierId,
  );
  const events = page.evaluate(
    (tierId) =>
      new Promise((resolve) => {
        const board = document.querySelector('quest-board');
        const seen = {};
        for (const type of ['quest-claim', 'quest-reward-sent', 'quest-reward-confirmed'])
          board.addEventListener(type, (e) => {
            if (e.detail.tierId !== tierId) return;
            seen[type] = e.detail;
            if (type === 'quest-reward-confirmed') resolve(seen);
          });
        board.addEventListener('quest-error', (e) => resolve({ ...seen, error: e.detail.error }));
      }),
    tierId,
  );
  await press(button.asElement());
  const seen = await events;
  assert(!seen.error, `the claim failed: ${JSON.stringify(seen.error)}`);
  equal(seen['quest-claim'], { tierId, firstClaim: true }, `quest-claim for "${tierId}"`);
  assert(
    /^0x[0-9a-f]{64}$/.test(seen['quest-reward-sent']?.hash ?? ''),
    'quest-reward-sent has the hash',
  );
  equal(
    seen['quest-reward-confirmed'].hash,
    seen['quest-reward-sent'].hash,
    'the confirmed transaction',
  );
  await page.waitForFunction(
    `(${REWARD_VIEW})(${JSON.stringify(tierId)}).onchain?.status === 'confirmed'`,
    { timeout: 15_000, polling: 50 },
  );
  const view = await page.evaluate(`(${REWARD_VIEW})(${JSON.stringify(tierId)})`);
  equal(view.state, 'claimed', 'claimed at the backend');
  return { ...view, hash: seen['quest-reward-confirmed'].hash };
}

/** Polls `read` until `done(value)` (chain and server state, never a fixed wait). */
async function until(read, done, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
async function climb(label, page, wallet, url = demo.url) {
  const s = (name, fn) => step(`[${label}] ${name}`, fn);
  let address;

  await s('the demo page loads the campaign from the server', async () => {
    await page.goto(url, { waitUntil: 'load' });
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

  await s(
    '"Mint badge": the soulbound Learn badge is minted on chain, confirmed in the card',
    async () => {
      // Gas first: the page tops up a wallet without any when it connects (local chain only).
      await until(
        () => chain.getBalance({ address }),
        (wei) => wei > 0n,
        'the wallet has gas',
      );
      const view = await claimOnchain(page, 'learn', 'Mint badge');
      equal(
        [view.label, view.title, view.text],
        ['Soulbound badge', 'Acme DEX learner', 'Badge minted'],
        'the card after the mint',
      );
      assert(
        view.transaction?.startsWith('Transaction 0x'),
        `the transaction: ${view.transaction}`,
      );
      assert(!view.link, 'no explorer link: the local chain has no explorer');
      const { contracts } = demo;
      const read = (functionName, args) =>
        chain.readContract({ address: contracts.badge, abi: questBadgeAbi, functionName, args });
      const receipt = await chain.getTransactionReceipt({ hash: view.hash });
      equal([receipt.status, receipt.to], ['success', contracts.badge.toLowerCase()], 'the mint');
      const tokenId = await read('badgeOf', [address, rewardKey(CAMPAIGN_ID), rewardKey('learn')]);
      assert(tokenId > 0n, 'badgeOf names the minted token');
      equal((await read('ownerOf', [tokenId])).toLowerCase(), address.toLowerCase(), 'ownerOf');
      equal(await read('balanceOf', [address]), 1n, 'balanceOf');
      equal(await read('locked', [tokenId]), true, 'locked (ERC-5192)');
      equal(await read('supportsInterface', [erc5192InterfaceId]), true, 'ERC-5192 interface');
      // The card shows the badge image (the page's own file); the chain holds its IPFS address.
      const image = await page.waitForFunction(
        () => {
          const card = [
            ...document.querySelector('quest-board').shadowRoot.querySelectorAll('quest-reward'),
          ].find((r) => r.tierId === 'learn');
          const img = card?.shadowRoot?.querySelector('[part~="reward-image"]');
          return img?.complete && img.naturalWidth > 0 ? new URL(img.src).pathname : false;
        },
        { timeout: 15_000, polling: 50 },
      );
      equal(await image.jsonValue(), '/badge.svg', 'the badge image in the card');
      const uri = await read('tokenURI', [tokenId]);
      const metadata = JSON.parse(
        uri.startsWith('data:application/json;base64,')
          ? Buffer.from(uri.slice(29), 'base64').toString('utf8')
          : decodeURIComponent(uri.slice(uri.indexOf(',') + 1)),
      );
      assert(/^ipfs:\/\/b[a-z2-7]+$/.test(metadata.image), `the image on chain: ${metadata.image}`);
    },
  );

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

  await s(
    '"Claim 25 USDC": the demo closes and publishes a round, the tokens arrive on chain',
    async () => {
      const tier = demo.campaign.tiers.find((t) => t.id === 'trade');
      const amount = tierTokenAmount(tier);
      equal(amount, 25_000_000n, "the Trade tier's amount (base units)");
      const balance = () =>
        chain.readContract({
          address: demo.contracts.token,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [address],
        });
      const before = await balance();
      const view = await claimOnchain(page, 'trade', 'Claim 25 USDC');
      equal([view.label, view.text], ['Tokens', 'Tokens claimed'], 'the card after the claim');
      assert(
        view.transaction?.startsWith('Transaction 0x'),
        `the transaction: ${view.transaction}`,
      );
      assert(!view.link, 'no explorer link: the local chain has no explorer');
      equal((await balance()) - before, amount, 'the ERC-20 balance grew by the tier amount');
      const claimed = await chain.readContract({
        address: demo.contracts.drop,
        abi: questDropAbi,
        functionName: 'claimed',
        args: [address],
      });
      equal(claimed, amount, 'QuestDrop.claimed (cumulative)');
      // The proof the card used is the server's, against the root now on chain.
      const proof = await api(`/campaigns/demo/tiers/trade/proof/${address}`);
      const root = await chain.readContract({
        address: demo.contracts.drop,
        abi: questDropAbi,
        functionName: 'merkleRoot',
      });
      equal(proof.root, root, 'the served proof is for the published root');
    },
  );

  await s(
    'daily check-in: open the notes, verify; "Done for now"; claim the "Daily" tier',
    async () => {
      await checkIn(page);
      const resets = await taskText(page, 'check-in', 'task-resets');
      assert(resets.startsWith('Done for now · again in'), `after the check-in: ${resets}`);
      equal(await taskText(page, 'check-in', 'task-streak'), '1-day streak best 1', 'the streak');
      await claim(page, 'daily');
    },
  );

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
/** Tasks done once (progress `completed`); scheduled ones are stored per period. */
const oneOffIds = () =>
  demo.campaign.tiers.flatMap((t) =>
    t.tasks.filter((task) => !task.schedule).map((task) => task.id),
  );
const CHECK_IN_POINTS = 5;
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
/** Reads the demo chain (viem). */
let chain;

await step('the demo stack starts (bundle, anvil + contracts, server, page)', async () => {
  demo = await startDemo({ port: 0, logLevel: 'error', clock: true });
  chain = createPublicClient({ transport: http(demo.rpcUrl) });
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

/** The `<quest-invite>` inside the board: its link, or its friends' states. */
const inviteRead = (page, what) =>
  page.evaluate((what) => {
    const invite = document.querySelector('quest-board').shadowRoot.querySelector('quest-invite');
    const root = invite?.shadowRoot;
    if (what === 'link') return root?.querySelector('[part~="invite-link"]')?.value ?? '';
    return [...(root?.querySelectorAll('[part~="invite-referral-state"]') ?? [])].map((e) =>
      e.textContent.trim(),
    );
  }, what);

/** The dev wallet's invite link: the second visitor arrives by it. */
let inviteUrl;
if (!stopped)
  await step(
    '[dev wallet] the board shows an invite link (referral code from the server)',
    async () => {
      await until(
        () => inviteRead(page, 'link'),
        (link) => /[?&]ref=[0-9a-z]{10}\b/i.test(link),
        'the invite link',
      );
      inviteUrl = await inviteRead(page, 'link');
      equal(new URL(inviteUrl).origin, new URL(demo.url).origin, 'the link points at this page');
    },
  );

if (!stopped) {
  // A second visitor in a fresh profile, with a browser-extension-style wallet.
  const context = await browser.createBrowserContext();
  const other = await context.newPage();
  await watch(other, 'injected wallet');
  const account = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc'; // anvil's account #5 (unlocked)
  await other.evaluateOnNewDocument(injectedWallet, demo.rpcUrl, account, demo.chainId);
  // Arriving by the dev wallet's invite link: bound at sign-in, qualified by the swap.
  await climb('injected wallet', other, 'Test Wallet', inviteUrl ?? demo.url);
  await other.close();
}

/** Referral points per referrer address (lower case), from qualified friends. */
const referralPoints = new Map();
if (!stopped && inviteUrl)
  await step(
    '[dev wallet] the invited friend qualified: "Qualified" in the invite list, points once',
    async () => {
      const referrer = climbed[0];
      const friend = climbed[1];
      // The list loads with the identity: a reload shows the friend's new state.
      await page.reload({ waitUntil: 'load' });
      await until(
        () => inviteRead(page, 'states'),
        (states) => states.length === 1 && states[0] === 'Qualified',
        'the friend listed as qualified',
      );
      referralPoints.set(referrer.toLowerCase(), demo.campaign.referral.points);
      const progress = await api(`/campaigns/demo/progress/${friend}`);
      assert(
        progress.points >= 50,
        `the friend has the points the rule asks for: ${progress.points}`,
      );
    },
  );

/** Check-ins per address (the dev wallet checks in again on the second day). */
const checkIns = new Map(climbed.map((a) => [a, 1]));

await step(
  '[dev wallet] the demo clock refuses a move without the admin key or with a bad body',
  async () => {
    const move = (headers, body) =>
      fetch(`${demo.origin}/demo/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const admin = { authorization: `Bearer ${demo.adminKey}` };
    equal((await move({}, '{"advanceSeconds":60}')).status, 401, 'no key');
    equal(
      (await move({ authorization: 'Bearer nope' }, '{"advanceSeconds":60}')).status,
      401,
      'a wrong key',
    );
    for (const body of [
      '{"advanceSeconds":-60}',
      '{"advanceSeconds":0.5}',
      '{"advanceSeconds":"60"}',
      '{"back":1}',
      'not json',
    ])
      equal((await move(admin, body)).status, 400, `the body ${body}`);
    equal(
      (await (await fetch(`${demo.url}demo-config.json`)).json()).clock.offsetMs,
      0,
      'the clock did not move',
    );
  },
);

await step(
  '[dev wallet] the next day (demo clock): "Resets in" changes, check in again, a 2-day streak',
  async () => {
    const address = climbed[0];
    const before = await taskText(page, 'check-in', 'task-resets');
    // Just past the next 00:00 UTC (the check-in's daily reset) on the campaign clock.
    const { clock } = await (await fetch(`${demo.url}demo-config.json`)).json();
    const now = Date.parse(clock.now);
    const midnight = Math.floor(now / 86_400_000 + 1) * 86_400_000;
    const advanceSeconds = Math.ceil((midnight - now) / 1000) + 60;
    const chainBefore = (await chain.getBlock()).timestamp;
    const moved = await fetch(`${demo.origin}/demo/clock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds }),
    });
    equal(moved.status, 200, 'POST /demo/clock');
    assert(
      (await chain.getBlock()).timestamp >= chainBefore + BigInt(advanceSeconds),
      'the chain clock moved with it',
    );
    // The page reads the clock once per load; the dev wallet and its session stay in this tab.
    await page.reload({ waitUntil: 'load' });
    await waitForTask(page, 'check-in', 'available');
    await page.waitForFunction(
      (a) =>
        document.querySelector('quest-board').wallet.$session.get()?.address?.toLowerCase() === a,
      { timeout: 15_000 },
      address.toLowerCase(),
    );
    const after = await taskText(page, 'check-in', 'task-resets');
    assert(
      after.startsWith('Resets in') && after !== before,
      `"Resets in" changed: ${before} → ${after}`,
    );
    equal(
      await taskText(page, 'check-in', 'task-streak'),
      '1-day streak best 1',
      'yesterday keeps the streak alive',
    );
    await checkIn(page);
    await page
      .waitForFunction(
        `(() => { const t = [...document.querySelector('quest-board').shadowRoot.querySelectorAll('quest-task')].find((t) => t.entry?.task.id === 'check-in'); return t?.shadowRoot?.querySelector('[part~="task-streak"]')?.textContent.replace(/\\s+/g, ' ').trim() === '2-day streak best 2'; })()`,
        { timeout: 15_000, polling: 50 },
      )
      .catch(async () => {
        throw new Error(`the streak: ${await taskText(page, 'check-in', 'task-streak')}`);
      });
    const progress = await api(`/campaigns/demo/progress/${address}`);
    equal(
      Object.keys(progress.periods?.['check-in'] ?? {}).length,
      2,
      'two check-in periods stored',
    );
    equal(
      [progress.streaks.tasks['check-in'].current, progress.streaks.tasks['check-in'].best],
      [2, 2],
      "the server's streak",
    );
    checkIns.set(address, 2);
    await collectViolations(page, 'dev wallet, next day');
  },
);

for (const address of climbed) {
  await step(`server records for ${address}: progress, points, claims, leaderboard`, async () => {
    const progress = await api(`/campaigns/demo/progress/${address}`);
    equal(Object.keys(progress.completed).sort(), [...oneOffIds()].sort(), 'completed tasks');
    equal(Object.keys(progress.periods['check-in']).length, checkIns.get(address), 'check-ins');
    equal(Object.keys(progress.claimed).sort(), [...tierIds()].sort(), 'claimed tiers');
    // A scheduled task is worth its points in every period it is done.
    const points =
      totalPoints() +
      (checkIns.get(address) - 1) * CHECK_IN_POINTS +
      (referralPoints.get(address.toLowerCase()) ?? 0);
    equal(progress.points, points, 'points');
    const { entries } = await api('/campaigns/demo/leaderboard');
    const mine = entries.find((e) => e.address.toLowerCase() === address.toLowerCase());
    equal(mine?.points, points, 'leaderboard points');
  });

  await step(`server records for ${address}: one valid credential per completion`, async () => {
    const { credentials } = await api(`/credentials/${address}?campaignId=demo`);
    // One per completion: a scheduled task's in each period it was done.
    const done = [...taskIds(), ...Array(checkIns.get(address) - 1).fill('check-in')];
    equal(credentials.length, done.length, 'credentials count');
    equal(credentials.map((c) => c.taskId).sort(), done.sort(), 'credential tasks');
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
