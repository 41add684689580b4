import { spawn } from 'node:child_process';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, requireChromium } from './scripts/chromium.mjs';

/**
 * Browser tests (real Chromium) for the packages that touch the DOM.
 * Workspace packages resolve from source through the `source` export condition.
 * Per-package groups: `npx wtr --group elements`.
 */
const packages = ['elements', 'wallet'];

/**
 * A real local chain for browser tests that need one: the first request to `/__chain.json`
 * starts anvil on 127.0.0.1 and deploys the test contracts of `@questboard/rules/testing`
 * (ERC-20, ERC-721, ERC-1155, a pool emitting `Swap`, Multicall3); the answer is their addresses
 * and the RPC URL. Tests that never ask start nothing. Stopped with the test server.
 */
function anvilPlugin() {
  let chain;
  let node;
  return {
    name: 'questboard-anvil',
    async serve(context) {
      if (context.path !== '/__chain.json') return undefined;
      chain ??= (async () => {
        const { tsImport } = await import('tsx/esm/api');
        const testing = await tsImport('./packages/rules/src/testing/index.ts', import.meta.url);
        node = await testing.startAnvil();
        const f = await testing.deployFixtures(node.rpcUrl, node.chainId);
        return {
          rpcUrl: node.rpcUrl,
          chainId: node.chainId,
          erc20: f.erc20,
          erc721: f.erc721,
          erc1155: f.erc1155,
          pool: f.pool,
          multicall3: f.multicall3,
          accounts: testing.ANVIL_ACCOUNTS,
        };
      })();
      return { body: JSON.stringify(await chain), type: 'json' };
    },
    async serverStop() {
      await node?.stop();
    },
  };
}

/**
 * The reference server for browser tests that need one: the first request to `/__server.json`
 * starts `@questboard/server` on 127.0.0.1 in a child process (PGlite in memory, a fresh admin
 * key; see packages/elements/test/quest-server.ts), accepting the test page's origin for CORS and
 * SIWE. The answer is `{ url, adminKey }`; tests create their own campaigns through the admin API
 * (one id each). Stopped with the test server.
 */
function questServerPlugin() {
  let running;
  let child;
  return {
    name: 'questboard-server',
    async serve(context) {
      if (context.path !== '/__server.json') return undefined;
      running ??= new Promise((resolve, reject) => {
        child = spawn(
          process.execPath,
          [
            '--conditions=source',
            '--import',
            'tsx',
            'packages/elements/test/quest-server.ts',
            context.origin,
          ],
          { stdio: ['pipe', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const line = out.split('\n')[0];
          if (out.includes('\n')) resolve(JSON.parse(line));
        });
        child.on('exit', (code) => reject(new Error(`the test server exited (${code})`)));
      });
      return { body: JSON.stringify(await running), type: 'json' };
    },
    async serverStop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}

export default {
  nodeResolve: { exportConditions: ['source', 'browser', 'import', 'default'] },
  rootDir: '.',
  // Groups only (files + groups would run each file twice, side by side, sharing localStorage).
  groups: packages.map((name) => ({ name, files: `packages/${name}/src/**/*.test.ts` })),
  // One test file at a time: files share an origin, so localStorage and its storage events too.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  browserStartTimeout: 60_000,
  // Sized for a loaded 2-core machine (the suite must pass while another copy of it runs); tests
  // wait on conditions (helpers' `until`, 60 s) and never sleep a fixed time.
  testFramework: { config: { timeout: 90_000 } },
  plugins: [
    anvilPlugin(),
    questServerPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({ launchOptions: { executablePath: requireChromium(), args: chromiumArgs } }),
  ],
  // nanostores reads process.env.NODE_ENV unguarded (TOOLING.md).
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><script>window.process = { env: { NODE_ENV: 'development' } };</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
};
