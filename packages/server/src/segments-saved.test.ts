// Saved segments and a tier gated on one (issue 15 item 3): real HTTP on 127.0.0.1, on PGlite and
// PostgreSQL. A segment over campaign "demo" opens a tier of campaign "vip" to its members only.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deriveLadder } from '@questboard/core';
import { httpBackend } from '@questboard/core/http';
import { SEGMENT_CSV_HEADER } from './segments.js';
import type { RunningServer } from './server.js';
import {
  ADMIN_KEY,
  accounts,
  admin,
  call,
  countRows,
  createCampaign,
  lazyPostgres,
  type Reply,
  type Store,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

const pg = lazyPostgres();

/** Everyone who read the docs of campaign "demo". */
const VISITED = { type: 'task', campaignId: 'demo', taskId: 'visit-docs' };

const vipCampaign = (segment: string, id = 'vip') => ({
  schemaVersion: 1,
  id,
  title: 'VIP lounge',
  origins: ['https://app.example'],
  tiers: [
    {
      id: 'welcome',
      title: 'Welcome',
      tasks: [
        { id: 'hello', kind: 'visit', title: 'Say hello', points: 1, url: 'https://a.example' },
      ],
    },
    {
      id: 'lounge',
      title: 'Lounge',
      unlock: { segment },
      reward: { title: 'Lounge badge' },
      tasks: [{ id: 'enter', kind: 'visit', title: 'Enter', points: 3, url: 'https://b.example' }],
    },
  ],
});

const issuePaths = (reply: Reply) =>
  (reply.body?.error?.issues ?? []).map((i: { path: string }) => i.path);

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`saved segments over HTTP on ${store}`, () => {
    let server: RunningServer;
    let member: string;
    let outsider: string;
    // As the segment queries return them (checksummed).
    const memberAddress = accounts[0]!.address;
    const outsiderAddress = accounts[1]!.address;

    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase('segments_saved') : undefined;
      server = await startTestServer({ databaseUrl });
      await createCampaign(server, await testCampaign());
      member = await signIn(server, accounts[0]!);
      outsider = await signIn(server, accounts[1]!);
      // The member read the docs of "demo"; the outsider only did a quiz there (seen, not in).
      const visit = await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', {
        token: member,
      });
      assert.equal(visit.status, 200, JSON.stringify(visit.body));
      const quiz = await call(server, 'POST', '/campaigns/demo/tasks/quiz-capital/verify', {
        token: outsider,
        body: { input: 'Paris' },
      });
      assert.equal(quiz.status, 200, JSON.stringify(quiz.body));
    });
    after(() => server.close());

    test('create, replace, read, list; count, members and export by name', async () => {
      const created = await call(server, 'PUT', '/admin/segments/visited', {
        headers: admin,
        body: { rule: { type: 'campaign', campaignId: 'demo' } },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.name, 'visited');
      assert.equal(
        (await call(server, 'GET', '/admin/segments/visited/count', { headers: admin })).body.count,
        2,
      );

      const replaced = await call(server, 'PUT', '/admin/segments/visited', {
        headers: admin,
        body: { rule: VISITED },
      });
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.deepEqual(replaced.body.rule, VISITED);
      assert.equal(replaced.body.createdAt, created.body.createdAt);

      const other = await call(server, 'PUT', '/admin/segments/All_wallets-2', {
        headers: admin,
        body: { rule: { type: 'campaign', campaignId: 'demo' } },
      });
      assert.equal(other.status, 201);

      const one = await call(server, 'GET', '/admin/segments/visited', { headers: admin });
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, replaced.body);
      const list = await call(server, 'GET', '/admin/segments', { headers: admin });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.segments.map((s: { name: string }) => s.name),
        ['All_wallets-2', 'visited'],
      );

      const count = await call(server, 'GET', '/admin/segments/visited/count', { headers: admin });
      assert.deepEqual(count.body, { count: 1 });
      const members = await call(server, 'GET', '/admin/segments/visited/members', {
        headers: admin,
      });
      assert.equal(members.status, 200);
      assert.deepEqual(
        members.body.members.map((m: { address: string }) => m.address),
        [memberAddress],
      );
      assert.equal(members.body.next, undefined);

      const everyone = [memberAddress, outsiderAddress].sort((a, b) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : 1,
      );
      const first = await call(server, 'GET', '/admin/segments/All_wallets-2/members?limit=1', {
        headers: admin,
      });
      assert.deepEqual(
        first.body.members.map((m: { address: string }) => m.address),
        [everyone[0]],
      );
      const second = await call(
        server,
        'GET',
        `/admin/segments/All_wallets-2/members?limit=1&after=${first.body.next}`,
        { headers: admin },
      );
      assert.deepEqual(
        second.body.members.map((m: { address: string }) => m.address),
        [everyone[1]],
      );

      const csv = await fetch(`${server.url}/admin/segments/visited/export?format=csv`, {
        headers: admin,
      });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type')!, /^text\/csv/);
      assert.match(csv.headers.get('content-disposition')!, /filename="visited\.csv"/);
      const lines = (await csv.text()).trimEnd().split('\n');
      assert.equal(lines[0], SEGMENT_CSV_HEADER);
      assert.deepEqual(
        lines.slice(1).map((l) => l.split(',')[0]),
        [memberAddress],
      );
      const ndjson = await call(server, 'GET', '/admin/segments/visited/export?format=ndjson', {
        headers: admin,
      });
      assert.equal(ndjson.status, 200);
      // One line of NDJSON is also one JSON document (call() parses it).
      assert.equal(ndjson.body.address, memberAddress);
      assert.match(ndjson.headers.get('content-type')!, /^application\/x-ndjson/);
      const merkle = await call(server, 'GET', '/admin/segments/visited/export?format=merkle', {
        headers: admin,
      });
      assert.equal(merkle.status, 200);
      assert.deepEqual(merkle.body.leafEncoding, ['address', 'uint256']);

      for (const path of ['', '/count', '/members', '/export']) {
        const missing = await call(server, 'GET', `/admin/segments/nobody${path}`, {
          headers: admin,
        });
        assert.equal(missing.status, 404, path);
        assert.match(missing.body.error.message, /"nobody" does not exist/);
      }
    });

    test('a campaign naming a segment that is not saved is a 400 naming the field', async () => {
      const rows = await countRows(server.db);
      const reply = await call(server, 'POST', '/campaigns', {
        headers: admin,
        body: vipCampaign('ghosts'),
      });
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.deepEqual(issuePaths(reply), ['tiers[1].unlock.segment']);
      assert.match(reply.body.error.issues[0].message, /"ghosts"/);
      assert.deepEqual(await countRows(server.db), rows);
      // A bad name is refused by the campaign format itself (422 CAMPAIGN_INVALID).
      const bad = await call(server, 'POST', '/campaigns', {
        headers: admin,
        body: vipCampaign('no spaces'),
      });
      assert.equal(bad.status, 422);
      assert.deepEqual(issuePaths(bad), ['tiers[1].unlock.segment']);
      assert.deepEqual(await countRows(server.db), rows);
    });

    test('the gated tier refuses a non-member (TIER_LOCKED, not in segment) and admits a member', async () => {
      await createCampaign(server, vipCampaign('visited'));

      const outsiderProgress = await call(
        server,
        'GET',
        `/campaigns/vip/progress/${outsiderAddress}`,
      );
      assert.equal(outsiderProgress.status, 200, JSON.stringify(outsiderProgress.body));
      assert.deepEqual(outsiderProgress.body.segments, []);
      const memberProgress = await call(server, 'GET', `/campaigns/vip/progress/${memberAddress}`);
      assert.deepEqual(memberProgress.body.segments, ['visited']);
      // The HTTP backend passes them on: the board's ladder shows the tier open for the member only.
      const backend = httpBackend({ endpoint: `${server.url}/`, campaignId: 'vip' });
      const vip = await backend.loadCampaign('vip');
      const lounge = async (address: `0x${string}`) =>
        deriveLadder(vip, await backend.getProgress('vip', address), { now: Date.now() }).tiers[1]!;
      const theirs = await lounge(outsiderAddress);
      assert.deepEqual([theirs.state, theirs.unlock?.inSegment], ['locked', false]);
      const mine = await lounge(memberAddress);
      assert.deepEqual([mine.state, mine.unlock?.inSegment], ['available', true]);
      // A campaign naming no segment reports none.
      const plain = await call(server, 'GET', `/campaigns/demo/progress/${memberAddress}`);
      assert.equal(plain.body.segments, undefined);

      // The open tier is open to both.
      for (const token of [member, outsider]) {
        const hello = await call(server, 'POST', '/campaigns/vip/tasks/hello/verify', { token });
        assert.equal(hello.status, 200, JSON.stringify(hello.body));
      }

      const rows = await countRows(server.db);
      const refused = await call(server, 'POST', '/campaigns/vip/tasks/enter/verify', {
        token: outsider,
      });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'TIER_LOCKED');
      assert.equal(refused.body.error.details, 'not in segment');
      assert.match(refused.body.error.message, /selected members/);
      const claim = await call(server, 'POST', '/campaigns/vip/tiers/lounge/claim', {
        token: outsider,
      });
      assert.equal(claim.status, 409);
      assert.equal(claim.body.error.code, 'TIER_LOCKED');
      assert.equal(claim.body.error.details, 'not in segment');
      assert.deepEqual(await countRows(server.db), rows, 'nothing recorded');

      const entered = await call(server, 'POST', '/campaigns/vip/tasks/enter/verify', {
        token: member,
      });
      assert.equal(entered.status, 200, JSON.stringify(entered.body));
      assert.deepEqual(entered.body.progress.segments, ['visited']);
      assert.equal(entered.body.progress.completed.enter.points, 3);
      const claimed = await call(server, 'POST', '/campaigns/vip/tiers/lounge/claim', {
        token: member,
      });
      assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
      assert.ok(claimed.body.progress.claimed.lounge);
    });

    test('deleting a segment a live campaign uses is a 409 naming it; once archived it deletes', async () => {
      await createCampaign(server, vipCampaign('visited', 'vip-two'));
      const rows = await countRows(server.db);
      const busy = await call(server, 'DELETE', '/admin/segments/visited', { headers: admin });
      assert.equal(busy.status, 409, JSON.stringify(busy.body));
      assert.match(busy.body.error.message, /"vip", "vip-two"/);
      assert.deepEqual(await countRows(server.db), rows);

      for (const id of ['vip', 'vip-two']) {
        const archived = await call(server, 'POST', `/campaigns/${id}/archive`, { headers: admin });
        assert.ok(archived.status < 300, JSON.stringify(archived.body));
      }
      const deleted = await call(server, 'DELETE', '/admin/segments/visited', { headers: admin });
      assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
      assert.equal(
        (await call(server, 'GET', '/admin/segments/visited', { headers: admin })).status,
        404,
      );
      assert.equal(
        (await call(server, 'DELETE', '/admin/segments/visited', { headers: admin })).status,
        404,
      );
      const unused = await call(server, 'DELETE', '/admin/segments/All_wallets-2', {
        headers: admin,
      });
      assert.equal(unused.status, 204);
      assert.deepEqual((await call(server, 'GET', '/admin/segments', { headers: admin })).body, {
        segments: [],
      });
    });

    test('a delete racing a publish naming the segment: exactly one wins, never a dangling gate', async () => {
      for (let i = 0; i < 6; i++) {
        const name = `race-${i}`;
        const saved = await call(server, 'PUT', `/admin/segments/${name}`, {
          headers: admin,
          body: { rule: VISITED },
        });
        assert.equal(saved.status, 201);
        const [published, deleted] = await Promise.all([
          call(server, 'POST', '/campaigns', {
            headers: admin,
            body: vipCampaign(name, `race-campaign-${i}`),
          }),
          call(server, 'DELETE', `/admin/segments/${name}`, { headers: admin }),
        ]);
        const outcome = [published.status, deleted.status];
        assert.ok(
          (outcome[0] === 201 && outcome[1] === 409) || (outcome[0] === 400 && outcome[1] === 204),
          `${i}: ${JSON.stringify(outcome)} ${JSON.stringify([published.body, deleted.body])}`,
        );
        const campaign = await call(server, 'GET', `/campaigns/race-campaign-${i}`);
        const segment = await call(server, 'GET', `/admin/segments/${name}`, { headers: admin });
        assert.equal(
          campaign.status === 200,
          segment.status === 200,
          `${i}: gate and segment agree`,
        );
        if (campaign.status === 200) {
          const archived = await call(server, 'POST', `/campaigns/race-campaign-${i}/archive`, {
            headers: admin,
          });
          assert.ok(archived.status < 300);
          const gone = await call(server, 'DELETE', `/admin/segments/${name}`, { headers: admin });
          assert.equal(gone.status, 204);
        }
      }
    });

    test('hostile names and bodies are a 400 naming the field and change nothing', async () => {
      await call(server, 'PUT', '/admin/segments/keep', {
        headers: admin,
        body: { rule: VISITED },
      });
      const rows = await countRows(server.db);
      const keep = (await call(server, 'GET', '/admin/segments/keep', { headers: admin })).body;
      for (const name of [
        '-starts-with-dash',
        'a%20b',
        "x'%3B%20DROP%20TABLE%20segments%3B--",
        'x'.repeat(65),
        '%C3%A9t%C3%A9',
        '%00',
      ]) {
        for (const [method, suffix] of [
          ['PUT', ''],
          ['GET', ''],
          ['DELETE', ''],
          ['GET', '/count'],
          ['GET', '/members'],
        ] as const) {
          const reply = await call(server, method, `/admin/segments/${name}${suffix}`, {
            headers: admin,
            ...(method === 'PUT' ? { body: { rule: VISITED } } : {}),
          });
          assert.equal(
            reply.status,
            400,
            `${method} ${name}${suffix}: ${JSON.stringify(reply.body)}`,
          );
          assert.ok(
            issuePaths(reply).includes('name') || /segment name/.test(reply.body.error.message),
            JSON.stringify(reply.body),
          );
        }
      }
      for (const [body, path] of [
        [{}, 'rule'],
        [{ rule: 'everyone' }, 'rule'],
        [{ rule: VISITED, extra: 1 }, 'extra'],
        [{ rule: { type: 'points', campaignId: 'demo', min: 5, max: 2 } }, 'rule.max'],
        [
          {
            rule: {
              type: 'all',
              rules: [
                VISITED,
                { type: 'task', campaignId: "x'; DROP TABLE segments; --", taskId: 't' },
              ],
            },
          },
          'rule.rules[1].campaignId',
        ],
      ] as const) {
        const reply = await call(server, 'PUT', '/admin/segments/keep', { headers: admin, body });
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.ok(
          issuePaths(reply).includes(path) || reply.body.error.message.includes(path),
          `${JSON.stringify(body)} → ${JSON.stringify(reply.body)}`,
        );
      }
      const raw = await call(server, 'PUT', '/admin/segments/keep', {
        headers: admin,
        raw: '{"rule":',
      });
      assert.equal(raw.status, 400);
      const page = await call(server, 'GET', '/admin/segments/keep/members?after=zzz', {
        headers: admin,
      });
      assert.equal(page.status, 400);
      assert.ok(issuePaths(page).includes('after') || page.body.error.message.includes('after'));
      const format = await call(server, 'GET', '/admin/segments/keep/export?format=xml', {
        headers: admin,
      });
      assert.equal(format.status, 400);

      for (const headers of [{}, { authorization: `Bearer ${ADMIN_KEY}x` }] as Record<
        string,
        string
      >[]) {
        // Four routes × two keys: under the 10 wrong admin keys a minute an IP may send.
        for (const [method, path] of [
          ['GET', '/admin/segments'],
          ['PUT', '/admin/segments/keep'],
          ['DELETE', '/admin/segments/keep'],
          ['GET', '/admin/segments/keep/members'],
        ] as const) {
          const reply = await call(server, method, path, {
            headers,
            ...(method === 'PUT' ? { body: { rule: { type: 'not', rule: VISITED } } } : {}),
          });
          assert.equal(reply.status, 401, `${method} ${path}`);
          assert.ok(!JSON.stringify(reply.body).includes('0x'), 'no member leaks');
        }
      }
      assert.deepEqual(await countRows(server.db), rows);
      assert.deepEqual(
        (await call(server, 'GET', '/admin/segments/keep', { headers: admin })).body,
        keep,
      );
    });
  });
}

describe('a campaign file naming a saved segment', () => {
  test('stops the start until the segment is saved, then loads (PostgreSQL keeps it)', async () => {
    const databaseUrl = await (await pg()).createDatabase('segments_file');
    const dir = await mkdtemp(join(tmpdir(), 'qb-segments-'));
    try {
      const file = join(dir, 'vip.json');
      await writeFile(file, JSON.stringify(vipCampaign('supporters')));
      await assert.rejects(
        startTestServer({ databaseUrl, campaignFiles: [file] }),
        /tiers\[1\]\.unlock\.segment/,
      );
      const first = await startTestServer({ databaseUrl });
      const saved = await call(first, 'PUT', '/admin/segments/supporters', {
        headers: admin,
        body: { rule: VISITED },
      });
      assert.equal(saved.status, 201);
      await first.close();
      const second = await startTestServer({ databaseUrl, campaignFiles: [file] });
      try {
        const loaded = await call(second, 'GET', '/campaigns/vip');
        assert.equal(loaded.status, 200);
        assert.deepEqual(loaded.body.tiers[1].unlock, { segment: 'supporters' });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
