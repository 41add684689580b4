// The operator console end to end: the built page served by a real server on 127.0.0.1 with a
// real admin key, driven in the system Chromium by typing and clicking (puppeteer-core, no
// downloaded browser). Builds the console first when its build is missing or older than its
// source (`npm test` builds it in its build step).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
// @ts-expect-error plain ESM helper without types
import { chromiumArgs, requireChromium } from '../../../../scripts/chromium.mjs';
import { recordEvent } from '../events.js';
import type { SegmentMember } from '../segments.js';
import { SEGMENT_CSV_HEADER } from '../segments.js';
import type { RunningServer } from '../server.js';
import {
  ADMIN_KEY,
  admin,
  call,
  createCampaign,
  startTestServer,
  testCampaign,
} from '../test/helpers.js';
import { ADDRESSES, type Data, load } from '../test/segments-reference.js';

const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const source = join(repo, 'packages/server/console');
const built = join(repo, 'packages/server/dist/console');

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const s = statSync(full);
    t = Math.max(t, s.isDirectory() ? newest(full) : s.mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  const page = join(built, 'index.html');
  if (existsSync(page) && statSync(page).mtimeMs >= newest(source)) return;
  const result = spawnSync('npx', ['rollup', '-c', 'rollup.config.mjs'], {
    cwd: repo,
    env: { ...process.env, QB_BUILD: 'console' },
    stdio: 'inherit',
  });
  assert.equal(result.status, 0, 'the console build failed');
}

const WAIT = { timeout: Number(process.env.QB_WAIT ?? 60_000) };
const ID = 'console-e2e';

/** The console's own elements, through its shadow root. */
const $ = (selector: string) => `quest-console >>> ${selector}`;

