#!/usr/bin/env node
// Checks the packages the way a consumer meets them, from the tarballs `npm pack` makes (the
// package list comes from the root `workspaces`, so a new package is checked without edits):
// - honest tarballs: README and LICENSE; no tests, test helpers, test contracts, type tests or
//   stories; every export target packed; every source map's sources either packed or embedded;
// - publint (on the tarball) and attw (`@arethetypeswrong/cli`, ESM-only profile: these
//   packages ship ES modules only) clean for every entry point;
// - the template types (elements.generated.ts) still match custom-elements.json;
// - importing each package's npm entry in plain Node (SSR-safe: no DOM at import time).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll, publishedPackages } from './pack.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const exec = promisify(execFile);
let failed = false;
const problem = (name, text) => {
  console.error(`✖ ${name}: ${text}`);
  failed = true;
};

/** The files of a .tgz: Map path (without `package/`) → Buffer. */
function untar(tarball) {
  const data = gunzipSync(readFileSync(tarball));
  const files = new Map();
  for (let offset = 0; offset + 512 <= data.length; ) {
    const header = data.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(header.subarray(124, 136).toString('utf8').trim() || '0', 8);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^package\//, '');
    files.set(path, data.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Paths that are tests or test-only material and must never ship. */
const TEST_ONLY = [
  /(^|\/)[^/]+\.test(-d)?\.[cm]?[jt]sx?$/,
  /(^|\/)[^/]+\.test\.d\.ts$/,
  /(^|\/)[^/]+\.stories\.[jt]sx?$/,
  /^(src|dist)\/test\//,
  /^test\//,
  /^test-contracts\//,
];

/** Every concrete file an export points to (wildcards skipped). */
function exportTargets(exp, out = []) {
  if (typeof exp === 'string') {
    if (!exp.includes('*')) out.push(exp.replace(/^\.\//, ''));
  } else if (exp && typeof exp === 'object')
    for (const v of Object.values(exp)) exportTargets(v, out);
  return out;
}

const checkGenerated = exec('node', [join(root, 'scripts/gen-element-types.mjs'), '--check']).then(
  ({ stdout }) => console.log(`@questboard/elements: ${stdout.trim()}`),
  (error) => problem('@questboard/elements', (error.stderr || error.message).trim()),
);

const out = mkdtempSync(join(tmpdir(), 'questboard-pack-'));
try {
  const packed = await packAll(out);
  for (const { name, tarball } of packed) {
    const files = untar(tarball);
    const pkg = JSON.parse(files.get('package.json').toString('utf8'));
    for (const required of ['README.md', 'LICENSE'])
      if (!files.has(required)) problem(name, `the tarball has no ${required}`);
    const tests = [...files.keys()].filter((f) => TEST_ONLY.some((re) => re.test(f)));
    if (tests.length) problem(name, `test-only files in the tarball:\n    ${tests.join('\n    ')}`);
    for (const [subpath, target] of Object.entries(pkg.exports ?? {}))
      for (const file of exportTargets(target))
        if (!files.has(file))
          problem(name, `export "${subpath}" points to ${file}, which is not packed`);
    // Source maps: each source either ships in the tarball or is embedded (sourcesContent).
    for (const [file, body] of files) {
      if (!file.endsWith('.map')) continue;
      const map = JSON.parse(body.toString('utf8'));
      const dir = file.split('/').slice(0, -1);
      map.sources.forEach((source, i) => {
        if (map.sourcesContent?.[i] != null) return;
        const parts = [...dir];
        for (const part of `${map.sourceRoot ?? ''}${source}`.split('/')) {
          if (part === '..') parts.pop();
          else if (part && part !== '.') parts.push(part);
        }
        if (!files.has(parts.join('/')))
          problem(name, `${file} maps to ${source}, which is neither packed nor embedded`);
      });
    }
    console.log(`${name}: ${files.size} files packed, no test material, maps resolvable`);
  }

  // publint and attw on the tarballs, two at a time.
  const queue = [...packed];
  const lint = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const { name, tarball, dir } = item;
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const bytes = readFileSync(tarball);
      const { messages } = await publint({
        // pkgDir unset: publint reads the unpacked tarball.
        pack: {
          tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        },
        level: 'suggestion',
        strict: true,
      });
      for (const message of messages)
        problem(name, `publint [${message.type}] ${formatMessage(message, pkg)}`);
      if (!messages.length) console.log(`${name}: publint clean`);
      try {
        await exec(
          join(root, 'node_modules/.bin/attw'),
          ['--profile', 'esm-only', '--format', 'ascii', '--no-color', tarball],
          {
            cwd: out,
            maxBuffer: 64 * 1024 * 1024,
          },
        );
        console.log(`${name}: attw clean for every entry point`);
      } catch (error) {
        problem(name, `attw found problems:\n${error.stdout || error.message}`);
      }
    }
  };
  await Promise.all([lint(), lint()]);
} finally {
  rmSync(out, { recursive: true, force: true });
}
await checkGenerated;

for (const { pkg } of publishedPackages()) {
  try {
    await import(pkg.name);
    // Define files register elements: in Node (SSR) they must do nothing, not throw.
    if (pkg.exports['./define.js']) await import(`${pkg.name}/define.js`);
    if (pkg.exports['./react']) await import(`${pkg.name}/react`);
    console.log(`${pkg.name}: imports in Node without a DOM`);
  } catch (error) {
    problem(pkg.name, `importing it in Node threw: ${error.stack ?? error}`);
  }
}
console.log(failed ? '\npackage checks failed' : '\npackage checks passed');
process.exit(failed ? 1 : 0);
