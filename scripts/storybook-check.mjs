#!/usr/bin/env node
// Checks the built Storybook (storybook-static/) in a real Chromium: every story renders,
// logs no console error, throws nothing, makes no failed request (and none to a host other than
// 127.0.0.1), and passes axe-core on #storybook-root. Prints one line per story, then
// "N passed, N failed"; exits non-zero on any failure.
//
//   npm run build-storybook && node scripts/storybook-check.mjs [filter]
//
// `filter` (optional) keeps only the story ids that contain it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireChromium } from './chromium.mjs';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const staticDir = `${root}storybook-static`;
const manifest = `${root}packages/elements/custom-elements.json`;
const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

if (!existsSync(manifest)) {
  console.error(
    'packages/elements/custom-elements.json is missing: run `npm run build:manifest` (or `npm run build`) before building Storybook.',
  );
  process.exit(1);
}
if (!existsSync(`${staticDir}/index.json`)) {
  console.error('storybook-static/index.json is missing: run `npm run build-storybook` first.');
  process.exit(1);
}

const filter = process.argv[2] ?? '';
const index = JSON.parse(readFileSync(`${staticDir}/index.json`, 'utf8'));
const entries = Object.values(index.entries).filter(
  (entry) => (entry.type === 'story' || entry.type === 'docs') && entry.id.includes(filter),
);
const stories = entries.filter((entry) => entry.type === 'story').map((entry) => entry.id);
const docs = entries.filter((entry) => entry.type === 'docs').map((entry) => entry.id);
if (stories.length + docs.length === 0) {
  console.error(
    `No stories${filter ? ` matching "${filter}"` : ''} in storybook-static/index.json.`,
  );
  process.exit(1);
}

const started = Date.now();
const server = await serve({ root: staticDir, csp: false });
const origin = new URL(server.url).origin;
const browser = await puppeteer.launch({
  executablePath: requireChromium(),
  args: [...chromiumArgs, '--lang=en-US'],
});

/** Problems seen on the page since the current story started. */
let problems = [];
const page = await browser.newPage();
await page.setViewport({ width: 1000, height: 800 });
await page.setRequestInterception(true);
page.on('request', (request) => {
  const url = request.url();
  // The browser's own favicon probe (iframe.html links none) is not the story's doing.
  if (url === `${origin}/favicon.ico`) return request.respond({ status: 204 });
  // Only the local server, and data:/blob: URLs the page makes itself.
  if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
    request.continue();
  } else {
    problems.push(`request to another host blocked: ${url}`);
    request.abort('blockedbyclient');
  }
});
page.on('console', (message) => {
  if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
});
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
page.on('requestfailed', (request) => {
  if (request.failure()?.errorText?.startsWith('net::ERR_BLOCKED_BY_CLIENT')) return; // reported above
  problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
});
page.on('response', (response) => {
  if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
});

/**
 * Waits until Storybook has finished the story (or shows its error display) and every custom
 * element under #storybook-root, shadow roots included, has finished updating and stays so for two frames.
 */
/** Every custom element under `selector`, shadow roots included, once they stop updating. */
async function settled(selector) {
  return page.evaluate(async (selector) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const elements = () => {
      const found = [];
      const walk = (node) => {
        for (const el of node.querySelectorAll('*')) {
          if (el.localName.includes('-')) found.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document.querySelector(selector));
      return found;
    };
    const undefinedTag = elements().find((el) => !customElements.get(el.localName));
    if (undefinedTag) return { problem: `<${undefinedTag.localName}> is not defined` };
    for (let stable = 0, round = 0; stable < 2 && round < 100; round++) {
      const all = elements();
      await Promise.all(all.map((el) => el.updateComplete));
      await frame();
      stable =
        all.some((el) => el.isUpdatePending) || elements().length !== all.length ? 0 : stable + 1;
    }
    return {
      count: elements().length,
      text: !!document.querySelector(selector)?.textContent?.trim(),
    };
  }, selector);
}

async function rendered() {
  // Storybook's render of the story goes through loaders, render, play and afterEach (where
  // the a11y addon runs its own axe) to `finished`.
  await page.waitForFunction(
    () => {
      const phase = window.__STORYBOOK_PREVIEW__?.currentRender?.phase;
      return (
        ['finished', 'errored', 'aborted'].includes(phase) ||
        document.body.classList.contains('sb-show-errordisplay')
      );
    },
    { timeout: 15_000 },
  );
  const problem = await page.evaluate(() => {
    const phase = window.__STORYBOOK_PREVIEW__?.currentRender?.phase;
    if (phase !== 'finished') return `the story's render ended in phase "${phase}"`;
    if (document.body.classList.contains('sb-show-errordisplay')) {
      return `Storybook error display: ${document.querySelector('#error-message')?.textContent?.trim() ?? ''}`;
    }
    return null;
  });
  if (problem) return problem;
  const result = await settled('#storybook-root');
  if (result.problem) return result.problem;
  if (result.count === 0 && !result.text) return 'the story rendered nothing';
  return null;
}

