import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, requireChromium } from './scripts/chromium.mjs';

/**
 * Browser tests (real Chromium) for the packages that touch the DOM.
 * Workspace packages resolve from source through the `source` export condition.
 * Per-package groups: `npx wtr --group elements`.
 */
const packages = ['elements', 'wallet'];

export default {
  nodeResolve: { exportConditions: ['source', 'browser', 'import', 'default'] },
  rootDir: '.',
  files: packages.map((p) => `packages/${p}/src/**/*.test.ts`),
  groups: packages.map((name) => ({ name, files: `packages/${name}/src/**/*.test.ts` })),
  concurrency: 2,
  concurrentBrowsers: 1,
  testsFinishTimeout: 120_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
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
