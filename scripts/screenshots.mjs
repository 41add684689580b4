#!/usr/bin/env node
// Screenshots of the board for the theming guide, taken in headless Chromium from the built
// Storybook: docs/images/theme-light.png, theme-dark.png and theme-brand.png (800 px wide).
//
//   npm run screenshots                       # builds Storybook first when storybook-static/ is missing
//   node scripts/screenshots.mjs --story elements-quest-board--fresh --theme sunset --out /tmp/x.png
//
// The pages are served on 127.0.0.1 and nothing else is contacted (other hosts are blocked).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireChromium } from './chromium.mjs';
import { serve } from './serve.mjs';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const staticDir = `${rootDir}storybook-static`;

const { values } = parseArgs({
  options: {
    story: { type: 'string' },
    theme: { type: 'string', default: 'light' },
    out: { type: 'string' },
    width: { type: 'string', default: '800' },
  },
});
const width = Number(values.width);
if (!Number.isInteger(width) || width < 200 || width > 2000) {
  console.error(
    `--width must be a whole number of pixels from 200 to 2000, got "${values.width}".`,
  );
  process.exit(1);
}
if (values.story && !values.out) {
  console.error('--story needs --out <file.png>.');
  process.exit(1);
}

/** What to shoot: the guide's three shots, or the one asked for on the command line. */
const shots = values.story
  ? [{ story: values.story, theme: values.theme, out: values.out }]
  : [
      {
        story: 'elements-quest-board--in-progress',
        theme: 'light',
        out: 'docs/images/theme-light.png',
      },
      {
        story: 'elements-quest-board--in-progress',
        theme: 'dark',
        out: 'docs/images/theme-dark.png',
      },
      {
        story: 'elements-quest-board--in-progress',
        theme: 'ocean',
        out: 'docs/images/theme-brand.png',
      },
    ];

if (!existsSync(`${staticDir}/index.json`)) {
  console.log('storybook-static/ is missing: building it (npm run build-storybook)…');
  const build = spawnSync('npm', ['run', 'build-storybook'], {
    cwd: rootDir,
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = await serve({ root: staticDir, csp: false });
const origin = new URL(server.url).origin;
const browser = await puppeteer.launch({
  executablePath: requireChromium(),
  args: [...chromiumArgs, '--lang=en-US', '--hide-scrollbars', '--font-render-hinting=none'],
});
let failed = false;
try {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 600, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url === `${origin}/favicon.ico`) return request.respond({ status: 204 });
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:'))
      return request.continue();
    console.error(`  blocked a request to another host: ${url}`);
    request.abort('blockedbyclient');
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    failed = true;
    console.error(`  console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    failed = true;
    console.error(`  page error: ${error.message}`);
  });

  for (const shot of shots) {
    const url = `${server.url}iframe.html?id=${encodeURIComponent(shot.story)}&viewMode=story&globals=theme:${encodeURIComponent(shot.theme)}`;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(
      () =>
        ['finished', 'errored', 'aborted'].includes(
          window.__STORYBOOK_PREVIEW__?.currentRender?.phase,
        ) || document.body.classList.contains('sb-show-errordisplay'),
      { timeout: 15_000 },
    );
    const state = await page.evaluate(async (theme) => {
      if (window.__STORYBOOK_PREVIEW__.currentRender.phase !== 'finished')
        return 'the story did not render';
      if (document.documentElement.dataset.theme !== theme && theme !== 'light')
        return `the theme "${theme}" was not applied (no such theme in the toolbar?)`;
      const all = [];
      const walk = (node) => {
        for (const el of node.querySelectorAll('*')) {
          if (el.localName.includes('-')) all.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document.querySelector('#storybook-root'));
      await Promise.all(all.map((el) => el.updateComplete));
      await document.fonts.ready;
      return all.length ? null : 'the story rendered no element';
    }, shot.theme);
    if (state) {
      failed = true;
      console.error(`✘ ${shot.story} (${shot.theme}): ${state}`);
      continue;
    }
    // Tall enough for the whole story: off-screen tiers use `content-visibility: auto` and
    // would be left unpainted below the viewport.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewport({ width, height: Math.max(600, height), deviceScaleFactor: 1 });
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
    );
    // The story's first element, with the page background around it (Storybook's padding).
    const root = await page.$('#storybook-root > *');
    const box = await root.boundingBox();
    const pad = 16;
    const out = shot.out.startsWith('/') ? shot.out : `${rootDir}${shot.out}`;
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({
      path: out,
      clip: {
        x: 0,
        y: Math.max(0, box.y - pad),
        width,
        height: Math.ceil(box.height + 2 * pad),
      },
    });
    await page.setViewport({ width, height: 600, deviceScaleFactor: 1 });
    console.log(
      `✔ ${shot.out} (${shot.story}, ${shot.theme}, ${(statSync(out).size / 1024).toFixed(0)} KB)`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
