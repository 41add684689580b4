import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, USAGE } from './config.js';
import { createAdminKeyCheck, hashAdminKey } from './secrets.js';

describe('configuration', () => {
  test('defaults, environment, and flags over environment', () => {
    const defaults = loadConfig([], {});
    assert.equal(defaults.port, 8787);
    assert.equal(defaults.host, '127.0.0.1');
    assert.equal(defaults.databaseUrl, undefined);
    assert.equal(defaults.rateLimitIp, 600);
    const config = loadConfig(
      ['--port', '9000', '--data-dir', '/tmp/x', '--campaign', 'a.json', '--campaign', 'b.json'],
      {
        PORT: '1234',
        DATABASE_URL: 'postgres://db/q',
        QUESTBOARD_SIWE_DOMAINS: 'app.example, other.example:8443',
        QUESTBOARD_CHAIN_IDS: '1,8453',
        QUESTBOARD_RPC_URLS: '{"1":"https://rpc.example","8453":["https://a","https://b"]}',
        QUESTBOARD_ISSUER_ENDPOINTS:
          '{"0x70997970C51812dc3A010C7d01b50e0d17dc79C8":"https://other.example/"}',
        QUESTBOARD_RATE_LIMIT_IP: '0',
      },
    );
    assert.equal(config.port, 9000);
    assert.equal(config.databaseUrl, 'postgres://db/q');
    assert.equal(config.dataDir, '/tmp/x');
    assert.deepEqual(config.campaignFiles, ['a.json', 'b.json']);
    assert.deepEqual(config.siweDomains, ['app.example', 'other.example:8443']);
    assert.deepEqual(config.chainIds, [1, 8453]);
    assert.deepEqual(config.rpcUrls, {
      1: ['https://rpc.example'],
      8453: ['https://a', 'https://b'],
    });
    assert.deepEqual(config.issuerEndpoints, {
      '0x70997970c51812dc3a010c7d01b50e0d17dc79c8': 'https://other.example',
    });
    assert.equal(config.rateLimitIp, 0);
  });

  const bad: [string, string[], Record<string, string>, RegExp][] = [
    ['a non-numeric port', ['--port', 'eighty'], {}, /port must be an integer/],
    ['an unknown flag', ['--nope'], {}, /Unknown option/],
    ['a short issuer key', [], { QUESTBOARD_ISSUER_KEY: '0x1234' }, /QUESTBOARD_ISSUER_KEY/],
    [
      'production without an issuer key',
      [],
      { NODE_ENV: 'production' },
      /required when NODE_ENV=production/,
    ],
    [
      'RPC URLs that are not JSON',
      [],
      { QUESTBOARD_RPC_URLS: 'https://x' },
      /QUESTBOARD_RPC_URLS must be JSON/,
    ],
    [
      'a CORS origin with a path',
      [],
      { QUESTBOARD_CORS_ORIGINS: 'https://a.example/path' },
      /not an origin/,
    ],
    ['a bad log level', ['--log-level', 'loud'], {}, /log level/],
    ['workers without PostgreSQL', ['--workers', '2'], {}, /needs DATABASE_URL/],
  ];
  for (const [name, argv, env, message] of bad) {
    test(`refuses ${name}`, () => {
      assert.throws(
        () => loadConfig(argv, env),
        (e: unknown) => e instanceof Error && message.test(e.message),
      );
    });
  }

  test('--help is the usage text', () => {
    assert.throws(
      () => loadConfig(['--help'], {}),
      (e: unknown) => e instanceof ConfigError && e.message === USAGE,
    );
  });

  test('admin keys: SHA-256, constant-time, at least 32 characters; `hash-key` and `generate-key`', () => {
    const key = 'k'.repeat(31) + 'y';
    const hash = hashAdminKey(key);
    assert.match(hash, /^sha256\$[0-9a-f]{64}$/);
    assert.ok(!hash.includes(key));
    const check = createAdminKeyCheck(hash)!;
    assert.equal(check(key), true);
    assert.equal(check(`${key}x`), false);
    assert.equal(check('wrong'), false);
    assert.equal(check(''), false);
    assert.throws(() => createAdminKeyCheck('scrypt$00$11'), /hash-key/);
    assert.throws(() => createAdminKeyCheck('sha256$xyz'), /sha256/);
    assert.throws(
      () => loadConfig([], { QUESTBOARD_ADMIN_KEY: 'short-key' }),
      (e: unknown) => e instanceof ConfigError && /at least 32/.test(e.message),
    );
    assert.throws(
      () => loadConfig([], { QUESTBOARD_ADMIN_KEY_HASH: 'scrypt$aa$bb' }),
      (e: unknown) => e instanceof ConfigError && /hash-key/.test(e.message),
    );
    const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', bin, ...args], {
        encoding: 'utf8',
      });
    const generated = run('generate-key');
    assert.equal(generated.status, 0, generated.stderr);
    const fresh = generated.stdout.trim();
    assert.match(fresh, /^[A-Za-z0-9_-]{43}$/);
    const out = run('hash-key', fresh);
    assert.equal(out.status, 0, out.stderr);
    assert.equal(createAdminKeyCheck(out.stdout.trim())!(fresh), true);
  });
});
