#!/usr/bin/env node
// Makes sure the system programs the tests need are here: Chromium (browser tests) and the
// PostgreSQL server binaries (server tests). Installs them with apt-get when running as root on
// Debian/Ubuntu; otherwise says exactly what to install. Never downloads browsers by itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
let updated = false;

function aptInstall(pkgs) {
  if (!isRoot || !hasApt) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    console.log('[ensure-system] apt-get update');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    updated = true;
  }
  console.log(`[ensure-system] apt-get install -y ${pkgs.join(' ')}`);
  return (
    spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env }).status === 0
  );
}

export function findPgBin() {
  const dirs = [
    process.env.PG_BIN,
    ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`),
  ];
  for (const dir of dirs)
    if (dir && existsSync(`${dir}/initdb`) && existsSync(`${dir}/pg_ctl`)) return dir;
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    if (initdb) return initdb.replace(/\/initdb$/, '');
  } catch {}
  return null;
}

export function ensureSystem({ chromium = true, postgres = true } = {}) {
  const problems = [];
  if (chromium && !findChromium()) {
    aptInstall(['chromium']);
    if (!findChromium())
      problems.push(
        'Chromium: install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH.',
      );
  }
  if (postgres && !findPgBin()) {
    aptInstall(['postgresql']);
    if (!findPgBin())
      problems.push(
        'PostgreSQL server binaries (initdb, pg_ctl): install them (`sudo apt-get install -y postgresql`) or set PG_BIN.',
      );
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = ensureSystem();
  if (problems.length) {
    console.error(`Missing system programs:\n - ${problems.join('\n - ')}`);
    process.exit(1);
  }
  console.log('[ensure-system] Chromium and PostgreSQL are available.');
}
