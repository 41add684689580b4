#!/usr/bin/env node
// bench:load — in Chromium, a cold page load (fresh browser context, no cache) of the
// script-tag board with the demo campaign on the memory backend, against the floor: a page that
// loads only lit (bundled and minified the same way) and renders one task in a shadow root.
// Same server, same run, interleaved, median of 7. "First task" is the first animation frame
// in which a task title is in the page (an in-page probe on the page's own clock, measured from
// navigation start). BENCH_LATENCY_MS emulates a round-trip time (default 0: loopback).
// Last line: {"first_task_ms":…,"floor_ms":…,"ratio":…,"requests":…,"js_gz":…,"serial":…,"chain":[…],…}
// Before it, the waterfall of the median board run (Resource Timing) and its serial chain: the
// requests that waited for one another.
// requests and js_gz: what the board page fetched before its first task (probe and page excluded).
// Goal (issue 12): ratio ≤ 1.5.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireChromium } from '../scripts/chromium.mjs';
import { run } from '../scripts/lib.mjs';
import { serve } from '../scripts/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 0);

if (!process.argv.includes('--no-build')) {
  const { code } = await run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], {
    cwd: root,
    env: { ...process.env, QB_BUILD: 'cdn' },
    quiet: true,
  });
  if (code !== 0) throw new Error('bundle build failed');
}

const site = mkdtempSync(join(tmpdir(), 'qb-bench-load-'));
// BENCH_CDN=dir (with --no-build): measure another build of the script-tag bundle, e.g. an older
// commit's built with `QB_BUILD=cdn npx rollup -c rollup.config.mjs -d dir`.
const cdn = process.env.BENCH_CDN ?? join(root, 'packages/elements/cdn');
for (const f of ['board.html', 'floor.html', 'probe.js'])
  cpSync(join(root, 'bench/load', f), join(site, f));
// BENCH_CAMPAIGN=file: another campaign (default: the demo's, whose input tasks' patterns are
// checked after the first paint: the RE2 chunk is not on its path).
cpSync(
  process.env.BENCH_CAMPAIGN ?? join(root, 'examples/campaigns/questboard-101.json'),
  join(site, 'campaign.json'),
);
await build({
  entryPoints: [join(root, 'bench/load/floor.src.js')],
  outfile: join(site, 'floor.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  logLevel: 'error',
});

const server = await serve({ root: site, mounts: { '/cdn/': cdn } });
const fileOf = (url) => {
  const { pathname } = new URL(url);
  return pathname.startsWith('/cdn/') ? join(cdn, pathname.slice(5)) : join(site, pathname);
};
const browser = await puppeteer.launch({ executablePath: requireChromium(), args: chromiumArgs });

/** A resource's name without its content hash, e.g. `chunks/memory-backend.js`. */
function shortName(url) {
  return new URL(url).pathname.replace(/^\/(cdn\/)?/, '').replace(/-[\w-]{8}\.js$/, '.js');
}

/** The longest run of requests in which each started at or after the previous one's end. */
function serialChain(requests) {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const best = new Map();
  for (const r of sorted) {
    let longest = [];
    for (const q of sorted)
      if (q !== r && q.end <= r.start && (best.get(q)?.length ?? 0) > longest.length)
        longest = best.get(q);
    best.set(r, [...longest, r]);
  }
  return [...best.values()].reduce((a, b) => (b.length > a.length ? b : a), []);
}

async function load(pageName) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setCacheEnabled(false);
    if (LATENCY) {
      const cdp = await page.createCDPSession();
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: LATENCY,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    }
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}${pageName}`);
    await page.waitForFunction('window.firstTask !== undefined', { timeout: 30_000 }).catch(() => {
      throw new Error(`${pageName}: no task appeared (${errors.join('; ') || 'no error'})`);
    });
    if (errors.length) throw new Error(`${pageName}: ${errors.join('; ')}`);
    const firstTask = await page.evaluate('window.firstTask');
    // What the page fetched before its first task (the probe excluded), from Resource Timing.
    const before = (await page.evaluate('window.firstTaskResources')).filter(
      (r) => !/\/(probe\.js|favicon\.ico)$/.test(new URL(r.url).pathname),
    );
    const jsGz = before
      .filter((r) => r.url.endsWith('.js'))
      .reduce((sum, r) => sum + gzipSync(readFileSync(fileOf(r.url))).length, 0);
    return { ms: firstTask, requests: before.length, jsGz, waterfall: before };
  } finally {
    await context.close();
  }
}

try {
  await load('board.html'); // warm-up: the browser's own caches (fonts, V8 code for devtools)
  await load('floor.html');
  const board = [];
  const floor = [];
  for (let i = 0; i < RUNS; i++) {
    board.push(await load('board.html'));
    floor.push(await load('floor.html'));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // The waterfall of the board's median run, and its longest chain of requests each of which
  // started only after the one before it had ended (what loads strictly one after another).
  const typical = [...board].sort((a, b) => a.ms - b.ms)[Math.floor(board.length / 2)];
  const chain = serialChain(typical.waterfall);
  const first_task_ms = Number(median(board.map((r) => r.ms)).toFixed(1));
  const floor_ms = Number(median(floor.map((r) => r.ms)).toFixed(1));
  const result = {
    first_task_ms,
    floor_ms,
    ratio: Number((first_task_ms / floor_ms).toFixed(2)),
    requests: median(board.map((r) => r.requests)),
    js_gz: median(board.map((r) => r.jsGz)),
    floor_js_gz: median(floor.map((r) => r.jsGz)),
    serial: chain.length,
    chain: chain.map((r) => shortName(r.url)),
    runs: RUNS,
    latency_ms: LATENCY,
  };
  console.log(
    `waterfall of the median board run (ms from navigation; first task at ${typical.ms.toFixed(1)}):`,
  );
  for (const r of [...typical.waterfall].sort((a, b) => a.start - b.start))
    console.log(
      `  ${r.start.toFixed(1).padStart(7)} → ${r.end.toFixed(1).padStart(7)}  ${chain.includes(r) ? '*' : ' '} ${shortName(r.url)}`,
    );
  console.log(`  * one after another: ${chain.map((r) => shortName(r.url)).join(' → ')}`);
  console.log(
    `first task ${first_task_ms} ms vs lit-only ${floor_ms} ms (median of ${RUNS}, cold): ratio ${result.ratio} (goal ≤ 1.5); ${result.requests} requests, ${result.js_gz} B of JS gzip before it`,
  );
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
