// Issue 15 item 6: the insights rollups (migration 9: insight_wallets, insight_wallet_days,
// insight_actors) that the statement trigger on `events` keeps equal what they summarise.
// Each check recomputes them here from `events` (SQL written independently of
// `insightRollups`) after random inserts, after the migration's backfill of events logged
// before it, and after 40 concurrent transactions. Real PGlite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type Db, openPglite, openPostgres } from './db.js';
import { type EventInput, type EventType, recordEvent } from './events.js';
import { MIGRATIONS, migrate } from './migrations.js';
import type { Store } from './test/helpers.js';
import { startPostgres, type TestPostgres } from './test/postgres.js';

let postgres: TestPostgres | undefined;
after(() => postgres?.stop());

let dbCount = 0;
/** A fresh database; `upTo` applies only the migrations up to that version. */
async function open(store: Store, upTo?: number): Promise<Db> {
  let db: Db;
  if (store === 'postgres') {
    postgres ??= await startPostgres();
    db = await openPostgres(await postgres.createDatabase(`rollups_${dbCount++}`), { max: 20 });
  } else db = await openPglite();
  if (upTo === undefined) await migrate(db);
  else
    await db.transaction(async (tx) => {
      await tx.exec(
        'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const m of MIGRATIONS.filter((m) => m.version <= upTo)) {
        await tx.exec(m.sql);
        await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
      }
    });
  return db;
}

/** A seeded PRNG (mulberry32), so a failure replays. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: readonly EventType[] = [
  'viewed',
  'connected',
  'signed_in',
  'task_started',
  'task_verified',
  'task_failed',
  'tier_unlocked',
  'reward_claimed',
  'referral_bound',
  'streak_extended',
];
const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);

/** Random events over 2 campaigns, 30 wallets, 20 visitors, 40 days (times in any order, some null subjects and addresses). */
function generator(seed: number) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const unlocked = new Set<string>();
  return (): EventInput => {
    const campaignId = pick(['alpha', 'beta']);
    const type = pick(TYPES);
    const anon = type === 'viewed' || type === 'connected' || type === 'task_started';
    let address: string | null = anon
      ? null
      : `0x${Math.floor(rand() * 30)
          .toString(16)
          .padStart(40, '0')}`;
    if (!anon && rand() < 0.08) address = null;
    const tier =
      type === 'tier_unlocked' || type === 'reward_claimed' ? pick(['t-a', 't-b']) : null;
    // A tier unlocks once per wallet (unique index): a repeat is logged without its wallet.
    if (type === 'tier_unlocked' && address) {
      const key = `${campaignId} ${tier} ${address}`;
      if (unlocked.has(key)) address = null;
      else unlocked.add(key);
    }
    // So is a referee's referral_bound per campaign (migration 11's unique index).
    if (type === 'referral_bound' && address) {
      const key = `${campaignId} bound ${address}`;
      if (unlocked.has(key)) address = null;
      else unlocked.add(key);
    }
    return {
      campaignId,
      type,
      address,
      visitor: anon && rand() < 0.95 ? `v-${Math.floor(rand() * 20)}` : null,
      task: type.startsWith('task_') && rand() < 0.95 ? pick(['q1', 'q2', 'q3']) : null,
      tier,
      reason: type === 'task_failed' ? 'WRONG_ANSWER' : null,
      at: new Date(START + Math.floor(rand() * 40 * DAY)),
    };
  };
}

type Row = Record<string, unknown>;
const text = (rows: Row[]) =>
  rows.map((r) => JSON.stringify(Object.values(r).map((v) => (v === null ? null : String(v)))));

