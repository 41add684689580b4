// referral_bound / referral_qualified: written with the change they record, exactly once under
// races, backfilled once by migration 11, and read back by the referral funnel view.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { type Db, openPglite, openPostgres } from './db.js';
import { recordEvent } from './events.js';
import { MIGRATIONS, migrate } from './migrations.js';
import type { RunningServer } from './server.js';
import {
  admin,
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

/** Qualifies with the docs read and at least 15 points (visit-docs 5 + quiz-capital 10). */
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
};

interface EventRow {
  campaign_id: string;
  type: string;
  address: string;
  detail: { referrer: string };
  at: Date | string;
}

const referralEvents = async (db: Db, campaignId?: string) =>
  (
    await db.query<EventRow>(
      `SELECT campaign_id, type, address, detail, at FROM events
        WHERE type IN ('referral_bound', 'referral_qualified')${campaignId ? ' AND campaign_id = $1' : ''}
        ORDER BY campaign_id, address, type`,
      campaignId ? [campaignId] : [],
    )
  ).map((e) => ({ ...e, at: new Date(e.at).toISOString() }));

let dbCount = 0;

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`referral events on ${store}`, () => {
    let server: RunningServer;
    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase(`refev_${dbCount++}`) : undefined;
      server = await startTestServer({ databaseUrl });
      await createCampaign(server, await testCampaign({ referral }));
      await createCampaign(server, await testCampaign({ id: 'funnel', referral }));
    });
    after(() => server.close());

    const overview = (token: string, campaign = 'demo') =>
      call(server, 'GET', `/campaigns/${campaign}/referrals`, { token });
    const bind = (token: string, code: string, campaign = 'demo') =>
      call(server, 'POST', `/campaigns/${campaign}/referral`, { token, body: { code } });
    const verify = (token: string, task: string, input?: string, campaign = 'demo') =>
      call(server, 'POST', `/campaigns/${campaign}/tasks/${task}/verify`, {
        token,
        ...(input ? { body: { input } } : {}),
      });
    /** The two verifies that qualify a referee (5 + 10 points, the docs read). */
    const qualify = async (token: string, campaign = 'demo') => {
      assert.equal((await verify(token, 'visit-docs', undefined, campaign)).body.ok, true);
      assert.equal((await verify(token, 'quiz-capital', 'Paris', campaign)).body.ok, true);
    };

    test('20 parallel binds of one wallet write one referral_bound, at the binding, referrer lowercase', async () => {
      const referrer = wallet();
      const referee = wallet();
      const { code } = (await overview(await signIn(server, referrer))).body;
      const et = await signIn(server, referee);
      const replies = await parallel(20, () => bind(et, code));
      assert.ok(
        replies.every((r) => r.status === 200),
        JSON.stringify(replies.find((r) => r.status !== 200)?.body),
      );
      const boundAt = replies[0]!.body.boundAt;
      assert.ok(replies.every((r) => r.body.boundAt === boundAt));
      const events = (await referralEvents(server.db, 'demo')).filter(
        (e) => e.address === referee.address.toLowerCase(),
      );
      assert.deepEqual(events, [
        {
          campaign_id: 'demo',
          type: 'referral_bound',
          address: referee.address.toLowerCase(),
          detail: { referrer: referrer.address.toLowerCase() },
          at: boundAt,
        },
      ]);
      // A retry later is answered with the binding and writes nothing.
      const before = await countRows(server.db);
      assert.equal((await bind(et, code)).status, 200);
      assert.deepEqual(await countRows(server.db), before);
    });

    test('one wallet raced between two referrers: one binding, one event naming the winner', async () => {
      const [a, b] = [wallet(), wallet()];
      const codes = [
        (await overview(await signIn(server, a))).body.code,
        (await overview(await signIn(server, b))).body.code,
      ];
      const referee = wallet();
      const et = await signIn(server, referee);
      const replies = await parallel(20, (i) => bind(et, codes[i % 2]!));
      const won = replies.filter((r) => r.status === 200);
      assert.ok(won.length >= 1);
      const code = won[0]!.body.code;
      assert.ok(won.every((r) => r.body.code === code));
      assert.ok(
        replies
          .filter((r) => r.status !== 200)
          .every((r) => r.status === 409 && r.body.error.details === 'ALREADY_BOUND'),
      );
      const winner = code === codes[0] ? a : b;
      const events = (await referralEvents(server.db, 'demo')).filter(
        (e) => e.address === referee.address.toLowerCase(),
      );
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]!.detail, { referrer: winner.address.toLowerCase() });
    });

    test('refused binds write no event', async () => {
      const referrer = wallet();
      const rt = await signIn(server, referrer);
      const { code } = (await overview(rt)).body;
      const veteran = await signIn(server, wallet());
      assert.equal((await verify(veteran, 'visit-docs')).body.ok, true);
      const before = await referralEvents(server.db);
      assert.equal((await bind(rt, code)).body.error.details, 'SELF');
      assert.equal((await bind(veteran, code)).body.error.details, 'NOT_NEW');
      assert.equal((await bind(veteran, 'zzzzzzzzzz')).body.error.details, 'UNKNOWN_CODE');
      assert.deepEqual(await referralEvents(server.db), before);
    });

    test('concurrent verifies that qualify a referral write one referral_qualified each', async () => {
      const referrer = wallet();
      const rt = await signIn(server, referrer);
      const { code } = (await overview(rt)).body;
      const referees = Array.from({ length: 3 }, wallet);
      const tokens = await parallel(3, (i) => signIn(server, referees[i]!));
      for (const token of tokens) assert.equal((await bind(token, code)).status, 200);
      const tasks = [
        ['visit-docs', undefined],
        ['quiz-capital', 'Paris'],
        ['handle', '@racer'],
      ] as const;
      const replies = await parallel(tokens.length * tasks.length * 10, (i) => {
        const [task, input] = tasks[Math.floor(i / tokens.length) % tasks.length]!;
        return verify(tokens[i % tokens.length]!, task, input);
      });
      assert.ok(replies.every((r) => r.status === 200 && r.body.ok));
      const listed = (await overview(rt)).body.referrals as {
        referee: string;
        qualifiedAt: string;
      }[];
      assert.equal(listed.length, 3);
      const mine = new Set(referees.map((w) => w.address.toLowerCase()));
      const events = (await referralEvents(server.db, 'demo')).filter(
        (e) => e.type === 'referral_qualified' && mine.has(e.address),
      );
      assert.deepEqual(
        events,
        listed
          .map((r) => ({
            campaign_id: 'demo',
            type: 'referral_qualified',
            address: r.referee.toLowerCase(),
            detail: { referrer: referrer.address.toLowerCase() },
            at: r.qualifiedAt,
          }))
          .sort((x, y) => (x.address < y.address ? -1 : 1)),
      );
      assert.ok(await ledgerMatchesTotals(server.db));
    });

    test('the referral funnel view equals the figures computed by hand', async () => {
      // a: 3 referees, 2 qualified; b: 2 referees, none qualified; c: 1 referee, qualified.
      const plan = [
        { referrer: wallet(), referees: 3, qualified: 2 },
        { referrer: wallet(), referees: 2, qualified: 0 },
        { referrer: wallet(), referees: 1, qualified: 1 },
      ];
      for (const p of plan) {
        const { code } = (await overview(await signIn(server, p.referrer), 'funnel')).body;
        for (let i = 0; i < p.referees; i++) {
          const et = await signIn(server, wallet());
          // Each binding retried in parallel, each qualification raced by a second verify.
          await parallel(5, () => bind(et, code, 'funnel'));
          if (i < p.qualified) await Promise.all([qualify(et, 'funnel'), qualify(et, 'funnel')]);
        }
      }
      const reply = await call(server, 'GET', '/admin/campaigns/funnel/insights/referrals', {
        headers: admin,
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const [a, b, c] = plan.map((p) => p.referrer.address.toLowerCase());
      assert.deepEqual(reply.body, {
        campaignId: 'funnel',
        bound: 6,
        qualified: 3,
        qualificationRate: 0.5,
        topReferrers: [
          { referrer: a, bound: 3, qualified: 2 },
          { referrer: c, bound: 1, qualified: 1 },
          { referrer: b, bound: 2, qualified: 0 },
        ],
      });
      // And the view agrees with the referrals table itself.
      const table = await server.db.query<{ bound: number; qualified: number }>(
        `SELECT count(*)::int AS bound, count(qualified_at)::int AS qualified FROM referrals
          WHERE campaign_id = 'funnel'`,
      );
      assert.deepEqual(table[0], { bound: 6, qualified: 3 });
    });
  });

  test(`migration 11 backfills the events of referrals from before it, once (${store})`, async () => {
    const db =
      store === 'postgres'
        ? await openPostgres(await (await pg()).createDatabase(`refev_${dbCount++}`))
        : await openPglite();
    try {
      // The schema as it was before version 11.
      await db.query(
        'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const m of MIGRATIONS.filter((m) => m.version < 11)) {
        await db.exec(m.sql);
        await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
      }
      const [e1, e2, e3, r1, r2] = Array.from({ length: 5 }, () => wallet().address);
      const t = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute)).toISOString();
      const rows = [
        ['demo', e1, r1, t(0), t(30)],
        ['demo', e2, r1, t(5), null],
        ['other', e1, r2, t(10), null],
        ['other', e3, r2, t(15), t(20)],
      ] as const;
      for (const r of rows)
        await db.query(
          `INSERT INTO referrals (campaign_id, referee, referrer, code, bound_at, qualified_at)
           VALUES ($1, $2, $3, 'abcdefghjk', $4, $5)`,
          [...r],
        );
      // One of them already has its event (say a replica already on this version wrote it).
      await recordEvent(db, {
        campaignId: 'demo',
        type: 'referral_bound',
        address: e2,
        detail: { referrer: r1!.toLowerCase() },
        at: new Date(t(5)),
      });
      assert.deepEqual(
        await migrate(db),
        MIGRATIONS.filter((m) => m.version >= 11).map((m) => m.version),
      );
      const ev = (
        campaign_id: string,
        type: string,
        address: string,
        referrer: string,
        at: string,
      ) => ({
        campaign_id,
        type,
        address: address.toLowerCase(),
        detail: { referrer: referrer.toLowerCase() },
        at,
      });
      const expected = [
        ev('demo', 'referral_bound', e1!, r1!, t(0)),
        ev('demo', 'referral_qualified', e1!, r1!, t(30)),
        ev('demo', 'referral_bound', e2!, r1!, t(5)),
        ev('other', 'referral_bound', e1!, r2!, t(10)),
        ev('other', 'referral_bound', e3!, r2!, t(15)),
        ev('other', 'referral_qualified', e3!, r2!, t(20)),
      ].sort(
        (x, y) =>
          x.campaign_id.localeCompare(y.campaign_id) ||
          (x.address < y.address ? -1 : x.address > y.address ? 1 : 0) ||
          x.type.localeCompare(y.type),
      );
      assert.deepEqual(await referralEvents(db), expected);
      // Run again, it adds nothing; neither does a second insert of an existing one.
      await db.exec(MIGRATIONS.find((m) => m.version === 11)!.sql);
      assert.deepEqual(await referralEvents(db), expected);
      assert.deepEqual(await migrate(db), []);
      await assert.rejects(
        recordEvent(db, {
          campaignId: 'demo',
          type: 'referral_qualified',
          address: e1,
          detail: { referrer: r1!.toLowerCase() },
        }),
        /duplicate key|unique/,
      );
    } finally {
      await db.close();
    }
  });
}
