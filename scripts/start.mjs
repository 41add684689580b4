#!/usr/bin/env node
// `npm start`: the whole demo on this machine, no account, key or network — a local anvil chain
// with the demo contracts, the reference server on in-memory PGlite, and the demo dApp page
// (plus the memory-only script-tag example at /script-tag/), all on 127.0.0.1.
// Prints the URL; Ctrl-C stops everything it started. PORT changes the page's port (5173);
// QB_DEMO_CLOCK=1 adds the demo clock (see examples/demo/README.md).
import { fileURLToPath } from 'node:url';
import { relaunchWithSource, startDemo } from './demo.mjs';

if (!(await relaunchWithSource(fileURLToPath(import.meta.url)))) {
  const port = Number(process.env.PORT ?? 5173);
  let demo;
  try {
    demo = await startDemo({ port, log: (line) => console.log(line) });
  } catch (error) {
    if (error.code === 'EADDRINUSE') {
      console.error(`Port ${port} is in use. Start on another one: PORT=5174 npm start`);
    } else {
      console.error(error.stack ?? error);
    }
    process.exit(1);
  }

  console.log(`
Questboard demo:     ${demo.url}
Script-tag example:  ${demo.url}script-tag/
Server API:          ${demo.apiUrl} (direct: ${demo.serverUrl})
Local chain:         ${demo.rpcUrl} (chain id ${demo.chainId})
Admin key:           ${demo.adminKey} (this run only; e.g. GET ${demo.serverUrl}/campaigns/demo/funnel)
Reward contracts:    badge ${demo.contracts.badge}, drop ${demo.contracts.drop}${
    demo.clock
      ? `
Demo clock:          on; move it forward, then reload the page:
  curl -X POST -H "authorization: Bearer ${demo.adminKey}" -H "content-type: application/json" -d '{"advanceSeconds": 86400}' ${demo.origin}/demo/clock`
      : ''
  }
(Ctrl-C to stop)`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
