// parallelChunkLoads on a real Rollup build of a few small modules: a lazy chunk's own static
// imports are asked for together with it, chunks the importer already has are not, sourcemaps
// stay intact, and the built code still resolves each import() to its module.
// Run: node --test packages/elements/build/parallel-chunk-loads.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import { parallelChunkLoads } from './parallel-chunk-loads.mjs';

const dir = mkdtempSync(join(tmpdir(), 'questboard-chunks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sources = {
  // The entry has `shared` itself and loads two views lazily.
  'entry.js': `import { shared } from './shared.js';
export const base = shared;
export const loadA = () => import('./view-a.js');
export const loadB = () => import("./view-b.js");
export const loadPlain = () => import('./plain.js');
export const loadC = () => import('./view-c.js');`,
  // Both views use `common` (a chunk of its own), which uses `deep` (another) and `shared`.
  'view-a.js': `import { common } from './common.js';\nexport const value = common + 1;`,
  'view-b.js': `import { common } from './common.js';\nexport const value = common + 2;`,
  // view-c uses \`deep\` alone, so \`deep\` is a chunk of its own below \`common\`.
  'view-c.js': `import { deep, later } from './deep.js';\nexport const value = deep + 3;\nexport { later };`,
  'common.js': `import { deep } from './deep.js';\nimport { shared } from './shared.js';\nexport const common = deep * 10 + shared;`,
  // A chunk in chunks/ with a lazy import of its own (of a chunk that needs it and \`common\`).
  'deep.js': `export const deep = 4;\nexport const later = () => import('./view-b.js');`,
  'shared.js': 'export const shared = 100;',
  // A lazy chunk with no imports of its own is left as it is.
  'plain.js': 'export const plain = true;',
};
for (const [name, code] of Object.entries(sources)) writeFileSync(join(dir, name), code);

async function build() {
  const warnings = [];
  const bundle = await rollup({
    input: join(dir, 'entry.js'),
    // As the script-tag build: the entry exports what the lazy chunks share.
    preserveEntrySignatures: 'allow-extension',
    onwarn: (warning) => warnings.push(warning),
  });
  const out = join(dir, 'out');
  const { output } = await bundle.write({
    dir: out,
    format: 'es',
    entryFileNames: 'entry.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
    plugins: [parallelChunkLoads()],
  });
  await bundle.close();
  const file = (prefix) => output.find((o) => o.fileName.startsWith(prefix))?.fileName;
  return { out, output, warnings, file };
}

const built = await build();

test('a lazy chunk is asked for with its static imports (transitively), not with what the importer has', () => {
  const { out, file } = built;
  const entry = readFileSync(join(out, 'entry.js'), 'utf8');
  const common = file('chunks/common-');
  const deep = file('chunks/deep-');
  assert.ok(common && deep, 'common and deep are chunks of their own');
  for (const view of ['chunks/view-a-', 'chunks/view-b-']) {
    const imports = [...entry.matchAll(/import\(['"]([^'"]+)['"]\)/g)].map((m) => m[1]);
    assert.ok(imports.includes(`./${file(view)}`), `${view} is imported`);
    assert.ok(imports.includes(`./${common}`), 'its dependency common is asked for from the entry');
    assert.ok(imports.includes(`./${deep}`), 'and common’s own dependency deep');
  }
  // The entry never imports itself, and a chunk without dependencies is imported plainly.
  assert.doesNotMatch(entry, /import\(['"]\.\/entry\.js['"]\)/);
  assert.match(entry, new RegExp(`\\(\\) => import\\('\\./${file('chunks/plain-')}'\\)`));
  // From a chunk in chunks/: paths relative to it, and the importer itself left out.
  const deepCode = readFileSync(join(out, deep), 'utf8');
  const fromDeep = [...deepCode.matchAll(/import\(['"]([^'"]+)['"]\)/g)].map((m) => m[1]);
  assert.deepEqual(fromDeep, [`./${file('chunks/view-b-').slice(7)}`, `./${common.slice(7)}`]);
});

test('the build stays warning-free, with sourcemaps', () => {
  assert.deepEqual(
    built.warnings.map((w) => w.code),
    [],
  );
  const entryMap = built.output.find((o) => o.fileName === 'entry.js').map;
  assert.ok(entryMap?.mappings.length > 0);
});

test('each import() still resolves to its own module', async () => {
  const entry = await import(pathToFileURL(join(built.out, 'entry.js')).href);
  assert.equal(entry.base, 100);
  assert.equal((await entry.loadA()).value, 141);
  assert.equal((await entry.loadB()).value, 142);
  assert.equal((await entry.loadPlain()).plain, true);
  const c = await entry.loadC();
  assert.equal(c.value, 7);
  assert.equal((await c.later()).value, 142);
});
