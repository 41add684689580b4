#!/usr/bin/env node
// `npm test`: everything CI checks, in order, stopping at the first failing step.
// lint → types → build → size budgets → package checks → Node tests → browser tests.
// Set QB_TEST_SKIP=lint,size (comma list of step names) to skip steps locally.
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './ensure-system.mjs';
import { findFiles, run } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const skip = new Set((process.env.QB_TEST_SKIP ?? '').split(',').filter(Boolean));
const counts = { passed: 0, failed: 0 };
const started = Date.now();

const missing = ensureSystem();
if (missing.length) {
  console.error(`Missing system programs:\n - ${missing.join('\n - ')}`);
  process.exit(1);
}

const nodeTests = ['rules', 'core', 'server'].flatMap((p) =>
  findFiles(`packages/${p}/src`, /\.test\.ts$/),
);

const steps = [
  ['lint', 'npx', ['biome', 'check', '.']],
  ['types', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['build', 'npm', ['run', 'build', '--silent']],
  ['size', 'npx', ['size-limit']],
  ['packages', 'node', ['scripts/check-packages.mjs']],
  [
    'node-tests',
    'node',
    ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...nodeTests],
    (out) => {
      const pass = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
      const fail = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
      return { pass, fail };
    },
  ],
  [
    'browser-tests',
    'npx',
    ['web-test-runner'],
    (out) => {
      // e.g. "Chromium: |██████████████████████████████| 12/12 test files | 80 passed, 0 failed"
      const m = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      return { pass: Number(m?.[1] ?? 0), fail: Number(m?.[2] ?? 0) };
    },
  ],
];

for (const [name, cmd, args, parse] of steps) {
  if (skip.has(name)) {
    console.log(`\n▶ ${name}: skipped (QB_TEST_SKIP)`);
    continue;
  }
  const t0 = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.length > 6 ? `${args.slice(0, 6).join(' ')} …` : args.join(' ')}`);
  const { code, output } = await run(cmd, args, { env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (parse) {
    const { pass, fail } = parse(output);
    counts.passed += pass;
    counts.failed += fail;
    if (code === 0 && pass === 0) {
      console.error(`✖ ${name}: ran no test`);
      process.exit(1);
    }
  }
  if (code !== 0) {
    console.error(`\n✖ ${name} failed (exit ${code}, ${seconds}s)`);
    console.log(`\ntests: ${counts.passed} passed, ${Math.max(1, counts.failed)} failed`);
    process.exit(1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}

console.log(`\nAll steps passed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
