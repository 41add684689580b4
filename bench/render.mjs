#!/usr/bin/env node
// bench:render — in Chromium: (a) first render of a 1,000-task ladder by <quest-board> against
// building the same markup with raw DOM calls, same page, same run (median of 7, interleaved);
// (b) DOM mutations caused by one task's state change in a 500-task and a 50-task ladder.
// Before it, the records at 500 tasks in words (which nodes changed).
// Last line: {"ratio":…,"boardMs":…,"rawMs":…,"mutations":…,"mutations50":…,"leaderboardMutations":…,"leaderboardMutations50":…,"insightsMutations":…,…}
// (c) the same for <quest-leaderboard>: one entry's points change at 500 and at 50 rows.
// (d) <quest-insights>: one task's numbers change in a 500- and a 50-row tasks view; one field
// edited in a 60- and a 6-condition segment builder, through to its new live count.
// Goals: ratio ≤ 2; mutations ≤ 2 (issue 12) and equal to mutations50; the leaderboard's and
// the insights view's and the builder's edit (its count's text: "Counting…", then the new count).
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireChromium } from '../scripts/chromium.mjs';
import { run } from '../scripts/lib.mjs';
import { serve } from '../scripts/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const TASKS = 1000;

if (!process.argv.includes('--no-build')) {
  const { code } = await run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], {
    cwd: root,
    env: { ...process.env, QB_BUILD: 'cdn' },
    quiet: true,
  });
  if (code !== 0) throw new Error('bundle build failed');
}

const site = await serve({
  root: `${root}bench/render`,
  mounts: { '/cdn/': `${root}packages/elements/cdn` },
});
const browser = await puppeteer.launch({ executablePath: requireChromium(), args: chromiumArgs });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await page.waitForFunction('window.benchReady === true', { timeout: 20_000 }).catch(() => {
    throw new Error(`bench page did not start: ${errors.join('; ')}`);
  });
  // Warm-up: JIT, style and font caches for both.
  await page.evaluate((n) => window.bench.board(n), 200);
  await page.evaluate((n) => window.bench.raw(n), 200);

  const boardMs = [];
  const rawMs = [];
  for (let i = 0; i < RUNS; i++) {
    boardMs.push(await page.evaluate((n) => window.bench.board(n), TASKS));
    rawMs.push(await page.evaluate((n) => window.bench.raw(n), TASKS));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const at500 = await page.evaluate((n) => window.bench.mutations(n), 500);
  const at50 = await page.evaluate((n) => window.bench.mutations(n), 50);
  const lb500 = await page.evaluate((n) => window.bench.leaderboardMutations(n), 500);
  const lb50 = await page.evaluate((n) => window.bench.leaderboardMutations(n), 50);
  const in500 = await page.evaluate((n, c) => window.bench.insightsMutations(n, c), 500, 60);
  const in50 = await page.evaluate((n, c) => window.bench.insightsMutations(n, c), 50, 6);
  const mutations = at500.count;
  const mutations50 = at50.count;
  const result = {
    ratio: Number((median(boardMs) / median(rawMs)).toFixed(2)),
    boardMs: Number(median(boardMs).toFixed(1)),
    rawMs: Number(median(rawMs).toFixed(1)),
    tasks: TASKS,
    runs: RUNS,
    mutations,
    mutations50,
    leaderboardMutations: lb500.count,
    leaderboardMutations50: lb50.count,
    insightsMutations: in500.view.count,
    insightsMutations50: in50.view.count,
    segmentEditMutations: in500.edit.count,
    segmentEditMutations6: in50.edit.count,
  };
  console.log(
    `board ${result.boardMs} ms vs raw DOM ${result.rawMs} ms for ${TASKS} tasks (median of ${RUNS}): ratio ${result.ratio} (goal ≤ 2)`,
  );
  console.log(
    `one task's state change: ${mutations} mutations at 500 tasks, ${mutations50} at 50 (goal ≤ 2 and equal)`,
  );
  console.log(
    `one leaderboard entry's change: ${lb500.count} mutations at 500 rows, ${lb50.count} at 50 (goal ≤ 2)`,
  );
  console.log(
    `one insights task's change: ${in500.view.count} mutations at 500 rows, ${in50.view.count} at 50 (goal ≤ 2)`,
  );
  console.log(
    `one segment field edit through its new count: ${in500.edit.count} mutations at 60 conditions, ${in50.edit.count} at 6 (goal ≤ 2)`,
  );
  console.log(
    `the insights records:\n${[...in500.view.records, ...in500.edit.records].map((r) => `  ${r}`).join('\n')}`,
  );
  console.log(`the records at 500 tasks:\n${at500.records.map((r) => `  ${r}`).join('\n')}`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await site.close();
}
