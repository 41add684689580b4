// All library and bundle outputs (DESIGN.md): npm ESM per package (bare imports kept, one file
// per module so per-element subpaths and `sideEffects` work), and the script-tag bundle of
// <quest-board> with everything inlined except the lazy chunks (rule evaluation, SIWE checks,
// dev-wallet signing, WalletConnect) which sit beside it in cdn/chunks/.
// Types come from `tsc -b tsconfig.build.json` (esbuild only transpiles).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { minifyCssLiteralsPlugin } from './packages/elements/build/minify-css-literals.mjs';
import { parallelChunkLoads } from './packages/elements/build/parallel-chunk-loads.mjs';
import { pruneStaleOutput } from './packages/elements/build/prune-stale-output.mjs';
import { consolePage } from './packages/server/console/build.mjs';
import { walletConnectPrebundle } from './packages/wallet/build/walletconnect-rollup.mjs';

// Every workspace under packages/ (a new package is built without editing this file).
const packages = JSON.parse(readFileSync('package.json', 'utf8'))
  .workspaces.filter((w) => w.startsWith('packages/'))
  .map((w) => w.slice('packages/'.length));

/** Entry points of a package: the `source` of each export (test helpers excluded) and its bins. */
function entries(name) {
  const pkg = JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'));
  const input = {};
  for (const target of Object.values(pkg.exports ?? {})) {
    // Dev-only entries (a `source` condition alone, e.g. rules' Node test fixtures) are not built.
    if (typeof target !== 'object' || !target.source || !target.import) continue;
    const src = target.source.replace(/^\.\//, '');
    input[src.replace(/^src\//, '').replace(/\.ts$/, '')] = `packages/${name}/${src}`;
  }
  for (const bin of Object.values(pkg.bin ?? {})) {
    const src = bin.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
    input[src.replace(/^src\//, '').replace(/\.ts$/, '')] = `packages/${name}/${src}`;
  }
  return input;
}

const isBare = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

const library = (name) => ({
  input: entries(name),
  external: (id) => isBare(id) || nodeBuiltins.has(id),
  plugins: [esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  output: {
    dir: `packages/${name}/dist`,
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: `packages/${name}/src`,
    sourcemap: true,
    // The React wrappers use hooks: a Next server component may render them as client components.
    banner: (chunk) => (chunk.fileName === 'react/index.js' ? "'use client';" : ''),
  },
  onwarn(warning, warn) {
    if (
      warning.code === 'CIRCULAR_DEPENDENCY' &&
      warning.ids?.every((id) => id.includes('node_modules'))
    )
      return;
    // The template-type entries (jsx-react, vue, …) are types only: their JS is an empty module.
    if (warning.code === 'EMPTY_BUNDLE') return;
    warn(warning);
  },
});

/** terser on every chunk but those already minified by esbuild (the WalletConnect prebundle: ~20 s saved). */
function minifyExcept(skip) {
  const plugin = terser({ module: true, ecma: 2020, format: { comments: false } });
  return {
    ...plugin,
    renderChunk(code, chunk, options, meta) {
      return skip.test(chunk.fileName)
        ? null
        : plugin.renderChunk.call(this, code, chunk, options, meta);
    },
  };
}

// The script-tag entry: cdn.ts plus WalletConnect's registration (its package stays a lazy chunk).
const CDN_ENTRY = '\0questboard:cdn-entry';
const cdnEntry = {
  name: 'questboard-cdn-entry',
  resolveId: (id) => (id === CDN_ENTRY ? id : null),
  load: (id) =>
    id === CDN_ENTRY
      ? // cdn.ts first: its first import is what the page's boards need first (early-start.ts).
        `export * from ${JSON.stringify(`${process.cwd()}/packages/elements/src/cdn.ts`)};\nimport '@questboard/wallet/walletconnect';\n`
      : null,
};

const cdn = {
  input: CDN_ENTRY,
  // Let the entry export internals the lazy chunks share, instead of becoming a re-export facade.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    cdnEntry,
    // WalletConnect (CommonJS + JSON) prebundled by esbuild into its own lazy chunk.
    walletConnectPrebundle(),
    // nanostores reads process.env.NODE_ENV unguarded; esbuild's `define` skips node_modules.
    replace({
      preventAssignment: true,
      values: { 'process.env.NODE_ENV': JSON.stringify('production') },
    }),
    nodeResolve({
      browser: true,
      exportConditions: ['source', 'browser', 'module', 'import', 'default'],
    }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    // The elements' css`…` templates without comments and extra whitespace (terser keeps them).
    minifyCssLiteralsPlugin(),
  ],
  output: {
    dir: 'packages/elements/cdn',
    format: 'es',
    entryFileNames: 'quest-board.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
    // Stale chunks of earlier builds out of cdn/ (it ships in the tarball).
    plugins: [
      parallelChunkLoads(),
      minifyExcept(/walletconnect/),
      pruneStaleOutput('packages/elements/cdn'),
    ],
  },
  onwarn(warning, warn) {
    // viem ships /*#__PURE__*/ annotations in spots rollup cannot use; harmless.
    if (warning.code === 'INVALID_ANNOTATION' || warning.code === 'THIS_IS_UNDEFINED') return;
    if (
      warning.code === 'CIRCULAR_DEPENDENCY' &&
      warning.ids?.some((id) => id.includes('node_modules'))
    )
      return;
    warn(warning);
  },
};

// The operator console (packages/server/console): one page served by the server at /console,
// everything bundled, hashed file names (the server caches them as immutable), no source maps.
const consoleApp = {
  input: 'packages/server/console/src/main.ts',
  plugins: [
    consolePage({
      html: 'packages/server/console/index.html',
      css: 'packages/server/console/console.css',
    }),
    replace({
      preventAssignment: true,
      values: { 'process.env.NODE_ENV': JSON.stringify('production') },
    }),
    nodeResolve({
      browser: true,
      exportConditions: ['source', 'browser', 'module', 'import', 'default'],
    }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json' }),
  ],
  output: {
    dir: 'packages/server/dist/console',
    format: 'es',
    entryFileNames: 'console-[hash].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    assetFileNames: '[name]-[hash][extname]',
    plugins: [
      terser({ module: true, ecma: 2020, format: { comments: false } }),
      pruneStaleOutput('packages/server/dist/console'),
    ],
  },
  onwarn: cdn.onwarn,
};

const only = process.env.QB_BUILD; // e.g. QB_BUILD=cdn or QB_BUILD=core,rules
const selected = only ? only.split(',') : [...packages, 'cdn', 'console'];
const configs = { cdn, console: consoleApp };
export default selected.map((name) => configs[name] ?? library(name));
