// Issue 15 items 1, 2 and 6: the event log (exactly one event per state change, also under
// concurrency), the board's beacon, and the insights views checked against figures computed
// here by hand from the generated data set. Real PGlite and PostgreSQL, HTTP on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EVENT_TYPES, type EventInput, recordEvent } from './events.js';
import { MIGRATIONS } from './migrations.js';
import { BEACON_BODY_LIMIT } from './routes/insights.js';
import type { RunningServer } from './server.js';
import { BEACON_MAX_ITEMS, TOP_FAILURE_REASONS, TOP_REFERRERS } from './service/insights.js';
import {
  accounts,
  admin,
  call,
  createCampaign,
  ORIGIN,
  type Store,
  signedMessage,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';
import { startPostgres, type TestPostgres } from './test/postgres.js';

let postgres: TestPostgres | undefined;
const pgCluster = async () => {
  postgres ??= await startPostgres();
  return postgres;
};
after(() => postgres?.stop());

const DAY = 86_400_000;
const parallel = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

const eventsOf = (server: RunningServer, where = 'true', params: unknown[] = []) =>
  server.db.query<{
    type: string;
    address: string | null;
    visitor: string | null;
    task_id: string | null;
    tier_id: string | null;
    reason: string | null;
  }>(
    `SELECT type, address, visitor, task_id, tier_id, reason FROM events WHERE ${where} ORDER BY id`,
    params,
  );
const countEvents = async (server: RunningServer) =>
  (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;

test('migration 8 lists exactly EVENT_TYPES in its type check', () => {
  const sql = MIGRATIONS.find((m) => m.version === 8)!.sql;
  const list = /type IN \(([^)]*)\)/.exec(sql)![1]!;
  assert.deepEqual(
    [...list.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]),
    [...EVENT_TYPES],
  );
});

