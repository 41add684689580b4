import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { RunningServer } from './server.js';
import {
  call,
  countRows,
  createCampaign,
  lazyPostgres,
  ledgerMatchesTotals,
  type Store,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

const pg = lazyPostgres();

const wallet = () => privateKeyToAccount(generatePrivateKey());
const parallel = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

/** Qualifies with the docs read and at least 15 points; 50 points to the referrer; 3 referees. */
const referral = {
  qualify: {
    type: 'all',
    rules: [
      { type: 'task', task: 'visit-docs' },
      { type: 'points', min: 15 },
    ],
  },
  withinDays: 7,
  points: 50,
  maxReferees: 3,
};

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`referrals on ${store}`, () => {
    let server: RunningServer;
    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase('referrals') : undefined;
      server = await startTestServer({ databaseUrl });
      await createCampaign(server, await testCampaign({ referral }));
      await createCampaign(server, await testCampaign({ id: 'plain' }));
    });
    after(() => server.close());

    const overview = (token: string) => call(server, 'GET', '/campaigns/demo/referrals', { token });
    const bind = (token: string, code: unknown) =>
      call(server, 'POST', '/campaigns/demo/referral', { token, body: { code } });
    const verify = (token: string, task: string, input?: string) =>
      call(server, 'POST', `/campaigns/demo/tasks/${task}/verify`, {
        token,
        ...(input ? { body: { input } } : {}),
      });
    const pointsOf = async (address: string) =>
      (await call(server, 'GET', `/campaigns/demo/progress/${address}`)).body.points as number;
    const refusal = (reply: {
      status: number;
      body: { error?: { code: string; details?: string } };
    }) => `${reply.status} ${reply.body.error?.code} ${reply.body.error?.details}`;

    test('binding, qualification once, points once; the referrer sees what each referee needs', async () => {
      const referrer = wallet();
      const referee = wallet();
      const [rt, et] = [await signIn(server, referrer), await signIn(server, referee)];

      assert.equal((await call(server, 'GET', '/campaigns/demo/referrals')).status, 401);
      const first = await overview(rt);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const { code } = first.body;
      assert.match(code, /^[0-9a-hjkmnp-tv-z]{10}$/);
      assert.ok(!referrer.address.toLowerCase().includes(code), 'the code is not the address');
      assert.deepEqual(first.body.referrals, []);
      assert.equal((await overview(rt)).body.code, code, 'one code per referrer');

      const bound = await bind(et, code.toUpperCase());
      assert.equal(bound.status, 200, JSON.stringify(bound.body));
      assert.equal(bound.body.referee, referee.address);
      assert.equal(bound.body.code, code);
      // The same code again is a retry: the same binding.
      assert.deepEqual((await bind(et, code)).body, bound.body);

      let listed = (await overview(rt)).body.referrals;
      assert.equal(listed.length, 1);
      assert.equal(listed[0].referee, referee.address);
      assert.equal(listed[0].state, 'pending');
      assert.deepEqual(listed[0].needs, [
        { kind: 'task', task: 'visit-docs' },
        { kind: 'points', points: 15 },
      ]);
      assert.equal(Date.parse(listed[0].deadline) - Date.parse(listed[0].boundAt), 7 * 86_400_000);

      assert.equal((await verify(et, 'visit-docs')).body.ok, true);
      listed = (await overview(rt)).body.referrals;
      assert.equal(listed[0].state, 'pending');
      assert.deepEqual(listed[0].needs, [{ kind: 'points', points: 10 }]);
      assert.equal(await pointsOf(referrer.address), 0);

      assert.equal((await verify(et, 'quiz-capital', 'Paris')).body.ok, true);
      listed = (await overview(rt)).body.referrals;
      assert.equal(listed[0].state, 'qualified');
      assert.deepEqual(listed[0].needs, []);
      assert.ok(listed[0].qualifiedAt);
      assert.equal(await pointsOf(referrer.address), 50);
      assert.equal(await pointsOf(referee.address), 15, "the referee's own points only");

      // A later completion changes nothing for the referrer.
      assert.equal((await verify(et, 'handle', '@ref_ee')).body.ok, true);
      assert.equal(await pointsOf(referrer.address), 50);
      const ledger = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM points_ledger WHERE address = $1 AND reason LIKE 'referral:%'`,
        [referrer.address],
      );
      assert.equal(ledger[0]!.n, 1);
      assert.ok(await ledgerMatchesTotals(server.db));
    });

    test('refusals: self-referral, unknown and malformed codes, already bound, not new, cap; each changes nothing', async () => {
      const referrer = wallet();
      const rt = await signIn(server, referrer);
      const { code } = (await overview(rt)).body;
      const other = wallet();
      const otherCode = (await overview(await signIn(server, other))).body.code;

      const stranger = await signIn(server, wallet());
      const before = await countRows(server.db);
      assert.equal(refusal(await bind(rt, code)), '409 REFERRAL_REFUSED SELF');
      assert.equal(
        refusal(await bind(stranger, 'zzzzzzzzzz')),
        '404 REFERRAL_REFUSED UNKNOWN_CODE',
      );
      const malformed = await bind(stranger, '0xnot-a-code');
      assert.equal(malformed.status, 400);
      assert.deepEqual(malformed.body.error.issues, [
        { path: 'code', message: 'is not a referral code (10 letters and digits)' },
      ]);
      assert.equal((await bind(stranger, 42)).status, 400);
      const plain = await call(server, 'POST', '/campaigns/plain/referral', {
        token: stranger,
        body: { code },
      });
      assert.equal(refusal(plain), '404 REFERRAL_REFUSED NOT_ENABLED');
      assert.deepEqual(await countRows(server.db), before, 'refusals store nothing');

      // Already bound: never changed, not even to another referrer.
      assert.equal((await bind(stranger, code)).status, 200);
      assert.equal(refusal(await bind(stranger, otherCode)), '409 REFERRAL_REFUSED ALREADY_BOUND');
      assert.equal((await overview(await signIn(server, other))).body.referrals.length, 0);

      // Not new: a wallet with progress cannot be claimed by a referrer afterwards.
      const veteran = await signIn(server, wallet());
      assert.equal((await verify(veteran, 'visit-docs')).body.ok, true);
      assert.equal(refusal(await bind(veteran, code)), '409 REFERRAL_REFUSED NOT_NEW');

      // The cap (3), raced by 6 newcomers at once: exactly 2 more bind.
      const newcomers = await parallel(6, () => signIn(server, wallet()));
      const replies = await parallel(6, (i) => bind(newcomers[i]!, code));
      assert.equal(replies.filter((r) => r.status === 200).length, 2);
      assert.ok(
        replies
          .filter((r) => r.status !== 200)
          .every((r) => refusal(r) === '409 REFERRAL_REFUSED CAP_REACHED'),
      );
      assert.equal((await overview(rt)).body.referrals.length, 3);
    });

    test('concurrent verifies qualify the referral exactly once', async () => {
      const referrer = wallet();
      const rt = await signIn(server, referrer);
      const { code } = (await overview(rt)).body;
      const referees = await parallel(3, () => signIn(server, wallet()));
      for (const token of referees) assert.equal((await bind(token, code)).status, 200);
      // Each referee fires every task at once, 10 times over: the rule holds only with two of
      // them recorded, so whichever verify commits second must see the first.
      const tasks = [
        ['visit-docs', undefined],
        ['quiz-capital', 'Paris'],
        ['handle', '@racer'],
      ] as const;
      const replies = await parallel(referees.length * tasks.length * 10, (i) => {
        const token = referees[i % referees.length]!;
        const [task, input] = tasks[Math.floor(i / referees.length) % tasks.length]!;
        return verify(token, task, input);
      });
      assert.ok(
        replies.every((r) => r.status === 200 && r.body.ok),
        JSON.stringify(replies.find((r) => !r.body.ok)?.body),
      );
      const listed = (await overview(rt)).body.referrals;
      assert.deepEqual(
        listed.map((r: { state: string }) => r.state),
        ['qualified', 'qualified', 'qualified'],
      );
      assert.equal(await pointsOf(referrer.address), 150);
      const ledger = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM points_ledger WHERE address = $1`,
        [referrer.address],
      );
      assert.equal(ledger[0]!.n, 3, 'one ledger entry per referee');
      assert.ok(await ledgerMatchesTotals(server.db));
    });
    if (store === 'postgres')
      test('a verify that commits second sees the completion of the one in flight', async () => {
        const referrer = wallet();
        const referee = wallet();
        const rt = await signIn(server, referrer);
        const et = await signIn(server, referee);
        assert.equal((await bind(et, (await overview(rt)).body.code)).status, 200);
        const campaign = await server.context.service.campaigns.live('demo');
        // A verify of visit-docs in flight: its completion recorded and its qualification check
        // done (5 points: not yet), its transaction still open.
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let checked!: () => void;
        const inFlight = new Promise<void>((resolve) => {
          checked = resolve;
        });
        const first = server.db.transaction(async (tx) => {
          const rows = await tx.query<{ id: number }>(
            `WITH c AS (INSERT INTO completions (campaign_id, task_id, address, points)
               VALUES ('demo', 'visit-docs', $1, 5) RETURNING id)
             INSERT INTO points_ledger (campaign_id, address, delta, reason, completion_id)
               SELECT 'demo', $1, 5, 'task:visit-docs', id FROM c RETURNING id`,
            [referee.address],
          );
          await tx.query(
            `INSERT INTO points_totals (campaign_id, address, points) VALUES ('demo', $1, 5)`,
            [referee.address],
          );
          assert.equal(rows.length, 1);
          await server.context.service.referrals.qualifyIn(
            tx,
            campaign,
            referee.address,
            Date.now(),
          );
          checked();
          await held;
        });
        await inFlight;
        let answered = false;
        const second = verify(et, 'quiz-capital', 'Paris').finally(() => {
          answered = true;
        });
        // Until the second verify waits for the referral row (or, were it not locked, answers).
        for (;;) {
          const waiting = await server.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (answered || waiting[0]!.n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        release();
        await first;
        assert.equal((await second).body.ok, true);
        const [listed] = (await overview(rt)).body.referrals;
        assert.equal(listed.state, 'qualified', JSON.stringify(listed));
        assert.equal(await pointsOf(referrer.address), 50);
      });
  });
}
