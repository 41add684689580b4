#!/usr/bin/env node
// The package.json a tarball ships: run by each package's `prepack` (strip) and `postpack`
// (restore). Exports that only carry the `source` condition are the monorepo's own dev entries
// (e.g. `@questboard/rules/testing`: anvil and solc fixtures for this repo's tests, whose files
// are not packed); they are removed from the packed manifest, so a consumer never sees an entry
// that resolves to nothing. Everything else ships as written.
//
//   node ../../scripts/pack-manifest.mjs strip|restore     (cwd: the package)
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Export subpaths that resolve only under the monorepo's `source` condition. */
export function devOnlyExports(pkg) {
  return Object.entries(pkg.exports ?? {})
    .filter(
      ([, target]) =>
        target && typeof target === 'object' && Object.keys(target).join() === 'source',
    )
    .map(([subpath]) => subpath);
}

/**
 * Replaces a file in one step (a sibling written, then renamed over it): the packages are packed
 * in parallel, and npm reads every workspace's package.json, so a manifest truncated mid-write
 * was once read empty by another package's `npm pack` (EJSONPARSE).
 */
function replaceFile(path, text) {
  const next = `${path}.${process.pid}.tmp`;
  writeFileSync(next, text);
  renameSync(next, path);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mode = process.argv[2];
  const path = join(process.cwd(), 'package.json');
  const text = readFileSync(path, 'utf8');
  const pkg = JSON.parse(text);
  const backup = join(tmpdir(), `questboard-prepack-${pkg.name.replace(/\W/g, '_')}.json`);
  if (mode === 'strip') {
    const dev = devOnlyExports(pkg);
    if (dev.length) {
      writeFileSync(backup, text);
      for (const subpath of dev) delete pkg.exports[subpath];
      replaceFile(path, `${JSON.stringify(pkg, null, 2)}\n`);
    }
  } else if (mode === 'restore') {
    if (existsSync(backup)) {
      replaceFile(path, readFileSync(backup, 'utf8'));
      rmSync(backup);
    }
  } else {
    console.error('usage: pack-manifest.mjs strip|restore');
    process.exit(2);
  }
}
