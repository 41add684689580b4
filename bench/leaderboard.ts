// bench:leaderboard — the leaderboard's queries on a million ledger rows, on PostgreSQL and on
// embedded PGlite, against a plain `ORDER BY … LIMIT` over the same rows in the same run.
//
// Data: 1,000,000 ledger rows (completions + points_ledger, the period trigger on) spread over
// 100,000 wallets, their totals in points_totals — what the server writes. Measured (median of
// N runs each): page 1, a deep keyset page (the page after rank 90,000, its cursor read first),
// and the rank of one address near the bottom — each with the server's own functions
// (store-leaderboard.ts) — vs the baseline a schema without the maintained totals and index
// needs: aggregate the ledger per wallet and `ORDER BY … LIMIT` (OFFSET for the deep page, a
// window count for the rank).
// Last line: {"postgres":{…},"pglite":{…}} with per-query ms and the baseline/ours ratio.
// QB_BENCH_ROWS overrides the ledger size (PGlite seeding a million rows takes minutes).
import { loadavg } from 'node:os';
import { type Db, openPglite, openPostgres } from '../packages/server/src/db.js';
import { migrate } from '../packages/server/src/migrations.js';
import { boardPage, rankOf } from '../packages/server/src/store-leaderboard.js';
import { startPostgres } from '../packages/server/src/test/postgres.js';

const ROWS = Number(process.env.QB_BENCH_ROWS ?? 1_000_000);
const WALLETS = Math.max(10, Math.floor(ROWS / 10));
const RUNS = Number(process.env.QB_BENCH_RUNS ?? 7);
const CAMPAIGN = 'bench';
const board = { campaignId: CAMPAIGN, unit: 'all' as const };

async function seed(db: Db) {
  await migrate(db);
  await db.query(
    `INSERT INTO campaigns (id, body, etag) VALUES ($1, '{"schemaVersion":1,"id":"bench","title":"b","tiers":[]}', 'x')`,
    [CAMPAIGN],
  );
  // Only the all-time board is measured: the per-period trigger is off while seeding (it would
  // make a million-row seed take many minutes on a shared 2-core machine).
  await db.exec('ALTER TABLE points_ledger DISABLE TRIGGER points_ledger_periods');
  const chunk = 100_000;
  for (let from = 0; from < ROWS; from += chunk) {
    const to = Math.min(ROWS, from + chunk);
    await db.query(
      `WITH c AS (
         INSERT INTO completions (campaign_id, task_id, address, points, completed_at)
         SELECT $1, 't' || (i / $4), '0x' || lpad(to_hex(i % $4), 40, '0'), 1 + ((i::bigint * 7919) % 50)::int,
                timestamptz '2026-11-01' + i * interval '1 second'
           FROM generate_series($2::int, $3::int - 1) AS i
         RETURNING id, address, points
       )
       INSERT INTO points_ledger (campaign_id, address, delta, reason, completion_id)
       SELECT $1, address, points, 'bench', id FROM c`,
      [CAMPAIGN, from, to, WALLETS],
    );
  }
  await db.query(
    `INSERT INTO points_totals (campaign_id, address, points, updated_at)
     SELECT l.campaign_id, l.address, sum(l.delta), max(c.completed_at)
       FROM points_ledger l JOIN completions c ON c.id = l.completion_id
      WHERE l.campaign_id = $1 GROUP BY 1, 2`,
    [CAMPAIGN],
  );
  await db.exec('ALTER TABLE points_ledger ENABLE TRIGGER points_ledger_periods');
  await db.exec('VACUUM ANALYZE');
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 100) / 100;
}

const AGG = `SELECT l.address, sum(l.delta) AS points, max(c.completed_at) AS reached
               FROM points_ledger l JOIN completions c ON c.id = l.completion_id
              WHERE l.campaign_id = $1 GROUP BY l.address`;

async function measure(db: Db) {
  const deepRank = Math.floor(WALLETS * 0.9);
  // The cursor of the page after `deepRank` (walking there once, page by page, is not timed).
  let after = (await boardPage(db, board, undefined, 100, false)).next;
  for (let r = 100; r < deepRank && after; r += 100)
    after = (await boardPage(db, board, after, 100, false)).next;
  const deep = after!;
  const bottom = (await boardPage(db, board, deep, 1, false)).entries[0]!.address;
  const ours = {
    page1_ms: await median(() => boardPage(db, board, undefined, 50, true)),
    deep_page_ms: await median(() => boardPage(db, board, deep, 50, false)),
    rank_ms: await median(() => rankOf(db, board, bottom)),
  };
  const plain = {
    page1_ms: await median(() =>
      db.query(`${AGG} ORDER BY points DESC, reached, lower(l.address) LIMIT 50`, [CAMPAIGN]),
    ),
    deep_page_ms: await median(() =>
      db.query(`${AGG} ORDER BY points DESC, reached, lower(l.address) OFFSET $2 LIMIT 50`, [
        CAMPAIGN,
        deepRank,
      ]),
    ),
    rank_ms: await median(() =>
      db.query(
        `SELECT rank FROM (SELECT address, row_number() OVER (ORDER BY points DESC, reached, lower(address)) AS rank
           FROM (${AGG}) a) r WHERE address = $2`,
        [CAMPAIGN, bottom],
      ),
    ),
  };
  const ratio = (k: keyof typeof ours) =>
    Math.round((plain[k] / Math.max(ours[k], 0.01)) * 10) / 10;
  return {
    ledger_rows: ROWS,
    wallets: WALLETS,
    ours,
    plain_order_by_limit: plain,
    speedup: { page1: ratio('page1_ms'), deep_page: ratio('deep_page_ms'), rank: ratio('rank_ms') },
  };
}

const result: Record<string, unknown> = { load: loadavg()[0]?.toFixed(2) };
const postgres = await startPostgres();
try {
  const db = await openPostgres(await postgres.createDatabase('bench_leaderboard'));
  const t = performance.now();
  await seed(db);
  console.error(`postgres: seeded ${ROWS} rows in ${Math.round(performance.now() - t)} ms`);
  result.postgres = await measure(db);
  console.error(JSON.stringify(result.postgres));
  await db.close?.();
} finally {
  postgres.stop();
}
{
  const db = await openPglite();
  const t = performance.now();
  await seed(db);
  console.error(`pglite: seeded ${ROWS} rows in ${Math.round(performance.now() - t)} ms`);
  result.pglite = await measure(db);
  await db.close?.();
}
console.log(JSON.stringify(result));