/** The rollups as stored, and as recomputed from `events`, in one canonical order. */
async function rollupsVsEvents(db: Db) {
  const q = async (sql: string) => text(await db.query<Row>(sql));
  return {
    stored: {
      wallets: await q(
        `SELECT campaign_id, address, to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS first_at,
           first_day::text AS first_day FROM insight_wallets ORDER BY 1, 2`,
      ),
      days: await q(
        'SELECT campaign_id, address, day::text FROM insight_wallet_days ORDER BY 1, 2, 3',
      ),
      actors: await q(
        `SELECT campaign_id, type, subject, actor, events FROM insight_actors
         ORDER BY 1, 2, 3 NULLS FIRST, 4 NULLS FIRST`,
      ),
    },
    recomputed: {
      wallets: await q(
        `SELECT campaign_id, address, to_char(min(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS first_at,
           to_char(min(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS first_day
         FROM events WHERE address IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      days: await q(
        `SELECT DISTINCT campaign_id, address, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
         FROM events WHERE address IS NOT NULL ORDER BY 1, 2, 3`,
      ),
      actors: await q(
        `SELECT campaign_id, type, subject, actor, count(*) FILTER (WHERE actor IS NULL)
           + (count(*) FILTER (WHERE actor IS NOT NULL) > 0)::int AS events
         FROM (
           SELECT campaign_id, type,
             CASE WHEN type = 'task_verified' THEN task_id
               WHEN type IN ('tier_unlocked', 'reward_claimed') THEN tier_id END AS subject,
             CASE WHEN type IN ('viewed', 'connected') THEN visitor ELSE address END AS actor
           FROM events
         ) e
         WHERE type IN ('viewed', 'connected', 'signed_in', 'task_verified', 'tier_unlocked', 'reward_claimed')
           AND (actor IS NOT NULL OR type IN ('task_verified', 'tier_unlocked'))
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 NULLS FIRST, 4 NULLS FIRST`,
      ),
    },
  };
}

async function assertRollupsMatch(db: Db, minEvents: number) {
  const { stored, recomputed } = await rollupsVsEvents(db);
  assert.ok(recomputed.wallets.length > 0 && recomputed.actors.length > 0);
  const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  assert.ok(count!.n >= minEvents, `${count!.n} events`);
  assert.deepEqual(stored.wallets, recomputed.wallets);
  assert.deepEqual(stored.days, recomputed.days);
  assert.deepEqual(stored.actors, recomputed.actors);
}

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`insights rollups on ${store}`, () => {
    test('random inserts (batches of 1 to 40 events, back-dated ones too) → rollups equal a recomputation from events', async () => {
      const db = await open(store);
      try {
        const next = generator(15);
        let total = 0;
        for (let round = 0; round < 60; round++) {
          const size = round % 5 === 0 ? 1 : 1 + ((round * 7) % 40);
          const batch = Array.from({ length: size }, next);
          // Some rounds inside a transaction with another statement, as the server does.
          if (round % 3 === 0)
            await db.transaction(async (tx) => {
              await tx.query('SELECT 1');
              await recordEvent(tx, ...batch);
            });
          else await recordEvent(db, ...batch);
          total += size;
          if (round % 20 === 19) await assertRollupsMatch(db, total);
        }
        // An insert of no rows (a sign-in naming no campaign) changes nothing.
        await db.query('INSERT INTO events (campaign_id, type) SELECT $1, $2 WHERE false', [
          'alpha',
          'viewed',
        ]);
        await assertRollupsMatch(db, total);
        // A rolled-back insert leaves no rollup behind.
        await assert.rejects(
          db.transaction(async (tx) => {
            await recordEvent(tx, {
              campaignId: 'gamma',
              type: 'signed_in',
              address: `0x${'9'.repeat(40)}`,
            });
            throw new Error('roll back');
          }),
          /roll back/,
        );
        const gamma = await db.query(
          "SELECT 1 FROM insight_wallets WHERE campaign_id = 'gamma' UNION ALL SELECT 1 FROM insight_actors WHERE campaign_id = 'gamma'",
        );
        assert.equal(gamma.length, 0);
        await assertRollupsMatch(db, total);
      } finally {
        await db.close();
      }
    });

    test('migration 9 backfills the events logged before it, and the trigger continues from there', async () => {
      const db = await open(store, 8);
      try {
        const next = generator(99);
        const before = Array.from({ length: 400 }, next);
        for (let i = 0; i < before.length; i += 50)
          await recordEvent(db, ...before.slice(i, i + 50));
        assert.deepEqual(
          await migrate(db),
          MIGRATIONS.filter((m) => m.version > 8).map((m) => m.version),
        );
        await assertRollupsMatch(db, 400);
        for (let i = 0; i < 10; i++) await recordEvent(db, ...Array.from({ length: 20 }, next));
        await assertRollupsMatch(db, 600);
      } finally {
        await db.close();
      }
    });

    test('40 concurrent transactions inserting overlapping events → no deadlock, exact counts', async () => {
      const db = await open(store);
      try {
        const wallets = Array.from(
          { length: 12 },
          (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`,
        );
        const runs = 40;
        const perRun = 24;
        await Promise.all(
          Array.from({ length: runs }, (_, r) =>
            db.transaction(async (tx) => {
              // The same wallets, days and actors in a different order in each transaction,
              // times earlier than the ones already in (first_at moves back).
              const events: EventInput[] = Array.from({ length: perRun }, (_, i) => {
                const address = wallets[(i * 5 + r * 7) % wallets.length]!;
                const type = (['signed_in', 'task_verified', 'reward_claimed', 'viewed'] as const)[
                  (i + r) % 4
                ]!;
                return {
                  campaignId: 'race',
                  type,
                  address: type === 'viewed' ? null : address,
                  visitor: type === 'viewed' ? `v-${(i + r) % 9}` : null,
                  task: type === 'task_verified' ? `q${(i + r) % 3}` : null,
                  tier: type === 'reward_claimed' ? 't-a' : null,
                  at: new Date(START + ((runs - r) * 7 + i) * 3_600_000),
                };
              });
              await tx.query('SELECT 1');
              await recordEvent(tx, ...events);
              await tx.query('SELECT 1');
            }),
          ),
        );
        await assertRollupsMatch(db, runs * perRun);
        const [w] = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM insight_wallets WHERE campaign_id = 'race'",
        );
        assert.equal(w!.n, wallets.length);
        // Null-actor counts add up exactly under concurrency.
        await Promise.all(
          Array.from({ length: runs }, (_, r) =>
            db.transaction((tx) =>
              recordEvent(
                tx,
                ...Array.from({ length: 1 + (r % 3) }, () => ({
                  campaignId: 'race',
                  type: 'task_verified' as const,
                  task: 'q0',
                })),
              ),
            ),
          ),
        );
        const [nulls] = await db.query<{ n: string }>(
          "SELECT events::text AS n FROM insight_actors WHERE campaign_id = 'race' AND type = 'task_verified' AND subject = 'q0' AND actor IS NULL",
        );
        assert.equal(
          Number(nulls!.n),
          Array.from({ length: runs }, (_, r) => 1 + (r % 3)).reduce((a, b) => a + b),
        );
        await assertRollupsMatch(db, runs * perRun);
      } finally {
        await db.close();
      }
    });
  });
}