describe('operator console in Chromium', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** Every answer ≥ 400 the page got: exactly the refusals the steps provoke. */
  const refused: string[] = [];

  before(async () => {
    ensureBuilt();
    server = await startTestServer();
    browser = await puppeteer.launch({
      executablePath: requireChromium(),
      args: chromiumArgs,
      headless: true,
    });
    page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    // Failed loads are checked by their response below (the steps provoke a 401 and a 409).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      const { pathname, search } = new URL(r.url());
      if (r.status() >= 400 && pathname !== '/favicon.ico')
        refused.push(`${r.status()} ${r.request().method()} ${pathname}${search}`);
    });
    page.on('pageerror', (e) => problems.push(`page: ${e}`));
    page.on('request', (r) => {
      // blob: URLs of the page's own origin are the exports it saves.
      const url = r.url();
      if (
        !url.startsWith(server.url) &&
        !url.startsWith('data:') &&
        !url.startsWith(`blob:${server.url}`)
      )
        problems.push(`request to ${r.url()}`);
    });
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const text = (selector: string) =>
    page
      .locator($(selector))
      .map((el) => el.textContent ?? '')
      .wait();
  const attr = (selector: string, name: string) =>
    page.$eval($(selector), (el, n) => el.getAttribute(n), name);
  /** Waits until the console's element at `selector` has text containing `expected`. */
  const waitText = (selector: string, expected: string) =>
    page
      .waitForFunction(
        (sel: string, want: string) =>
          (
            document.querySelector('quest-console')?.shadowRoot?.querySelector(sel)?.textContent ??
            ''
          ).includes(want),
        WAIT,
        selector,
        expected,
      )
      .catch(async (error) => {
        const seen = await page.evaluate(
          (sel: string) =>
            document.querySelector('quest-console')?.shadowRoot?.querySelector(sel)?.textContent,
          selector,
        );
        throw new Error(`${selector} never said "${expected}" (it says ${JSON.stringify(seen)})`, {
          cause: error,
        });
      });
  /** Waits until the console's element at `selector` has attribute `name` = `expected`. */
  const waitAttr = (selector: string, name: string, expected: string) =>
    page
      .waitForFunction(
        (sel: string, n: string, want: string) =>
          document
            .querySelector('quest-console')
            ?.shadowRoot?.querySelector(sel)
            ?.getAttribute(n) === want,
        WAIT,
        selector,
        name,
        expected,
      )
      .catch((error) => {
        throw new Error(`${selector} never had ${name}="${expected}"`, { cause: error });
      });
  const fill = async (selector: string, value: string) => {
    await page.locator($(selector)).setTimeout(WAIT.timeout).fill(value);
  };
  const click = (selector: string) => page.locator($(selector)).setTimeout(WAIT.timeout).click();
  /** A button by its accessible name (the ARIA query crosses shadow roots). */
  const press = (name: string) =>
    page.locator(`::-p-aria([name="${name}"][role="button"])`).setTimeout(WAIT.timeout).click();
  /** All text of the console, through every shadow root (the preview board's too). */
  const deepText = () =>
    page.evaluate(() => {
      // No named helpers in page functions: tsx's esbuild would wrap them in its `__name`.
      let out = '';
      const stack: Node[] = [document.body];
      while (stack.length) {
        const node = stack.pop()!;
        if (node.nodeType === Node.TEXT_NODE) out += ` ${node.textContent}`;
        if (node instanceof Element && node.shadowRoot) stack.push(node.shadowRoot);
        stack.push(...node.childNodes);
      }
      return out.replace(/\s+/g, ' ');
    });
  /** Sets the JSON view's text as a paste would (one input event). */
  const pasteJson = (value: string) =>
    page.$eval(
      $('#json'),
      (el, v) => {
        (el as HTMLTextAreaElement).value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      value,
    );

  /** Sets a textarea's text as a paste would (one input event). */
  const pasteInto = (selector: string, value: string) =>
    page.$eval(
      $(selector),
      (el, v) => {
        (el as HTMLTextAreaElement).value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      value,
    );

  /** axe-core over the whole page, every shadow tree included: `id (nodes)` per violation. */
  const axeViolations = async (): Promise<string[]> => {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    return page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (c: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      const result = await axe.run(document);
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
  };

  test('serves the page with its CSP, and a wrong key is refused', async () => {
    const response = await page.goto(`${server.url}/console`, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/console/');
    assert.match(response?.headers()['content-security-policy'] ?? '', /default-src 'self'/);
    assert.equal(response?.headers()['x-frame-options'], 'DENY');
    await fill('#admin-key', `${ADMIN_KEY.slice(0, -1)}x`);
    await press('Sign in');
    await waitText('#admin-key-error', 'That admin key is wrong.');
    assert.equal(await attr('#admin-key', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  test('signs in with the admin key (kept in sessionStorage only)', async () => {
    await fill('#admin-key', ADMIN_KEY);
    await press('Sign in');
    await waitText('#list-title', 'Campaigns');
    await waitText('section', 'No campaigns yet.');
    const stored = await page.evaluate(() => ({
      session: Object.values(sessionStorage),
      local: Object.values(localStorage),
    }));
    assert.deepEqual(stored.session, [ADMIN_KEY]);
    assert.ok(!stored.local.some((v) => v.includes(ADMIN_KEY)));
  });

  test('creates a campaign in the form: an error at its field, fixed; the preview shows it', async () => {
    await press('New campaign');
    // A bad id: the validator's message at the id field, which is marked invalid.
    await fill('#f-id', 'bad id!');
    await waitAttr('#f-id', 'aria-invalid', 'true');
    assert.match(await text('#f-id-error'), /letters, digits/);
    assert.equal(await attr('#f-id', 'aria-describedby'), 'f-id-hint f-id-error');
    await fill('#f-id', ID);
    await waitAttr('#f-id', 'aria-invalid', 'false');
    await fill('#f-title', 'Console E2E');
    await fill('#f-tiers-0-tasks-0-title', 'Read the docs');
    // An unsafe link is refused at its field, then fixed.
    await fill('#f-tiers-0-tasks-0-url', 'javascript:alert(1)');
    await waitAttr('#f-tiers-0-tasks-0-url', 'aria-invalid', 'true');
    await fill('#f-tiers-0-tasks-0-url', 'https://example.com/docs');
    await waitAttr('#f-tiers-0-tasks-0-url', 'aria-invalid', 'false');
    // A second task, a quiz, its answer kept only as a hash.
    await press('Add task');
    await page.locator($('#f-tiers-0-tasks-1-kind')).setTimeout(WAIT.timeout).fill('quiz');
    await fill('#f-tiers-0-tasks-1-title', 'Capital of France');
    await fill('#f-tiers-0-tasks-1-question', 'Which city is the capital of France?');
    await fill('#f-tiers-0-tasks-1-answer', 'Paris');
    await page.keyboard.press('Tab'); // commits the change: the answer is hashed
    await waitText('[role="status"]', 'Quiz answer set.');
    await page.locator($('#f-tiers-0-reward-kind')).setTimeout(WAIT.timeout).fill('credential');
    await fill('#f-tiers-0-reward-title', 'Explorer');
    await waitText('#problem-count', 'No problems');
    const draft = await page.evaluate(() => localStorage.getItem('questboard-console:draft'));
    assert.ok(draft && !draft.includes('Paris'), 'the quiz answer is stored only as its hash');
    // The live preview: a real <quest-board> rendering the draft.
    await page
      .locator($('quest-board >>> [part~="title"]'))
      .filter((el) => el.textContent === 'Console E2E')
      .setTimeout(WAIT.timeout)
      .wait();
    await page.waitForFunction(
      () => document.querySelector('quest-console')?.shadowRoot?.querySelector('quest-board'),
      WAIT,
    );
    await page.waitForFunction(
      (wanted: string[]) => {
        let out = '';
        const stack: Node[] = [document.body];
        while (stack.length) {
          const node = stack.pop()!;
          if (node.nodeType === Node.TEXT_NODE) out += ` ${node.textContent}`;
          if (node instanceof Element && node.shadowRoot) stack.push(node.shadowRoot);
          stack.push(...node.childNodes);
        }
        return wanted.every((w) => out.includes(w));
      },
      WAIT,
      ['Read the docs', 'Capital of France'],
    );
    const shown = await deepText();
    assert.ok(shown.includes('Explorer'), 'the reward shows in the preview');
    // axe-core over the whole page, the console's and the preview's shadow trees included.
    assert.deepEqual(await axeViolations(), []);
    // Nothing reached the server yet.
    assert.equal((await call(server, 'GET', `/campaigns/${ID}`)).status, 404);
  });

  test('publishes: the server serves the campaign', async () => {
    await click('#publish');
    await waitText('[role="status"]', `Published campaign ${ID}.`);
    const reply = await call(server, 'GET', `/campaigns/${ID}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.title, 'Console E2E');
    assert.equal(reply.body.tiers[0].tasks[0].url, 'https://example.com/docs');
    assert.equal(reply.body.tiers[0].tasks[1].kind, 'quiz');
    assert.equal(reply.body.tiers[0].reward.title, 'Explorer');
  });

  test('the draft survives a reload; JSON view edits, validated with paths, published', async () => {
    await page.reload({ waitUntil: 'load' });
    await waitAttr('#f-id', 'aria-invalid', 'false');
    assert.equal(await page.$eval($('#f-id'), (el) => (el as HTMLInputElement).value), ID);
    await press('JSON');
    const original = await page.$eval($('#json'), (el) => (el as HTMLTextAreaElement).value);
    const edit = async (change: (c: Record<string, unknown>) => void) => {
      const json = JSON.parse(
        await page.$eval($('#json'), (el) => (el as HTMLTextAreaElement).value),
      );
      change(json);
      await pasteJson(JSON.stringify(json, null, 2));
    };
    // Broken JSON says so (and typing into the view is taken as typed).
    await page.$eval($('#json'), (el) => (el as HTMLTextAreaElement).select());
    await page.keyboard.type('{ "id": ');
    await waitText('#json-problems', 'does not parse');
    await waitAttr('#json', 'aria-invalid', 'true');
    await pasteJson(original);
    await waitText('#json-problems', 'Valid.');
    // A bad value: its path in the list.
    await edit((c) => {
      (c.tiers as { tasks: { points: number }[] }[])[0]!.tasks[0]!.points = -5;
    });
    await waitText('#json-problems', 'tiers[0].tasks[0].points');
    await edit((c) => {
      (c.tiers as { tasks: { points: number }[] }[])[0]!.tasks[0]!.points = 25;
      c.title = 'Console E2E v2';
    });
    await waitText('#json-problems', 'Valid.');
    // The form is in step with the JSON.
    await press('Form');
    assert.equal(
      await page.$eval($('#f-title'), (el) => (el as HTMLInputElement).value),
      'Console E2E v2',
    );
    await click('#publish');
    await waitText('[role="status"]', `Published campaign ${ID}.`);
    const reply = await call(server, 'GET', `/campaigns/${ID}`);
    assert.equal(reply.body.title, 'Console E2E v2');
    assert.equal(reply.body.tiers[0].tasks[0].points, 25);
  });

  test("the server's refusal shows at its field: a taken id", async () => {
    await press('Campaigns');
    await press('New campaign');
    await fill('#f-id', ID);
    await fill('#f-title', 'Same id again');
    await fill('#f-tiers-0-tasks-0-title', 'Read');
    await fill('#f-tiers-0-tasks-0-url', 'https://example.com/');
    await waitText('#problem-count', 'No problems');
    await click('#publish');
    await waitAttr('#f-id', 'aria-invalid', 'true');
    assert.match(await text('#f-id-error'), /already exists/);
    await waitText('[role="alert"]', 'The server refused');
    // Editing the field clears the server's verdict (the draft is checked again).
    await fill('#f-id', `${ID}-2`);
    await waitAttr('#f-id', 'aria-invalid', 'false');
    assert.equal((await call(server, 'GET', `/campaigns/${ID}`)).body.title, 'Console E2E v2');
    // Back to the published campaign: open it from the list.
    await press('Campaigns');
    await press(`Edit ${ID}`);
    await waitAttr('#f-id', 'aria-invalid', 'false');
    assert.equal(await page.$eval($('#f-id'), (el) => (el as HTMLInputElement).value), ID);
    // The public view carries no quiz answer: the console asks for it before publishing.
    await waitAttr('#f-tiers-0-tasks-1-answer', 'aria-invalid', 'true');
  });

  test('archives: the campaign is no longer served', async () => {
    await press('Archive');
    await waitText('[role="status"]', `Archived campaign ${ID}.`);
    assert.equal((await call(server, 'GET', `/campaigns/${ID}`)).status, 404);
    const all = await call(server, 'GET', '/campaigns?archived=true', {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    assert.deepEqual(
      all.body.campaigns.map((c: { id: string; archived: boolean }) => [c.id, c.archived]),
      [[ID, true]],
    );
  });

  /** Waits until `selector`, found through every shadow root, has text containing `expected`. */
  const waitDeepText = (selector: string, expected: string) =>
    page
      .waitForFunction(
        (sel: string, want: string) => {
          // `a >>> b`: b inside a's shadow root (no named helpers in page functions).
          let scope: ParentNode | null | undefined =
            document.querySelector('quest-console')?.shadowRoot;
          const steps = sel.split(' >>> ');
          for (const [i, step] of steps.entries()) {
            const found: Element | null | undefined = scope?.querySelector(step);
            if (i === steps.length - 1) return (found?.textContent ?? '').includes(want);
            scope = found?.shadowRoot;
          }
          return false;
        },
        WAIT,
        selector,
        expected,
      )
      .catch((error) => {
        throw new Error(`${selector} never said "${expected}"`, { cause: error });
      });
  const INSIGHTS_ID = 'insights-e2e';
  const REFERRER = ADDRESSES[0]!;

  test("Insights: the campaign's <quest-insights>, its referral funnel included, read with the admin key", async () => {
    await createCampaign(server, await testCampaign({ id: INSIGHTS_ID }));
    const at = new Date();
    await recordEvent(
      server.db,
      ...['v1', 'v2', 'v3'].map((visitor) => ({
        campaignId: INSIGHTS_ID,
        type: 'viewed' as const,
        visitor,
        at,
      })),
      ...['v1', 'v2'].map((visitor) => ({
        campaignId: INSIGHTS_ID,
        type: 'connected' as const,
        visitor,
        at,
      })),
      ...[1, 2, 3].map((i) => ({
        campaignId: INSIGHTS_ID,
        type: 'referral_bound' as const,
        address: ADDRESSES[i]!,
        detail: { referrer: i === 3 ? ADDRESSES[4]! : REFERRER },
        at,
      })),
      ...[1, 2].map((i) => ({
        campaignId: INSIGHTS_ID,
        type: 'referral_qualified' as const,
        address: ADDRESSES[i]!,
        detail: { referrer: REFERRER },
        at,
      })),
    );
    // The list is read at load: the new campaign and its Insights button.
    await page.reload({ waitUntil: 'load' });
    await press('Campaigns');
    await press(`Insights ${INSIGHTS_ID}`);
    assert.equal(await page.evaluate(() => location.hash), `#/${'insights'}/${INSIGHTS_ID}`);
    assert.equal(await attr(`nav [data-page="insights"]`, 'aria-current'), 'page');
    // The element's referral view, fetched by it with the admin key as its `.token` property.
    const REF = 'quest-insights >>> [part~="section-referrals"]';
    await waitDeepText(`${REF} dd[data-key="bound"]`, '3');
    assert.equal((await text(`${REF} dd[data-key="qualified"]`)).trim(), '2');
    assert.equal((await text(`${REF} dd[data-key="qualificationRate"]`)).trim(), '66.7%');
    const top = await page.$$eval($(`${REF} [part~="table-referrers"] tbody tr`), (rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((td) => td.textContent?.trim())),
    );
    assert.deepEqual(top, [
      [REFERRER, '2', '2', '100%'],
      [ADDRESSES[4], '1', '0', '0%'],
    ]);
    // The element's own funnel, fetched by it with the admin key as its `.token` property.
    await waitDeepText('quest-insights >>> [part~="summary"] dd[data-key="viewed"]', '3');
    assert.equal(
      await page.$eval($('quest-insights >>> [part~="summary"] dd[data-key="connected"]'), (el) =>
        el.textContent?.trim(),
      ),
      '2',
    );
    const element = await page.$eval($('quest-insights'), (el) => ({
      attrs: el.getAttributeNames(),
      html: el.outerHTML,
    }));
    assert.ok(!element.html.includes(ADMIN_KEY), 'the key is never in the DOM');
    assert.ok(!element.attrs.includes('token'));
    // The hash route opens the same page after a reload.
    await page.reload({ waitUntil: 'load' });
    await waitDeepText(`${REF} dd[data-key="bound"]`, '3');
    assert.equal(
      await page.$eval($('#insights-campaign'), (el) => (el as HTMLSelectElement).value),
      INSIGHTS_ID,
    );
    await waitDeepText('quest-insights >>> [part~="summary"] dd[data-key="viewed"]', '3');
    assert.deepEqual(await axeViolations(), []);
  });

  /** Completions in two campaigns; the segment below holds 8 of the 12 wallets. */
  const SEGMENT_DATA: Data = {
    completions: ADDRESSES.flatMap((address, i) => [
      {
        campaignId: 'c1',
        taskId: 't1',
        address,
        points: i * 5,
        at: Date.UTC(2026, 0, 1 + i),
        issuer: null,
      },
      ...(i % 3 === 0
        ? [
            {
              campaignId: 'c2',
              taskId: 't2',
              address,
              points: 7,
              at: Date.UTC(2026, 1, 1 + i),
              issuer: null,
            },
          ]
        : []),
    ]),
    claims: [{ campaignId: 'c1', tierId: 'a', address: ADDRESSES[5]! }],
    referrals: [
      {
        campaignId: 'c1',
        referee: ADDRESSES[6]!,
        referrer: REFERRER,
        boundAt: Date.UTC(2026, 0, 3),
      },
    ],
  };
  const RULE = {
    type: 'all',
    rules: [
      { type: 'campaign', campaignId: 'c1' },
      { type: 'points', campaignId: 'c1', min: 20 },
    ],
  };
  /** The wallets the rule selects, read from the database itself. */
  const expectedAddresses = async () =>
    (
      await server.db.query<{ address: string }>(
        `SELECT DISTINCT c.address FROM completions c JOIN points_totals t
           ON t.campaign_id = c.campaign_id AND t.address = c.address
         WHERE c.campaign_id = 'c1' AND t.points >= 20 ORDER BY c.address`,
      )
    ).map((r) => r.address);
  let shownMembers: string[][] = [];

  test('Segments: a typed rule is checked live (count as in the database), a bad one shows at its line, members page by page', async () => {
    await load(server.db, SEGMENT_DATA);
    const expected = await expectedAddresses();
    assert.equal(expected.length, 8);
    // Keyboard: the nav button by Tab focus and Enter.
    const nav = await page.$($('nav [data-page="segments"]'));
    await nav!.focus();
    await page.keyboard.press('Enter');
    await waitText('#segments-title', 'Segments');
    assert.equal(await page.evaluate(() => location.hash), '#/segments');
    // Typed key by key: only the complete text parses, so only it reaches the server.
    await page.$eval($('#segment-rule'), (el) => (el as HTMLTextAreaElement).select());
    await page.keyboard.type(JSON.stringify(RULE));
    await waitAttr('#segment-count', 'data-count', String(expected.length));
    assert.match(await text('#segment-count'), /8 wallets match this rule/);
    assert.equal(await attr('#segment-rule', 'aria-invalid'), 'false');
    // An edit while the previous rule is still at the server aborts that request: its answer
    // can never replace the newer one. The network holds the first count until the page drops it.
    await page.setRequestInterception(true);
    let held: HTTPRequest | undefined;
    let onHeld!: () => void;
    const holding = new Promise<void>((resolve) => {
      onHeld = resolve;
    });
    const intercept = (r: HTTPRequest) => {
      if (!held && r.method() === 'POST' && r.url().endsWith('/admin/segments/count')) {
        held = r;
        onHeld();
        return;
      }
      void r.continue();
    };
    let onDropped!: (reason: string | undefined) => void;
    const dropped = new Promise<string | undefined>((resolve) => {
      onDropped = resolve;
    });
    const failed = (r: HTTPRequest) => {
      if (r === held) onDropped(r.failure()?.errorText);
    };
    page.on('requestfailed', failed);
    page.on('request', intercept);
    try {
      await pasteInto('#segment-rule', JSON.stringify({ type: 'campaign', campaignId: 'c2' }));
      await holding;
      assert.deepEqual(JSON.parse(held!.postData() ?? ''), {
        rule: { type: 'campaign', campaignId: 'c2' },
      });
      await pasteInto('#segment-rule', JSON.stringify({ type: 'campaign', campaignId: 'c1' }));
      assert.equal(await dropped, 'net::ERR_ABORTED');
      await waitAttr('#segment-count', 'data-count', String(ADDRESSES.length));
    } finally {
      page.off('request', intercept);
      page.off('requestfailed', failed);
      await page.setRequestInterception(false);
    }
    // A bad value: the server's issue at the line of that field.
    const bad = JSON.stringify(
      { ...RULE, rules: [RULE.rules[0], { ...RULE.rules[1], min: -1 }] },
      null,
      2,
    );
    const badLine = bad.split('\n').findIndex((l) => l.includes('"min": -1')) + 1;
    assert.ok(badLine > 1);
    await pasteInto('#segment-rule', bad);
    await waitAttr('#segment-rule', 'aria-invalid', 'true');
    await waitText('#segment-problems', 'rules[1].min');
    assert.equal(await attr('#segment-problems li', 'data-line'), String(badLine));
    assert.match(
      await text('#segment-problems li'),
      new RegExp(`Line ${badLine}:.*rules\\[1\\]\\.min.*whole number`, 's'),
    );
    assert.equal(await attr(`.gutter [data-line="${badLine}"]`, 'class'), 'bad');
    assert.match(await text('#segment-count'), /1 problem/);
    // "Line N" selects that line in the editor.
    await press(`Line ${badLine}`);
    const selected = await page.$eval($('#segment-rule'), (el) => {
      const t = el as HTMLTextAreaElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    assert.match(selected, /"min": -1/);
    // Broken JSON: the parser's line, and nothing is sent.
    const broken = bad.replace('"min": -1', '"min": -1,,');
    await pasteInto('#segment-rule', broken);
    await waitText('#segment-problems', 'does not parse');
    assert.equal(await attr('#segment-problems li', 'data-line'), String(badLine));
    // Fixed: counted again.
    await pasteInto('#segment-rule', JSON.stringify(RULE, null, 2));
    await waitAttr('#segment-count', 'data-count', String(expected.length));
    // Members, 5 a page: every wallet once, in address order.
    await page.locator($('#segment-page-size')).setTimeout(WAIT.timeout).fill('5');
    await waitText('#members-range', `1–5 of ${expected.length}`);
    const rows = () =>
      page.$$eval($('#segment-members tbody tr'), (trs) =>
        trs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      );
    shownMembers = await rows();
    await press('Next page');
    await waitText('#members-range', `6–${expected.length} of ${expected.length}`);
    shownMembers.push(...(await rows()));
    assert.deepEqual(
      shownMembers.map((r) => r[0]),
      expected,
    );
    assert.equal(
      await page.$eval(
        '::-p-aria([name="Next page"][role="button"])',
        (el) => (el as HTMLButtonElement).disabled,
      ),
      true,
    );
    await press('Previous page');
    await waitText('#members-range', `1–5 of ${expected.length}`);
    // axe over the page with the members table.
    assert.deepEqual(await axeViolations(), []);
  });

  test('Exports: CSV, NDJSON and merkle downloads of the current segment parse back to its members', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qb-console-downloads-'));
    const cdp = await browser.target().createCDPSession();
    try {
      await cdp.send('Browser.setDownloadBehavior', {
        behavior: 'allow',
        downloadPath: dir,
        eventsEnabled: true,
      });
      const names = new Map<string, string>();
      cdp.on('Browser.downloadWillBegin', (e) => names.set(e.guid, e.suggestedFilename));
      const downloaded = (): Promise<string> =>
        new Promise((resolve, reject) => {
          const onProgress = (e: { guid: string; state: string }) => {
            if (e.state === 'inProgress') return;
            cdp.off('Browser.downloadProgress', onProgress);
            if (e.state === 'completed')
              resolve(readFileSync(join(dir, names.get(e.guid)!), 'utf8'));
            else reject(new Error(`download ${e.state}`));
          };
          cdp.on('Browser.downloadProgress', onProgress);
        });
      await press('Exports');
      await waitText('#export-segment', '8 wallets in this segment.');
      const all = await call(server, 'POST', '/admin/segments/members', {
        headers: admin,
        body: { rule: RULE, limit: 1000 },
      });
      const members = all.body.members as SegmentMember[];
      assert.deepEqual(
        members.map((m) => [m.address, String(m.points)]),
        shownMembers.map((r) => [r[0], r[1]]),
        'the API and the members the page showed agree',
      );

      let file = downloaded();
      await click('#export-csv');
      const csv = await file;
      const [header, ...lines] = csv.trimEnd().split('\n');
      assert.equal(header, SEGMENT_CSV_HEADER);
      assert.deepEqual(
        lines.map((l) => {
          const [address, points, tiers, tasks, referrer, firstSeen, lastSeen] = l.split(',');
          return {
            address,
            points: Number(points),
            tiers: Number(tiers),
            tasks: Number(tasks),
            referrer: referrer || null,
            firstSeen,
            lastSeen,
          };
        }),
        members,
      );
      assert.match((await attr('#export-file', 'href')) ?? '', /^blob:/);

      file = downloaded();
      await click('#export-ndjson');
      const ndjson = await file;
      assert.deepEqual(
        ndjson
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l)),
        members,
      );

      file = downloaded();
      await click('#export-merkle');
      const tree = JSON.parse(await file);
      assert.equal(tree.format, 'standard-v1');
      assert.deepEqual(
        tree.values
          .map(({ value: [a, n] }: { value: [string, string] }) => [a.toLowerCase(), n])
          .sort(),
        members
          .filter((m) => m.points > 0)
          .map((m) => [m.address, String(m.points)])
          .sort(),
      );
      await waitText('#export-done', 'segment-merkle.json');
      assert.deepEqual(await axeViolations(), []);
    } finally {
      await cdp.detach();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no console error, no CSP violation, no request to another host', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(refused, [
      '401 GET /campaigns?archived=true',
      '409 POST /campaigns',
      '400 POST /admin/segments/count',
    ]);
  });
});
