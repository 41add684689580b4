// Scheduled tasks on the real server (PGlite and PostgreSQL, real HTTP on 127.0.0.1), with an
// injected server clock: the period comes from the server's clock, completions are unique per
// (campaign, task, address, period), each enters the ledger once, and a claim limit holds under
// concurrent verifies from many wallets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { RunningServer } from './server.js';
import {
  accounts,
  admin,
  call,
  createCampaign,
  lazyPostgres,
  ledgerMatchesTotals,
  type Store,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

const pg = lazyPostgres();

const N = 100;
const parallel = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

/** Midnight UTC, 1 January 2030: the boundary the clock sits on. */
const BOUNDARY = Date.UTC(2030, 0, 1);

const scheduled = () =>
  testCampaign({
    id: 'daily',
    tiers: [
      {
        id: 'daily',
        title: 'Daily',
        tasks: [
          {
            id: 'check-in',
            kind: 'visit',
            title: 'Check in',
            points: 3,
            url: 'https://app.example/daily',
            schedule: { every: 'day' },
            streak: {},
          },
          {
            id: 'first-three',
            kind: 'visit',
            title: 'First three each day',
            points: 1,
            url: 'https://app.example/first',
            schedule: { every: 'day' },
            claimLimit: { perPeriod: 3 },
          },
        ],
      },
    ],
  });

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`scheduled tasks on ${store}`, () => {
    let server: RunningServer;
    // The server's clock: each reading alternates either side of midnight, so concurrent
    // verifies land in both periods in an order nobody controls.
    const clock = { base: BOUNDARY, readings: 0, straddle: false };
    const now = () => {
      if (!clock.straddle) return clock.base;
      return BOUNDARY + (clock.readings++ % 2 ? 400 : -400);
    };
    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase('schedule') : undefined;
      server = await startTestServer({ databaseUrl }, { now });
      await createCampaign(server, await scheduled());
    });
    after(() => server.close());

    test(`${N} concurrent verifies around midnight → one completion per period, points once each`, async () => {
      const wallet = accounts[1]!;
      const token = await signIn(server, wallet);
      clock.straddle = true;
      const replies = await parallel(N, () =>
        call(server, 'POST', '/campaigns/daily/tasks/check-in/verify', { token }),
      );
      clock.straddle = false;
      assert.ok(
        replies.every((r) => r.status === 200 && r.body.ok === true),
        JSON.stringify(replies.find((r) => r.status !== 200)?.body),
      );
      assert.equal(replies.filter((r) => r.body.firstCompletion).length, 2);
      const rows = await server.db.query<{ period: string }>(
        `SELECT period FROM completions WHERE campaign_id = 'daily' AND task_id = 'check-in' AND address = $1 ORDER BY period`,
        [wallet.address],
      );
      assert.deepEqual(
        rows.map((r) => r.period),
        ['2029-12-31', '2030-01-01'],
      );
      const ledger = await server.db.query<{ n: number; s: number }>(
        `SELECT count(*)::int AS n, sum(delta)::int AS s FROM points_ledger WHERE campaign_id = 'daily' AND address = $1`,
        [wallet.address],
      );
      assert.deepEqual(ledger[0], { n: 2, s: 6 });
      assert.ok(await ledgerMatchesTotals(server.db));
      // The progress answer carries both periods, the points and the streak (two days running).
      clock.base = BOUNDARY + 3_600_000;
      const progress = (await call(server, 'GET', `/campaigns/daily/progress/${wallet.address}`))
        .body;
      assert.deepEqual(Object.keys(progress.periods['check-in']).sort(), [
        '2029-12-31',
        '2030-01-01',
      ]);
      assert.equal(progress.points, 6);
      assert.deepEqual(progress.streaks.tasks['check-in'], {
        current: 2,
        best: 2,
        doneThisPeriod: true,
        freezesUsed: 0,
      });
      // The operator's funnel counts the wallet once for the task done in two periods.
      const funnel = (await call(server, 'GET', '/campaigns/daily/funnel', { headers: admin }))
        .body;
      assert.deepEqual(
        funnel.tasks.map((t: { taskId: string; completions: number }) => [t.taskId, t.completions]),
        [
          ['check-in', 1],
          ['first-three', 0],
        ],
      );
      // The next day opens the task again.
      clock.base = BOUNDARY + 86_400_000 + 1;
      const next = await call(server, 'POST', '/campaigns/daily/tasks/check-in/verify', { token });
      assert.equal(next.body.firstCompletion, true);
      clock.base = BOUNDARY;
    });

    test(`a claim limit of 3 per period holds under ${N} concurrent verifies from ${N} wallets`, async () => {
      const wallets = Array.from({ length: N }, () => privateKeyToAccount(generatePrivateKey()));
      const tokens: string[] = [];
      for (const w of wallets) tokens.push(await signIn(server, w));
      clock.straddle = true;
      const replies = await parallel(N, (i) =>
        call(server, 'POST', '/campaigns/daily/tasks/first-three/verify', { token: tokens[i] }),
      );
      clock.straddle = false;
      const passed = replies.filter((r) => r.status === 200 && r.body.ok === true);
      const refused = replies.filter((r) => r.status === 409);
      assert.equal(passed.length + refused.length, N, JSON.stringify(replies.map((r) => r.status)));
      assert.ok(refused.every((r) => r.body.error.code === 'CLAIM_LIMIT_REACHED'));
      assert.ok(
        refused.every((r) => r.body.error.retryAfter > 0 && r.headers.get('retry-after')),
        'each refusal says when the next period opens',
      );
      const rows = await server.db.query<{ period: string; n: number }>(
        `SELECT period, count(*)::int AS n FROM completions WHERE campaign_id = 'daily' AND task_id = 'first-three' GROUP BY period ORDER BY period`,
      );
      assert.deepEqual(rows, [
        { period: '2029-12-31', n: 3 },
        { period: '2030-01-01', n: 3 },
      ]);
      assert.equal(passed.length, 6);
      assert.ok(await ledgerMatchesTotals(server.db));
    });
  });
}
