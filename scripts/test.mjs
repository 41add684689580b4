#!/usr/bin/env node
// `npm test`: everything CI checks, in order, stopping at the first failing step.
// lint → types → build → size budgets → package checks → Node tests → browser tests →
// framework examples → Storybook → the demo climbed end to end.
// Set QB_TEST_SKIP=lint,size (comma list of step names) to skip steps locally.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './ensure-system.mjs';
import { findFiles, run } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const skip = new Set((process.env.QB_TEST_SKIP ?? '').split(',').filter(Boolean));
// `node scripts/test.mjs --only node-tests,browser-tests` runs just those steps.
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]?.split(',')) : null;
const counts = { passed: 0, failed: 0 };
const started = Date.now();

const missing = ensureSystem();
if (missing.length) {
  console.error(`Missing system programs:\n - ${missing.join('\n - ')}`);
  process.exit(1);
}

const nodeTests = [
  ...['contracts', 'rules', 'core', 'server'].flatMap((p) =>
    findFiles(`packages/${p}/src`, /\.test\.ts$/),
  ),
  // The wallet's Node tests: the dev wallet against anvil, the WalletConnect chunk offline.
  ...findFiles('packages/wallet/test', /\.test\.m?ts$/),
  // The operator console's pure parts (its end-to-end test is under packages/server/src).
  ...findFiles('packages/server/console/src', /\.test\.ts$/),
  // The elements' build plugins (the script-tag build's chunk loading).
  ...findFiles('packages/elements/build', /\.test\.mjs$/),
];
const closing = (output) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
  const out = output.replace(/\x1b\[[0-9;]*m/g, '');
  const m = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  return { pass: Number(m?.[1] ?? 0), fail: Number(m?.[2] ?? 0) };
};

const steps = [
  ['lint', 'npx', ['biome', 'check', '.']],
  ['types', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  // The shipped template types (JSX, wrappers, tag map): every wrong usage must fail to compile.
  ['type-tests', 'node', ['scripts/type-tests.mjs'], closing],
  ['build', 'npm', ['run', 'build', '--silent']],
  ['size', 'npx', ['size-limit']],
  ['packages', 'node', ['scripts/check-packages.mjs']],
  [
    'node-tests',
    'node',
    [
      '--conditions=source',
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-concurrency=1',
      ...nodeTests,
    ],
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
    // e.g. "Chrome: |██████████████████████████████| 12/12 test files | 80 passed, 0 failed"
    closing,
  ],
  // Framework examples built and smoke-tested, Storybook built and every story checked, the demo
  // climbed end to end (each prints "N passed, N failed").
  ['examples', 'node', ['scripts/examples.mjs'], closing, 'scripts/examples.mjs'],
  [
    'storybook',
    'npm',
    ['run', 'test:storybook', '--silent'],
    closing,
    'scripts/storybook-check.mjs',
  ],
  ['e2e', 'node', ['test/e2e/run.mjs'], closing, 'test/e2e/run.mjs'],
];

for (const [name, cmd, args, parse, needs] of steps) {
  if (only && !only.has(name)) continue;
  if (needs && !existsSync(needs)) {
    console.log(`\n▶ ${name}: not present (${needs})`);
    continue;
  }
  if (skip.has(name)) {
    console.log(`\n▶ ${name}: skipped (QB_TEST_SKIP)`);
    continue;
  }
  const t0 = Date.now();
  console.log(
    `\n▶ ${name}: ${cmd} ${args.length > 6 ? `${args.slice(0, 6).join(' ')} …` : args.join(' ')}`,
  );
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
