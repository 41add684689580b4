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
// Test-only (this harness, never the shipped server): bulk points for the leaderboard's browser
// test — `count` wallets 0x…0001, 0x…0002, … with points 1 + (i × 7919 mod 1000) reached at
// 2026-01-01T00:00:00Z + (i mod 60) s — in one statement through the ledger (its trigger fills
// the period boards) and the totals. Admin key required.
server.app.post('/__test/points', async (c) => {
  if (c.req.header('authorization') !== `Bearer ${adminKey}`) return c.json({}, 401);
  const { campaignId, count } = (await c.req.json()) as { campaignId: string; count: number };
  await server.db.query(
    `WITH w AS (
       SELECT i, '0x' || lpad(to_hex(i), 40, '0') AS address, 1 + (i * 7919) % 1000 AS points,
              timestamptz '2026-01-01T00:00:00Z' + (i % 60) * interval '1 second' AS at
         FROM generate_series(1, $2::int) AS i
     ), c AS (
       INSERT INTO completions (campaign_id, task_id, address, points, completed_at)
       SELECT $1, 'seed', address, points, at FROM w RETURNING id, address, points, completed_at
     ), l AS (
       INSERT INTO points_ledger (campaign_id, address, delta, reason, completion_id)
       SELECT $1, address, points, 'task:seed', id FROM c
     )
     INSERT INTO points_totals (campaign_id, address, points, updated_at)
     SELECT $1, address, points, completed_at FROM c`,
    [campaignId, count],
  );
  return c.json({ ok: true });
});
process.stdout.write(`${JSON.stringify({ url: server.url, adminKey })}\n`);
const stop = () => void server.close(500).finally(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