/** A docs page: its text, its argument tables and every story preview on it. */
async function docsRendered(id) {
  await page.waitForFunction(
    () => document.querySelector('#storybook-docs .sbdocs-content') !== null,
    { timeout: 15_000 },
  );
  // The previews render one after another: wait until their number stops changing.
  let count = -1;
  for (let round = 0; round < 50; round++) {
    const result = await settled('#storybook-docs');
    if (result.problem) return result.problem;
    if (result.count === count && count > 0) break;
    count = result.count;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (count <= 0) return `the docs page ${id} shows no element`;
  const tables = await page.evaluate(
    () => document.querySelectorAll('#storybook-docs table').length,
  );
  if (tables === 0) return `the docs page ${id} has no argument table`;
  return null;
}

async function axe(context = '#storybook-root', skip = []) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(
    async (context, skip) => {
      // The a11y addon runs its own axe on the story too; wait for it to finish.
      const run = async (tries = 0) => {
        try {
          return await window.axe.run(context, options);
        } catch (error) {
          if (tries > 100 || !String(error?.message).includes('already running')) throw error;
          await new Promise((r) => setTimeout(r, 50));
          return run(tries + 1);
        }
      };
      const options = {
        resultTypes: ['violations'],
        // Storybook's own page has no landmarks or h1; the board is a fragment of a host page.
        rules: Object.fromEntries(
          ['region', 'page-has-heading-one', ...skip].map((rule) => [rule, { enabled: false }]),
        ),
      };
      const result = await run();
      return result.violations.map(
        (v) =>
          `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`,
      );
    },
    context,
    skip,
  );
}

let passed = 0;
let failed = 0;

/**
 * Shows story `id` and checks it. A fresh page load (the first story, one after a failure, or
 * other `globals`) or a story switch inside the loaded page as the Storybook UI does, which is
 * several times faster. `a11y.manual` stops the a11y addon's own axe run: this script runs axe
 * itself, once.
 */
async function checkStory(id, { reload, globals = '' }) {
  problems = [];
  if (reload) {
    await page.goto(
      `${server.url}iframe.html?id=${encodeURIComponent(id)}&viewMode=story&globals=a11y.manual:!true${globals}`,
      { waitUntil: 'load' },
    );
  } else {
    await page.evaluate((storyId) => {
      window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
    }, id);
    await page.waitForFunction(
      (storyId) => window.__STORYBOOK_PREVIEW__?.currentRender?.id === storyId,
      { timeout: 10_000 },
      id,
    );
  }
  const renderProblem = await rendered();
  if (renderProblem) problems.push(renderProblem);
  // Let late errors (a rejected load, a lazy chunk) surface before judging.
  await new Promise((r) => setTimeout(r, 50));
  problems.push(...(await axe()));
}

let fresh = true;
for (const id of stories) {
  const t0 = Date.now();
  try {
    await checkStory(id, { reload: fresh });
  } catch (error) {
    problems.push(`check failed: ${error.message}`);
  }
  fresh = problems.length > 0;
  report(id, t0);
}

// The toolbar's other themes (dark and the two brand presets) on a few stories that show
// every kind of node: colour contrast is what changes.
const THEMED = [
  'elements-quest-board--in-progress',
  'elements-quest-board--every-task-kind',
  'elements-quest-board--failed',
  'elements-quest-board--invalid-campaign',
  'elements-quest-wallet--not-found',
  'elements-quest-passport--trusted-issuers',
].filter((id) => stories.includes(id));
for (const theme of ['dark', 'ocean', 'sunset']) {
  for (const id of THEMED) {
    const t0 = Date.now();
    try {
      await checkStory(id, { reload: true, globals: `;theme:${theme}` });
      const applied = await page.evaluate(() => document.documentElement.dataset.theme);
      if (applied !== theme)
        problems.push(`the theme "${theme}" was not applied (got "${applied}")`);
    } catch (error) {
      problems.push(`check failed: ${error.message}`);
    }
    report(`${id} [${theme}]`, t0);
  }
}

// Docs pages (generated from custom-elements.json): they render, log no error, and the story
// previews on them pass axe (Storybook's own doc blocks are not ours to check).
for (const id of docs) {
  const t0 = Date.now();
  problems = [];
  try {
    await page.goto(
      `${server.url}iframe.html?id=${encodeURIComponent(id)}&viewMode=docs&globals=a11y.manual:!true`,
      { waitUntil: 'load' },
    );
    const renderProblem = await docsRendered(id);
    if (renderProblem) problems.push(renderProblem);
    await new Promise((r) => setTimeout(r, 50));
    // The page repeats stories (the same landmark names several times) under Storybook's own
    // headings, unlike any real page: those two rules are left to the story checks above,
    // which run every rule on each story alone.
    problems.push(
      ...(await axe({ include: [['#storybook-docs .docs-story']] }, [
        'landmark-unique',
        'heading-order',
      ])),
    );
  } catch (error) {
    problems.push(`check failed: ${error.message}`);
  }
  report(id, t0);
}

function report(id, t0) {
  const ms = Date.now() - t0;
  if (problems.length === 0) {
    passed++;
    console.log(`✔ ${id} (${ms} ms)`);
  } else {
    failed++;
    console.log(`✘ ${id} (${ms} ms)`);
    for (const problem of problems) console.log(`    ${problem}`);
  }
}

await browser.close();
await server.close();
console.log(
  `\nStorybook: ${stories.length} stories (${THEMED.length * 3} more in other themes) and ${docs.length} docs pages in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
