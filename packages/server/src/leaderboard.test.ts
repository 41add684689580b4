// The leaderboard on the real server (PGlite and PostgreSQL, real HTTP on 127.0.0.1): order and
// ties, keyset pages that neither skip nor repeat under concurrent inserts, the rank of an
// off-page wallet, period boards in the campaign's time zone, and bad cursors refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Credential,
  compareStandings,
  type LeaderboardStanding,
  periodOf,
  type ScheduleUnit,
} from '@questboard/core';
import fc from 'fast-check';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { RunningServer } from './server.js';
import { insertCompletion } from './store.js';
import {
  accounts,
  call,
  createCampaign,
  ledgerMatchesTotals,
  type Store,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';
import { startPostgres, type TestPostgres } from './test/postgres.js';

let postgres: TestPostgres | undefined;
after(() => postgres?.stop());

/** Noon UTC, Wednesday 15 July 2026: the server's clock. */
const NOW = Date.UTC(2026, 6, 15, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let seq = 0;
/** A completion written through the store's own insert (ledger, totals and period totals). */
async function seed(
  server: RunningServer,
  campaignId: string,
  address: `0x${string}`,
  points: number,
  at: number,
) {
  seq++;
  const ok = await insertCompletion(server.db, {
    campaignId,
    taskId: `t${seq}`,
    address,
    points,
    period: '',
    input: null,
    at: new Date(at),
    credential: {} as Credential,
    credentialUid: `0x${seq.toString(16).padStart(64, '0')}`,
    issuer: accounts[0]!.address,
  });
  assert.ok(ok);
}

const randomAddress = () => privateKeyToAccount(generatePrivateKey()).address;

/**
 * A GET, sent again once when the pooled keep-alive socket was closed under it: seeding on
 * PGlite runs in this process and can hold the event loop past the server's keep-alive
 * timeout, so the client's first reuse of that socket fails before reaching the server (a GET,
 * safe to repeat; a server error would be a status, not this).
 */
const get = <T>(server: RunningServer, path: string) =>
  call<T>(server, 'GET', path).catch((error: unknown) => {
    if (error instanceof TypeError && error.message === 'fetch failed')
      return call<T>(server, 'GET', path);
    throw error;
  });

interface Page {
  entries: { rank: number; address: string; points: number }[];
  next?: string;
  total?: number;
  me?: { rank: number; address: string; points: number } | null;
  key?: string;
}

/** Every page of a board, following `next`; `between` runs before each later page. */
async function allPages(
  server: RunningServer,
  path: string,
  between: () => Promise<unknown> = async () => {},
): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const reply = await get<Page>(
      server,
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
    );
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    pages.push(reply.body);
    cursor = reply.body.next;
    if (cursor) await between();
  } while (cursor);
  return pages;
}

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`leaderboard on ${store}`, () => {
    let server: RunningServer;
    const clock = { now: NOW };
    before(async () => {
      postgres ??= store === 'postgres' ? await startPostgres() : undefined;
      const databaseUrl =
        postgres && store === 'postgres' ? await postgres.createDatabase('lb') : undefined;
      server = await startTestServer({ databaseUrl }, { now: () => clock.now });
      await createCampaign(server, await testCampaign());
      await createCampaign(server, await testCampaign({ id: 'big' }));
      await createCampaign(server, await testCampaign({ id: 'tz', timeZone: 'Asia/Kolkata' }));
      await createCampaign(server, await testCampaign({ id: 'ist', timeZone: 'Asia/Kolkata' }));
    });
    after(() => server.close());

    test('verifies over HTTP rank by points, then who got there first, then address', async () => {
      const [a, b, c] = [accounts[1]!, accounts[2]!, accounts[3]!];
      const tokens = await Promise.all([a, b, c].map((w) => signIn(server, w)));
      const verify = (i: number, task: string, body: unknown = {}) =>
        call(server, 'POST', `/campaigns/demo/tasks/${task}/verify`, { token: tokens[i], body });
      // b and c reach 5 at the same instant (tie → lower address first); a reaches 5 later.
      for (const i of [1, 2]) assert.equal((await verify(i, 'visit-docs')).body.ok, true);
      clock.now = NOW + 1000;
      assert.equal((await verify(0, 'visit-docs')).body.ok, true);
      // c overtakes with the quiz (15).
      assert.equal((await verify(2, 'quiz-capital', { input: 'Paris' })).body.ok, true);
      clock.now = NOW;
      const board = await call<Page>(
        server,
        'GET',
        `/campaigns/demo/leaderboard?address=${a.address.toLowerCase()}`,
      );
      assert.equal(board.status, 200);
      assert.deepEqual(board.body.entries, [
        { rank: 1, address: c.address, points: 15 },
        // b reached 5 before a, whatever their addresses.
        { rank: 2, address: b.address, points: 5 },
        { rank: 3, address: a.address, points: 5 },
      ]);
      assert.equal(board.body.total, 3);
      assert.equal(board.body.next, undefined);
      assert.deepEqual(board.body.me, { rank: 3, address: a.address, points: 5 });
      assert.ok(await ledgerMatchesTotals(server.db));
      // The same instant and points: the lower-case address decides.
      const [x, y] = [randomAddress(), randomAddress()].sort((p, q) =>
        p.toLowerCase() < q.toLowerCase() ? -1 : 1,
      );
      await seed(server, 'tz', y!, 7, NOW - HOUR);
      await seed(server, 'tz', x!, 7, NOW - HOUR);
      const tie = await call<Page>(server, 'GET', '/campaigns/tz/leaderboard');
      assert.deepEqual(
        tie.body.entries.map((e) => e.address),
        [x, y],
      );
    });

    test('keyset pages cover the board exactly once, in the core order, with exact ranks', async () => {
      const standings: LeaderboardStanding[] = [];
      for (let i = 0; i < 240; i++) {
        const address = randomAddress();
        // Few distinct totals and instants: many ties on both.
        const points = 1 + (i % 7);
        const reachedAt = NOW - DAY - (i % 3) * 1000;
        standings.push({ address, points, reachedAt });
        await seed(server, 'big', address, points, reachedAt);
      }
      standings.sort(compareStandings);
      const pages = await allPages(server, '/campaigns/big/leaderboard?limit=37');
      assert.equal(pages.length, Math.ceil(240 / 37));
      assert.equal(pages[0]!.total, 240);
      assert.equal(pages[1]!.total, undefined);
      const entries = pages.flatMap((p) => p.entries);
      assert.deepEqual(
        entries,
        standings.map((s, i) => ({ rank: i + 1, address: s.address, points: s.points })),
      );

      // An off-page wallet's own rank, folded into page 1 and from the rank route.
      const deep = standings[201]!;
      const first = await call<Page>(
        server,
        'GET',
        `/campaigns/big/leaderboard?limit=5&address=${deep.address}`,
      );
      assert.equal(first.body.entries.length, 5);
      assert.deepEqual(first.body.me, { rank: 202, address: deep.address, points: deep.points });
      const rank = await call(
        server,
        'GET',
        `/campaigns/big/leaderboard/rank?address=${deep.address}`,
      );
      assert.deepEqual(rank.body, {
        period: 'all',
        entry: { rank: 202, address: deep.address, points: deep.points },
      });
      const nobody = randomAddress();
      assert.equal(
        (await call(server, 'GET', `/campaigns/big/leaderboard?address=${nobody}`)).body.me,
        null,
      );
      assert.equal(
        (await call(server, 'GET', `/campaigns/big/leaderboard/rank?address=${nobody}`)).body.entry,
        null,
      );
    });

    test('pages never skip or repeat a wallet while others are inserted concurrently', async () => {
      const before = (await allPages(server, '/campaigns/big/leaderboard?limit=100')).flatMap((p) =>
        p.entries.map((e) => e.address),
      );
      const inserted = new Set<string>();
      let n = 0;
      // Between pages, new wallets land everywhere in the order (top, middle, bottom), at once.
      const pages = await allPages(server, '/campaigns/big/leaderboard?limit=23', () =>
        Promise.all(
          [8, 4, 1].map(async (points) => {
            const address = randomAddress();
            inserted.add(address);
            await seed(server, 'big', address, points, NOW - DAY + n++);
          }),
        ),
      );
      const seen = pages.flatMap((p) => p.entries.map((e) => e.address));
      assert.equal(new Set(seen).size, seen.length, 'no wallet twice');
      const shown = new Set(seen);
      for (const address of before) assert.ok(shown.has(address), `${address} not skipped`);
      for (const address of seen) assert.ok(before.includes(address) || inserted.has(address));
      assert.ok(await ledgerMatchesTotals(server.db));
    });

    test('period boards count only the period, in the campaign time zone; cursors keep their board', async () => {
      // Asia/Kolkata is UTC+5:30: NOW (12:00 UTC) is 17:30 local on 15 July; 18:40 UTC on
      // the 14th is 00:10 local on the 15th (today), 18:20 UTC is 23:50 on the 14th.
      const [today, yesterday, lastMonth] = [randomAddress(), randomAddress(), randomAddress()];
      await seed(server, 'ist', today, 3, Date.UTC(2026, 6, 14, 18, 40));
      await seed(server, 'ist', yesterday, 4, Date.UTC(2026, 6, 14, 18, 20));
      await seed(server, 'ist', yesterday, 1, Date.UTC(2026, 6, 13, 12));
      await seed(server, 'ist', lastMonth, 9, Date.UTC(2026, 5, 20, 12));
      const day = await call<Page & { start: string; end: string }>(
        server,
        'GET',
        '/campaigns/ist/leaderboard?period=day',
      );
      assert.equal(day.body.key, '2026-07-15');
      assert.equal(day.body.start, '2026-07-14T18:30:00.000Z');
      assert.equal(day.body.end, '2026-07-15T18:30:00.000Z');
      assert.deepEqual(day.body.entries, [{ rank: 1, address: today, points: 3 }]);
      const week = await call<Page>(server, 'GET', '/campaigns/ist/leaderboard?period=week');
      assert.equal(week.body.key, '2026-W2026-07-13');
      const inWeek = Object.fromEntries(week.body.entries.map((e) => [e.address, e.points]));
      assert.equal(inWeek[yesterday], 5);
      assert.equal(inWeek[today], 3);
      assert.equal(inWeek[lastMonth], undefined);
      const all = await call<Page>(
        server,
        'GET',
        `/campaigns/ist/leaderboard?address=${lastMonth}`,
      );
      assert.deepEqual(all.body.me, { rank: 1, address: lastMonth, points: 9 });
      const month = await call<Page>(
        server,
        'GET',
        `/campaigns/ist/leaderboard?period=month&limit=1&address=${lastMonth}`,
      );
      assert.equal(month.body.key, '2026-07');
      assert.equal(month.body.me, null);
      // A cursor keeps to the period it started on after the period turns.
      const cursor = month.body.next!;
      assert.ok(cursor);
      clock.now = Date.UTC(2026, 7, 2);
      const later = await call<Page>(
        server,
        'GET',
        `/campaigns/ist/leaderboard?period=month&cursor=${cursor}`,
      );
      clock.now = NOW;
      assert.equal(later.status, 200);
      assert.equal(later.body.key, '2026-07');
      assert.equal(later.body.entries[0]?.rank, 2);
    });

    test('bad cursors, periods and addresses are 400s naming the field', async () => {
      const one = await call<Page>(server, 'GET', '/campaigns/big/leaderboard?limit=1');
      const cases: [string, string][] = [
        ['cursor=not-a-cursor', 'cursor'],
        [`cursor=${Buffer.from('[1,2,3]').toString('base64url')}`, 'cursor'],
        [
          `cursor=${Buffer.from(JSON.stringify(['all', '', 5, '1x', '0x'])).toString('base64url')}`,
          'cursor',
        ],
        [`cursor=${'A'.repeat(5000)}`, 'cursor'],
        [`period=day&cursor=${one.body.next}`, 'cursor'],
        ['period=year', 'period'],
        ['address=0x123', 'address'],
        ['limit=101', 'limit'],
      ];
      for (const [query, field] of cases) {
        const reply = await call(server, 'GET', `/campaigns/big/leaderboard?${query}`);
        assert.equal(reply.status, 400, query);
        assert.equal(reply.body.error.code, 'BAD_REQUEST');
        assert.equal(reply.body.error.issues[0].path, field, query);
        assert.match(reply.body.error.message, new RegExp(`"${field}"`));
      }
      const rank = await call(server, 'GET', '/campaigns/big/leaderboard/rank');
      assert.equal(rank.status, 400);
      assert.equal(rank.body.error.issues[0].path, 'address');
      assert.equal((await call(server, 'GET', '/campaigns/nope/leaderboard')).status, 404);
    });

    test("the database's period keys are core's periodOf keys, across time zones and DST", async () => {
      const zones = [
        'UTC',
        'Europe/Madrid',
        'America/New_York',
        'America/Sao_Paulo',
        'Australia/Lord_Howe',
        'Asia/Kolkata',
        'Pacific/Chatham',
        'America/St_Johns',
      ];
      const units: ScheduleUnit[] = ['day', 'week', 'month'];
      const samples = fc.sample(
        fc.record({
          zone: fc.constantFrom(...zones),
          unit: fc.constantFrom(...units),
          // 2024–2031, whole seconds, biased to the hours around local midnights.
          at: fc.integer({ min: Date.UTC(2024, 0, 1) / 1000, max: Date.UTC(2031, 0, 1) / 1000 }),
        }),
        { numRuns: 3000, seed: 42 },
      );
      const rows = await server.db.query<{ key: string }>(
        `SELECT questboard_period_key(u, to_timestamp(a), z) AS key
           FROM unnest($1::text[], $2::bigint[], $3::text[]) WITH ORDINALITY AS s(u, a, z, i) ORDER BY i`,
        [samples.map((s) => s.unit), samples.map((s) => s.at), samples.map((s) => s.zone)],
      );
      samples.forEach((s, i) => {
        assert.equal(
          rows[i]!.key,
          periodOf({ every: s.unit }, s.at * 1000, s.zone).key,
          `${s.unit} of ${new Date(s.at * 1000).toISOString()} in ${s.zone}`,
        );
      });
      // Exactly at local midnights (and a second before) in each zone.
      const edges = zones.flatMap((zone) =>
        Array.from({ length: 40 }, (_, d) => {
          const start = periodOf({ every: 'day' }, Date.UTC(2026, 0, 1) + d * 9 * DAY, zone).start;
          return [start, start - 1000].map((ms) => ({ zone, ms }));
        }).flat(),
      );
      const edgeRows = await server.db.query<{ key: string }>(
        `SELECT questboard_period_key('day', to_timestamp(a::double precision / 1000), z) AS key
           FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS s(a, z, i) ORDER BY i`,
        [edges.map((e) => e.ms), edges.map((e) => e.zone)],
      );
      edges.forEach((e, i) => {
        assert.equal(
          edgeRows[i]!.key,
          periodOf({ every: 'day' }, e.ms, e.zone).key,
          `${e.zone} ${e.ms}`,
        );
      });
    });
  });
}
