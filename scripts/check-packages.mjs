#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// Checks the built packages the way a consumer meets them: publint on each package, and
// importing each package's npm entry in plain Node (SSR-safe: no DOM at import time).
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = fileURLToPath(new URL('..', import.meta.url));
let failed = false;
for (const name of ['rules', 'core', 'wallet', 'elements', 'server']) {
  const dir = `${root}packages/${name}`;
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const { messages } = await publint({ pkgDir: dir, level: 'warning', strict: false });
  for (const message of messages) {
    console.log(`${pkg.name}: [${message.type}] ${formatMessage(message, pkg)}`);
    if (message.type === 'error') failed = true;
  }
  try {
    await import(pkg.name);
    // Define files register elements: in Node (SSR) they must do nothing, not throw.
    if (pkg.exports['./define.js']) await import(`${pkg.name}/define.js`);
    console.log(`${pkg.name}: imports in Node without a DOM`);
  } catch (error) {
    console.error(`${pkg.name}: importing it in Node threw: ${error.stack ?? error}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
