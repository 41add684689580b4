// Compiles Solidity with the solc npm package (soljson inside it: offline), resolving
// `@openzeppelin/contracts/…` imports from node_modules. Shared by the build (the shipped
// contracts) and the tests (the test-only contracts), so both use the same settings.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Compiler settings of every build: the bytecode in src/generated is reproducible from them. */
export const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

export function solcVersion() {
  return require('solc/package.json').version;
}

/** `{ 'contracts/X.sol': { content } }` for every .sol file under `dir` (a package folder). */
export function readSources(dir) {
  const out = {};
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.sol'))
        out[relative(packageDir, path).split(sep).join('/')] = {
          content: readFileSync(path, 'utf8'),
        };
    }
  };
  walk(join(packageDir, dir));
  return out;
}

function findImports(path) {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `File not found: ${path}` };
  }
}

function cacheDir() {
  let dir = packageDir;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'node_modules')))
      return join(dir, 'node_modules', '.cache', 'questboard-contracts');
    dir = dirname(dir);
  }
  return join(tmpdir(), 'questboard-contracts-cache');
}

/**
 * Compiles `sources` and returns `{ ContractName: { abi, bytecode } }` for every contract with
 * bytecode (interfaces and libraries without code are left out). Throws with solc's messages
 * on an error. `cache: true` keeps the artifacts in node_modules/.cache keyed by the input, the
 * imported OpenZeppelin sources and the compiler version (for tests). `onWarning` receives
 * solc's warnings.
 */
export function compile(sources, { cache = false, onWarning } = {}) {
  const input = { language: 'Solidity', sources, settings };
  const ozVersion = require('@openzeppelin/contracts/package.json').version;
  const key = createHash('sha256')
    .update(`${solcVersion()}\n${ozVersion}\n${JSON.stringify(input)}`)
    .digest('hex')
    .slice(0, 20);
  const cacheFile = join(cacheDir(), `${key}.json`);
  if (cache && existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8'));
  const solc = require('solc');
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const problems = (output.errors ?? []).filter((e) => e.severity === 'error');
  for (const w of (output.errors ?? []).filter((e) => e.severity !== 'error'))
    onWarning?.(w.formattedMessage);
  if (problems.length > 0)
    throw new Error(
      `solc ${solcVersion()} failed:\n${problems.map((e) => e.formattedMessage).join('\n')}`,
    );
  const artifacts = {};
  for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
    if (!(file in sources)) continue;
    for (const [name, c] of Object.entries(contracts)) {
      if (!c.evm.bytecode.object) continue;
      artifacts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  if (cache) {
    mkdirSync(cacheDir(), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(artifacts));
  }
  return artifacts;
}
