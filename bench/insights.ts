// The insights views on one million generated events, on PGlite and on PostgreSQL, next to a
// plain `SELECT type, count(*) … GROUP BY type` over the same rows in the same run (the
// baseline: one scan of the campaign's events). Generation is one INSERT … SELECT over
// generate_series (no rows through Node). Median of RUNS each. Last line:
// {"funnel_ms":…,"retention_ms":…,"baseline_ms":…,"ratio":…,"pglite":{…},"postgres":{…}}
// (top level: the store with the larger ratio; ratio = the slower view / the baseline).
import { type Db, openPglite, openPostgres } from '../packages/server/src/db.js';
import { migrate } from '../packages/server/src/migrations.js';
import {
  funnelCounts,
  retentionCounts,
  visitorCounts,
} from '../packages/server/src/store-insights.js';
import { startPostgres } from '../packages/server/src/test/postgres.js';

const EVENTS = Number(process.env.QB_BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.QB_BENCH_RUNS ?? 5);
const TIERS = [
  { id: 'basics', tasks: ['t1', 't2', 't3'], gated: false },
  { id: 'advanced', tasks: ['t4', 't5'], gated: true },
];

/** 1M events (a tier unlocks once per wallet: repeats are dropped) of campaign "bench" (and 10 % of another one) by 50,000 wallets over 60 days. */
async function generate(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO events (campaign_id, type, address, visitor, task_id, tier_id, reason, at)
     SELECT CASE WHEN g % 10 = 0 THEN 'other' ELSE 'bench' END,
       k.type,
       CASE WHEN k.anon THEN NULL ELSE '0x' || lpad(to_hex((g * 7919) % 50000), 40, '0') END,
       CASE WHEN k.anon THEN 'v-' || ((g * 104729) % 80000) ELSE NULL END,
       CASE WHEN k.type IN ('task_started', 'task_verified', 'task_failed')
         THEN 't' || (1 + (g / 13) % 5) END,
       CASE WHEN k.type IN ('tier_unlocked', 'reward_claimed') THEN
         CASE WHEN k.type = 'tier_unlocked' THEN 'advanced' ELSE 'basics' END END,
       CASE WHEN k.type = 'task_failed' THEN (ARRAY['WRONG_ANSWER', 'VERIFY_FAILED', 'INPUT_MISMATCH'])[1 + g % 3] END,
       timestamptz '2026-10-01' + ((g * 31) % (60 * 86400)) * interval '1 second'
     FROM generate_series(1, $1::bigint) AS g,
       LATERAL (SELECT (ARRAY['viewed', 'connected', 'signed_in', 'task_started', 'task_verified',
         'task_verified', 'task_failed', 'tier_unlocked', 'reward_claimed', 'signed_in'])[1 + g % 10] AS type) t,
       LATERAL (SELECT t.type, t.type IN ('viewed', 'connected', 'task_started') AS anon) k
     ON CONFLICT DO NOTHING`,
    [EVENTS],
  );
  // The rollups the views read (migration 9) were filled by the insert's trigger: their
  // statistics too, as autovacuum would have them.
  await db.exec('ANALYZE events, insight_wallets, insight_wallet_days, insight_actors');
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm: plans, caches
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

async function measure(db: Db, name: string) {
  const t0 = performance.now();
  await generate(db);
  const generateMs = Math.round(performance.now() - t0);
  const baseline = await median(() =>
    db.query(`SELECT type, count(*) FROM events WHERE campaign_id = $1 GROUP BY type`, ['bench']),
  );
  const funnel = await median(() =>
    Promise.all([funnelCounts(db, 'bench', TIERS), visitorCounts(db, 'bench')]),
  );
  const retention = await median(() => retentionCounts(db, 'bench'));
  const result = {
    funnel_ms: funnel,
    retention_ms: retention,
    baseline_ms: baseline,
    ratio: Math.round((Math.max(funnel, retention) / baseline) * 100) / 100,
    generate_ms: generateMs,
    events: EVENTS,
  };
  console.log(name, JSON.stringify(result));
  return result;
}

const pglite = await openPglite();
await migrate(pglite);
const onPglite = await measure(pglite, 'pglite');
await pglite.close();

const cluster = await startPostgres();
let onPostgres: Awaited<ReturnType<typeof measure>>;
try {
  const db = await openPostgres(await cluster.createDatabase('bench_insights'));
  await migrate(db);
  onPostgres = await measure(db, 'postgres');
  await db.close();
} finally {
  await cluster.stop();
}
const worst = onPglite.ratio >= onPostgres.ratio ? onPglite : onPostgres;
console.log(
  JSON.stringify({
    funnel_ms: worst.funnel_ms,
    retention_ms: worst.retention_ms,
    baseline_ms: worst.baseline_ms,
    ratio: worst.ratio,
    pglite: onPglite,
    postgres: onPostgres,
  }),
);