let dbCount = 0;
async function start(store: Store, now?: () => number) {
  const databaseUrl =
    store === 'postgres' ? await (await pgCluster()).createDatabase(`ev_${dbCount++}`) : undefined;
  const server = await startTestServer({ databaseUrl }, now ? { now } : {});
  await createCampaign(server, await testCampaign());
  return server;
}

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`event log on ${store}`, () => {
    let server: RunningServer;
    before(async () => {
      server = await start(store);
    });
    after(() => server.close());

    test('one event per state change: 100 parallel verifies, the unlocking completion, 100 parallel claims', async () => {
      const wallet = accounts[0]!;
      const address = wallet.address.toLowerCase();
      // Sign-in for the campaign → signed_in (a sign-in naming no campaign writes none).
      const { message, signature } = await signedMessage(server, wallet);
      const signedIn = await call(server, 'POST', '/auth/verify', {
        body: { message, signature, campaignId: 'demo' },
        headers: { origin: ORIGIN },
      });
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      const token = signedIn.body.token as string;
      await signIn(server, wallet);
      assert.deepEqual(
        (await eventsOf(server, "type = 'signed_in'")).map((e) => e.address),
        [address],
      );

      const verifies = await parallel(100, () =>
        call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token }),
      );
      assert.ok(verifies.every((r) => r.status === 200 && r.body.ok));
      assert.equal(verifies.filter((r) => r.body.firstCompletion).length, 1);

      // A wrong answer: task_failed with its code, and no completion.
      const wrong = await call(server, 'POST', '/campaigns/demo/tasks/quiz-capital/verify', {
        token,
        body: { input: 'Lyon' },
      });
      assert.equal(wrong.body.ok, false);
      for (const [task, input] of [
        ['quiz-capital', 'Paris'],
        ['handle', '@racer'],
      ] as const) {
        const r = await call(server, 'POST', `/campaigns/demo/tasks/${task}/verify`, {
          token,
          body: { input },
        });
        assert.equal(r.body.ok, true, JSON.stringify(r.body));
      }
      const claims = await parallel(100, () =>
        call(server, 'POST', '/campaigns/demo/tiers/basics/claim', { token }),
      );
      assert.ok(claims.every((r) => r.status === 200));

      const logged = await eventsOf(server, 'address = $1', [address]);
      assert.deepEqual(
        logged.map((e) => [e.type, e.task_id ?? e.tier_id, e.reason]),
        [
          ['signed_in', null, null],
          ['task_verified', 'visit-docs', null],
          ['task_failed', 'quiz-capital', 'WRONG_ANSWER'],
          ['task_verified', 'quiz-capital', null],
          ['task_verified', 'handle', null],
          // The last basics task makes "advanced"'s unlock rule hold, in the same statement.
          ['tier_unlocked', 'advanced', null],
          ['reward_claimed', 'basics', null],
        ],
      );
      const completions = await server.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM completions WHERE address = $1',
        [wallet.address],
      );
      assert.equal(completions[0]!.n, 3, 'one task_verified per completion');
    });

    test('the log is append-only', async () => {
      await assert.rejects(server.db.query('DELETE FROM events'), /append-only/);
      await assert.rejects(server.db.query(`UPDATE events SET type = 'viewed'`), /append-only/);
    });

    test('recordEvent refuses a detail over its bound and writes nothing', async () => {
      const before = await countEvents(server);
      await assert.rejects(
        recordEvent(server.db, {
          campaignId: 'demo',
          type: 'referral_bound',
          detail: { referrer: 'x'.repeat(2000) },
        }),
        /detail is over/,
      );
      assert.equal(await countEvents(server), before);
    });

    describe('beacon', () => {
      const path = '/campaigns/demo/events';
      const send = (body: unknown, headers: Record<string, string> = {}) =>
        call(server, 'POST', path, {
          raw: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN, ...headers },
        });

      test('a batch sent as text/plain (sendBeacon) or JSON (keepalive) is recorded with the server’s time', async () => {
        const reply = await send({
          visitor: 'visitor-0001',
          events: [{ type: 'viewed' }, { type: 'task_started', task: 'quiz-capital' }],
        });
        assert.equal(reply.status, 202, JSON.stringify(reply.body));
        assert.deepEqual(reply.body, { recorded: 2 });
        const json = await send(
          { visitor: 'visitor-0001', events: [{ type: 'connected' }] },
          { 'content-type': 'application/json' },
        );
        assert.equal(json.status, 202, JSON.stringify(json.body));
        assert.deepEqual(
          (await eventsOf(server, "visitor = 'visitor-0001'")).map((e) => [
            e.type,
            e.task_id,
            e.address,
          ]),
          [
            ['viewed', null, null],
            ['task_started', 'quiz-capital', null],
            ['connected', null, null],
          ],
        );
      });

      test('bad beacons are refused with the field named and write nothing', async () => {
        const before = await countEvents(server);
        const cases: [unknown, number, RegExp][] = [
          [
            { visitor: 'visitor-0002', events: [{ type: 'task_verified', task: 'handle' }] },
            400,
            /events\.0\.type/,
          ],
          [
            {
              visitor: 'visitor-0002',
              events: [{ type: 'viewed', address: accounts[1]!.address }],
            },
            400,
            /events\.0\.address/,
          ],
          [
            { visitor: 'visitor-0002', events: [{ type: 'task_started' }] },
            400,
            /task_started names its task/,
          ],
          [
            { visitor: 'visitor-0002', events: [{ type: 'task_started', task: 'nope' }] },
            400,
            /not a task of campaign/,
          ],
          [{ visitor: 'x', events: [{ type: 'viewed' }] }, 400, /visitor/],
          [{ visitor: 'visitor-0002', events: [] }, 400, /at least one/],
          [
            {
              visitor: 'visitor-0002',
              events: Array.from({ length: BEACON_MAX_ITEMS + 1 }, () => ({ type: 'viewed' })),
            },
            400,
            /at most/,
          ],
          [{ visitor: 'visitor-0002', events: [{ type: 'viewed' }], at: 1 }, 400, /\bat\b/],
          ['{"visitor":', 400, /not valid JSON/],
          ['x'.repeat(BEACON_BODY_LIMIT + 1), 413, /at most/],
        ];
        for (const [body, status, message] of cases) {
          const reply = await send(body);
          assert.equal(reply.status, status, JSON.stringify(reply.body));
          assert.match(JSON.stringify(reply.body.error), message);
        }
        const form = await send(
          { visitor: 'visitor-0002', events: [{ type: 'viewed' }] },
          {
            'content-type': 'application/x-www-form-urlencoded',
          },
        );
        assert.equal(form.status, 415);
        const foreign = await send(
          { visitor: 'visitor-0002', events: [{ type: 'viewed' }] },
          {
            origin: 'https://evil.example',
          },
        );
        assert.equal(foreign.status, 403);
        const unknown = await call(server, 'POST', '/campaigns/nope/events', {
          raw: JSON.stringify({ visitor: 'visitor-0002', events: [{ type: 'viewed' }] }),
          headers: { 'content-type': 'text/plain' },
        });
        assert.equal(unknown.status, 404);
        assert.equal(await countEvents(server), before);
      });
    });
  });
}

