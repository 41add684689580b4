#!/usr/bin/env node
// `npm run test:types` (the `type-tests` step of `npm test`): the template types the elements
// package ships, each checked by the type checker its users run, and each test FAILS on a wrong
// usage:
// - tsc: the tag map and `provider` (main entry), React 19 JSX, Preact JSX, the React wrappers
//   (`// @ts-expect-error` lines: tsc reports any that is not an error);
// - vue-tsc: Vue `GlobalComponents` (`<!-- @vue-expect-error -->`, same rule);
// - svelte-check: Svelte elements (each element after `<!-- expect-error: … -->` must be
//   reported, nothing else may be).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'packages/elements/test/types');
const bin = (name) => join(root, 'node_modules/.bin', name);
const counts = { passed: 0, failed: 0 };
const result = (name, ok, detail = '') => {
  counts[ok ? 'passed' : 'failed']++;
  console.log(`  ${ok ? '✔' : '✖'} ${name}${ok ? '' : `\n${detail}`}`);
};

const tsc = await run(bin('tsc'), ['-p', dir], { quiet: true });
result('tsc: tag map, provider, React JSX, Preact JSX, React wrappers', tsc.code === 0, tsc.output);

const vue = await run(bin('vue-tsc'), ['--noEmit', '-p', join(dir, 'vue')], { quiet: true });
result('vue-tsc: Vue GlobalComponents', vue.code === 0, vue.output);

const svelteDir = join(dir, 'svelte');
const svelte = await run(
  bin('svelte-check'),
  ['--workspace', svelteDir, '--tsconfig', join(svelteDir, 'tsconfig.json'), '--output', 'machine'],
  { quiet: true },
);
const source = readFileSync(join(svelteDir, 'Check.svelte'), 'utf8').split('\n');
const expected = new Set(
  source.flatMap((line, i) => (line.includes('<!-- expect-error:') ? [i + 2] : [])),
);
const reported = new Set(
  [...svelte.output.matchAll(/ ERROR "[^"]*Check\.svelte" (\d+):\d+/g)].map((m) => Number(m[1])),
);
const missing = [...expected].filter((line) => !reported.has(line));
const unexpected = [...reported].filter((line) => !expected.has(line));
result(
  `svelte-check: Svelte elements (${expected.size} wrong usages reported, none else)`,
  expected.size > 0 && !missing.length && !unexpected.length && /COMPLETED/.test(svelte.output),
  `    not reported: lines ${missing.join(', ') || '-'}; unexpected: lines ${unexpected.join(', ') || '-'}\n${svelte.output}`,
);

console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
