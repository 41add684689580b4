// Started by web-test-runner's `questboard-server` plugin (web-test-runner.config.mjs) as
// `node --conditions=source --import tsx`: the reference server on 127.0.0.1 for browser tests,
// PGlite in memory, accepting the test page's origin (argv[2]) for CORS and SIWE. Prints one
// JSON line `{ url, adminKey }`; stops when its stdin closes (the test run ended).
import { randomBytes } from 'node:crypto';
import { defineConfig, startServer } from '@questboard/server';

const origin = process.argv[2] ?? 'http://localhost:8000';
const origins = [origin, origin.replace('//localhost:', '//127.0.0.1:')];
const adminKey = randomBytes(24).toString('hex');
const server = await startServer(
  defineConfig({
    port: 0,
    host: '127.0.0.1',
    adminKey,
    corsOrigins: origins,
    siweDomains: origins.map((o) => new URL(o).host),
    rateLimitIp: 0,
    rateLimitAddress: 0,
    logLevel: 'silent',
  }),
);
process.stdout.write(`${JSON.stringify({ url: server.url, adminKey })}\n`);
const stop = () => void server.close(500).finally(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
