#!/usr/bin/env node
// bench:size — bytes of the script-tag bundle and of each lazy chunk beside it:
// minified, gzip (level 9) and brotli (quality 11). Builds the bundle first.
// Last line: one JSON object {"bundle":{min,gzip,brotli},"chunks":{name:{…}},"totalEager":{…}}.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { run } from '../scripts/lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.argv.includes('--no-build') === false) {
  const { code } = await run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], {
    cwd: root,
    env: { ...process.env, QB_BUILD: 'cdn' },
    quiet: true,
  });
  if (code !== 0) throw new Error('bundle build failed');
}

const measure = (file) => {
  const bytes = readFileSync(file);
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

const cdn = `${root}packages/elements/cdn`;
const bundle = measure(`${cdn}/quest-board.js`);
const chunks = {};
if (existsSync(`${cdn}/chunks`)) {
  for (const name of readdirSync(`${cdn}/chunks`).filter((f) => f.endsWith('.js'))) {
    chunks[name.replace(/-[\w-]{8}\.js$/, '')] = measure(`${cdn}/chunks/${name}`);
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `quest-board.js  min ${kb(bundle.min)}  gzip ${kb(bundle.gzip)}  brotli ${kb(bundle.brotli)}`,
);
for (const [name, s] of Object.entries(chunks))
  console.log(
    `  lazy ${name.padEnd(28)} min ${kb(s.min)}  gzip ${kb(s.gzip)}  brotli ${kb(s.brotli)}`,
  );
console.log(JSON.stringify({ bundle, chunks }));
