// pruneStaleOutput on real Rollup builds into one directory: a second build whose chunks have
// new hashes leaves only its own files (maps included), and files of the current build survive;
// a build sent to another directory deletes nothing there.
// Run: node --test packages/elements/build/prune-stale-output.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { rollup } from 'rollup';
import { pruneStaleOutput } from './prune-stale-output.mjs';

const root = mkdtempSync(join(tmpdir(), 'questboard-prune-'));
after(() => rmSync(root, { recursive: true, force: true }));
const src = join(root, 'src');
const out = join(root, 'out');
mkdirSync(src);

const list = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
    .sort();

async function build(lazyValue, dir = out) {
  writeFileSync(join(src, 'entry.js'), `export const load = () => import('./lazy.js');`);
  writeFileSync(join(src, 'lazy.js'), `export const value = ${JSON.stringify(lazyValue)};`);
  const bundle = await rollup({ input: join(src, 'entry.js') });
  await bundle.write({
    dir,
    format: 'es',
    entryFileNames: 'entry.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
    plugins: [pruneStaleOutput(out)],
  });
  await bundle.close();
  return list(dir);
}

test('a rebuild leaves only its own files: stale hashed chunks and their maps are deleted', async () => {
  const first = await build('one');
  assert.equal(first.filter((f) => /^chunks\/lazy-.+\.js$/.test(f)).length, 1);
  // Something else wrote here too (an older build's chunk): not this build's, so it goes.
  writeFileSync(join(out, 'chunks', 'old-DEADBEEF.js'), 'export {};');
  const second = await build('two');
  assert.notDeepEqual(second, first, 'the lazy chunk has a new hash');
  assert.deepEqual(second, [
    ...second.filter((f) => f.startsWith('chunks/')),
    'entry.js',
    'entry.js.map',
  ]);
  const chunks = second.filter((f) => f.startsWith('chunks/'));
  assert.equal(chunks.length, 2, `one chunk and its map: ${chunks.join(', ')}`);
  assert.ok(chunks.every((f) => /^chunks\/lazy-[\w-]+\.js(\.map)?$/.test(f)));
  assert.ok(!first.some((f) => f.startsWith('chunks/lazy-') && second.includes(f)));
});

test('a build sent to another directory than the one it owns deletes nothing there', async () => {
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(join(elsewhere, 'chunks'), { recursive: true });
  writeFileSync(join(elsewhere, 'notes.txt'), 'keep me');
  writeFileSync(join(elsewhere, 'chunks', 'old-DEADBEEF.js'), 'export {};');
  const files = await build('three', elsewhere);
  assert.ok(files.includes('notes.txt'), `deleted: ${files.join(', ')}`);
  assert.ok(files.includes('chunks/old-DEADBEEF.js'));
  assert.ok(files.includes('entry.js'), 'the build itself was written');
});
