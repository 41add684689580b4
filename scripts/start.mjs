#!/usr/bin/env node
// `npm start`: builds the script-tag bundle and serves the demo page (examples/script-tag) with a
// strict CSP on 127.0.0.1. Prints the URL; Ctrl-C stops everything it started.
import { fileURLToPath } from 'node:url';
import { run } from './lib.mjs';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 5173);

console.log('Building the script-tag bundle…');
const build = await run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], {
  cwd: root,
  env: { ...process.env, QB_BUILD: 'cdn' },
});
if (build.code !== 0) {
  console.error('The build failed; see the output above.');
  process.exit(1);
}

let demo;
try {
  demo = await serve({
    root: `${root}examples/script-tag`,
    mounts: { '/cdn/': `${root}packages/elements/cdn`, '/campaigns/': `${root}examples/campaigns` },
    port,
  });
} catch (error) {
  if (error.code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Start on another one: PORT=5174 npm start`);
    process.exit(1);
  }
  throw error;
}

console.log(`\nQuestboard demo: ${demo.url}\n(Ctrl-C to stop)`);

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