// --- the views against hand-computed figures ---------------------------------------------------

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = Date.UTC(2026, 9, 1); // day 0
const TODAY = 40; // the server's "now" is day 40, noon
const BASICS = ['visit-docs', 'quiz-capital', 'handle'];
const ADVANCED = ['mainnet', 'onchain-tx'];
const REASONS = ['WRONG_ANSWER', 'INPUT_MISMATCH', 'VERIFY_FAILED'];

/** Events of 80 wallets and 50 anonymous visitors over 41 days, as the server would write them. */
function generate(seed: number): EventInput[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: EventInput[] = [];
  const at = (d: number) => new Date(BASE + d * DAY + Math.floor(rnd() * DAY));
  const wallets = Array.from(
    { length: 80 },
    (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`,
  );
  const referrers = wallets.slice(0, 6);
  for (const address of wallets) {
    const first = Math.floor(rnd() * (TODAY + 1));
    const days = [first];
    for (const n of [1, 2, 7, 8, 30]) if (first + n <= TODAY && rnd() < 0.45) days.push(first + n);
    const base = { campaignId: 'demo', address };
    for (const d of days) out.push({ ...base, type: 'signed_in', at: at(d) });
    let basics = 0;
    for (const task of [...BASICS, ...ADVANCED]) {
      if (ADVANCED.includes(task) && basics < BASICS.length) break;
      const tries = Math.floor(rnd() * 3);
      for (let i = 0; i < tries; i++)
        out.push({ ...base, type: 'task_failed', task, reason: pick(REASONS), at: at(pick(days)) });
      if (rnd() < 0.7) {
        out.push({ ...base, type: 'task_verified', task, at: at(pick(days)) });
        if (BASICS.includes(task) && ++basics === BASICS.length) {
          out.push({ ...base, type: 'tier_unlocked', tier: 'advanced', at: at(pick(days)) });
          if (rnd() < 0.6)
            out.push({ ...base, type: 'reward_claimed', tier: 'basics', at: at(pick(days)) });
        }
      }
    }
    if (rnd() < 0.4) {
      const referrer = pick(referrers);
      out.push({ ...base, type: 'referral_bound', detail: { referrer }, at: at(first) });
      if (rnd() < 0.5)
        out.push({ ...base, type: 'referral_qualified', detail: { referrer }, at: at(pick(days)) });
    }
  }
  for (let v = 0; v < 50; v++) {
    const visitor = `visitor-${String(v).padStart(4, '0')}`;
    const d = Math.floor(rnd() * (TODAY + 1));
    out.push({ campaignId: 'demo', type: 'viewed', visitor, at: at(d) });
    if (rnd() < 0.6) out.push({ campaignId: 'demo', type: 'connected', visitor, at: at(d) });
    for (const task of BASICS)
      if (rnd() < 0.3)
        out.push({ campaignId: 'demo', type: 'task_started', visitor, task, at: at(d) });
  }
  // Another campaign's events must not count.
  out.push({ campaignId: 'other', type: 'signed_in', address: wallets[0]!, at: at(3) });
  out.push({ campaignId: 'other', type: 'viewed', visitor: 'visitor-0000', at: at(3) });
  return out;
}

/** The expected answers, by plain loops over the generated events. */
function byHand(all: EventInput[]) {
  const events = all.filter((e) => e.campaignId === 'demo');
  const distinct = (
    f: (e: EventInput) => boolean,
    key: (e: EventInput) => string | null | undefined,
  ) => new Set(events.filter(f).map(key)).size;
  const rate = (a: number, b: number) => (b > 0 ? a / b : 0);
  const wallets = distinct(
    (e) => !!e.address,
    (e) => e.address,
  );
  const verified = (address: string, task: string) =>
    events.some((e) => e.type === 'task_verified' && e.address === address && e.task === task);
  const addresses = [...new Set(events.filter((e) => e.address).map((e) => e.address!))];
  const completedTier = (tasks: string[]) =>
    addresses.filter((a) => tasks.every((t) => verified(a, t))).length;
  const claimed = (tier: string) =>
    distinct(
      (e) => e.type === 'reward_claimed' && e.tier === tier,
      (e) => e.address,
    );
  const basicsDone = completedTier(BASICS);
  const advancedReached = distinct(
    (e) => e.type === 'tier_unlocked' && e.tier === 'advanced',
    (e) => e.address,
  );
  const advancedDone = completedTier(ADVANCED);
  const tier = (
    tierId: string,
    reached: number,
    completed: number,
    claimedN: number,
    previous: number,
  ) => ({
    tierId,
    reached,
    completed,
    claimed: claimedN,
    hasReward: true,
    dropOff: {
      beforeReached: Math.max(0, previous - reached),
      beforeCompleted: reached - completed,
      beforeClaimed: completed - claimedN,
    },
    completionRate: rate(completed, reached),
    claimRate: rate(claimedN, completed),
  });
  const funnel = {
    campaignId: 'demo',
    viewed: distinct(
      (e) => e.type === 'viewed',
      (e) => e.visitor,
    ),
    connected: distinct(
      (e) => e.type === 'connected',
      (e) => e.visitor,
    ),
    signedIn: distinct(
      (e) => e.type === 'signed_in',
      (e) => e.address,
    ),
    wallets,
    tiers: [
      tier('basics', wallets, basicsDone, claimed('basics'), wallets),
      tier('advanced', advancedReached, advancedDone, claimed('advanced'), basicsDone),
    ],
  };

  const tasks = {
    campaignId: 'demo',
    tasks: [...BASICS, ...ADVANCED].map((taskId) => {
      const of = events.filter((e) => e.task === taskId);
      const attempted = new Set(of.filter((e) => e.type !== 'task_started').map((e) => e.address))
        .size;
      const verifiedN = new Set(of.filter((e) => e.type === 'task_verified').map((e) => e.address))
        .size;
      const failed = of.filter((e) => e.type === 'task_failed');
      const counts = new Map<string, number>();
      for (const e of failed) counts.set(e.reason!, (counts.get(e.reason!) ?? 0) + 1);
      return {
        taskId,
        tierId: BASICS.includes(taskId) ? 'basics' : 'advanced',
        started: new Set(of.filter((e) => e.type === 'task_started').map((e) => e.visitor)).size,
        attempted,
        verified: verifiedN,
        failures: failed.length,
        completionRate: rate(verifiedN, attempted),
        topFailures: [...counts]
          .map(([reason, count]) => ({ reason, count }))
          .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
          .slice(0, TOP_FAILURE_REASONS),
      };
    }),
  };

  const dayOf = (e: EventInput) => Math.floor((e.at!.getTime() - BASE) / DAY);
  const active = new Map<string, Set<number>>();
  for (const e of events)
    if (e.address) {
      const s = active.get(e.address) ?? new Set<number>();
      active.set(e.address, s);
      s.add(dayOf(e));
    }
  const firstDay = new Map([...active].map(([a, s]) => [a, Math.min(...s)]));
  const iso = (d: number) => new Date(BASE + d * DAY).toISOString().slice(0, 10);
  const cohorts = [...new Set(firstDay.values())].sort((a, b) => a - b);
  const retention = {
    campaignId: 'demo',
    cohorts: cohorts.map((c) => {
      const members = [...firstDay].filter(([, f]) => f === c).map(([a]) => a);
      const back = (n: number) => {
        if (c + n > TODAY) return null;
        const count = members.filter((a) => active.get(a)!.has(c + n)).length;
        return { count, rate: rate(count, members.length) };
      };
      return { cohort: iso(c), size: members.length, d1: back(1), d7: back(7), d30: back(30) };
    }),
  };
  const allDays = [...new Set([...active.values()].flatMap((s) => [...s]))].sort((a, b) => a - b);
  const daily = {
    campaignId: 'demo',
    days: allDays.map((d) => {
      const on = [...active].filter(([, s]) => s.has(d)).map(([a]) => a);
      const fresh = on.filter((a) => firstDay.get(a) === d).length;
      return { day: iso(d), new: fresh, returning: on.length - fresh };
    }),
  };

  const refs = events.filter((e) => e.type === 'referral_bound' || e.type === 'referral_qualified');
  const per = new Map<string, { bound: Set<string>; qualified: Set<string> }>();
  for (const e of refs) {
    const r = e.detail!.referrer as string;
    if (!per.has(r)) per.set(r, { bound: new Set(), qualified: new Set() });
    per.get(r)![e.type === 'referral_bound' ? 'bound' : 'qualified'].add(e.address!);
  }
  const boundN = distinct(
    (e) => e.type === 'referral_bound',
    (e) => e.address,
  );
  const qualifiedN = distinct(
    (e) => e.type === 'referral_qualified',
    (e) => e.address,
  );
  const referrals = {
    campaignId: 'demo',
    bound: boundN,
    qualified: qualifiedN,
    qualificationRate: rate(qualifiedN, boundN),
    topReferrers: [...per]
      .map(([referrer, s]) => ({ referrer, bound: s.bound.size, qualified: s.qualified.size }))
      .sort(
        (a, b) =>
          b.qualified - a.qualified ||
          b.bound - a.bound ||
          (a.referrer < b.referrer ? -1 : a.referrer > b.referrer ? 1 : 0),
      )
      .slice(0, TOP_REFERRERS),
  };
  return { funnel, tasks, retention, daily, referrals };
}

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`insights views on ${store}`, () => {
    let server: RunningServer;
    const data = generate(store === 'pglite' ? 15 : 16);
    const expected = byHand(data);
    before(async () => {
      server = await start(store, () => BASE + TODAY * DAY + DAY / 2);
      for (let i = 0; i < data.length; i += 500)
        await recordEvent(server.db, ...data.slice(i, i + 500));
    });
    after(() => server.close());

    for (const view of ['funnel', 'tasks', 'retention', 'daily', 'referrals'] as const)
      test(`${view} matches the figures computed by hand`, async () => {
        const reply = await call(server, 'GET', `/admin/campaigns/demo/insights/${view}`, {
          headers: admin,
        });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.deepEqual(reply.body, expected[view]);
      });

    test('the data set exercises every figure (no view is trivially empty)', () => {
      const { funnel, retention, referrals, tasks } = expected;
      assert.ok(funnel.tiers.every((t) => t.reached > t.completed && t.completed > 0));
      assert.ok(funnel.tiers[0]!.claimed > 0 && funnel.viewed > funnel.connected);
      assert.ok(retention.cohorts.some((c) => c.d1 && c.d1.count > 0));
      assert.ok(retention.cohorts.some((c) => c.d7 && c.d7.count > 0));
      assert.ok(retention.cohorts.some((c) => c.d30 && c.d30.count > 0));
      assert.ok(retention.cohorts.some((c) => c.d30 === null));
      assert.ok(referrals.qualified > 0 && referrals.bound > referrals.qualified);
      assert.ok(tasks.tasks.every((t) => t.topFailures.length > 0));
    });

    test('views need the admin key; an unknown campaign is 404', async () => {
      const anon = await call(server, 'GET', '/admin/campaigns/demo/insights/funnel');
      assert.equal(anon.status, 401);
      const missing = await call(server, 'GET', '/admin/campaigns/nope/insights/retention', {
        headers: admin,
      });
      assert.equal(missing.status, 404);
    });

    test('the views are in the OpenAPI document', async () => {
      const doc = (await call(server, 'GET', '/openapi.json')).body;
      for (const view of ['funnel', 'tasks', 'retention', 'daily', 'referrals'])
        assert.ok(doc.paths[`/admin/campaigns/{id}/insights/${view}`]?.get, view);
      assert.ok(doc.paths['/campaigns/{id}/events']?.post);
    });
  });
}
