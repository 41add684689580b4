// Rollup plugin for the script-tag build: turns `@walletconnect/ethereum-provider` (2.17, a tree
// of CommonJS, JSON and browser-field packages) into one browser ESM module with esbuild, so the
// WalletConnect lazy chunk builds without @rollup/plugin-commonjs / -json. Only the chunk that
// imports it (walletconnect-provider.ts, loaded by a dynamic import) contains the result.
//
//   import { walletConnectPrebundle } from './packages/wallet/build/walletconnect-rollup.mjs';
//   plugins: [walletConnectPrebundle(), nodeResolve(…), esbuild(…)]
import { build } from 'esbuild';

const ID = '@walletconnect/ethereum-provider';
const VIRTUAL = '\0questboard:walletconnect-ethereum-provider';

export function walletConnectPrebundle({ minify = true } = {}) {
  return {
    name: 'questboard-walletconnect-prebundle',
    resolveId(source) {
      return source === ID ? VIRTUAL : null;
    },
    async load(id) {
      if (id !== VIRTUAL) return null;
      const result = await build({
        stdin: {
          contents: `export { EthereumProvider } from '${ID}';`,
          resolveDir: process.cwd(),
          loader: 'js',
        },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        minify,
        conditions: ['browser', 'module', 'import'],
        define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
        logLevel: 'error',
        legalComments: 'none',
      });
      return { code: result.outputFiles[0].text, map: null };
    },
  };
}
