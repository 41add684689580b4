// Segments over the admin API (issue 15): real HTTP on 127.0.0.1, on PGlite and PostgreSQL,
// against the in-memory evaluation of the same rules over the same generated rows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import fc from 'fast-check';
import { getAddress } from 'viem';
import { SEGMENT_CSV_HEADER, type SegmentMember, type SegmentRule } from './segments.js';
import type { RunningServer } from './server.js';
import {
  ADMIN_KEY,
  admin,
  call,
  countRows,
  lazyPostgres,
  type Reply,
  type Store,
  startTestServer,
} from './test/helpers.js';
import {
  CAMPAIGNS,
  type Data,
  dataArb,
  expectedMember,
  expectedMembers,
  load,
  referredTwice,
  ruleArb,
} from './test/segments-reference.js';

const pg = lazyPostgres();

const EVERYONE: SegmentRule = {
  type: 'any',
  rules: CAMPAIGNS.map((campaignId) => ({ type: 'campaign' as const, campaignId })),
};

/** Raw text of an export (CSV / NDJSON are not JSON). */
async function exportText(server: RunningServer, format: string, rule: unknown) {
  const response = await fetch(`${server.url}/admin/segments/export?format=${format}`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ rule }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

function parseCsv(text: string): SegmentMember[] {
  const [header, ...rows] = text.trimEnd().split('\n');
  assert.equal(header, SEGMENT_CSV_HEADER);
  return rows.map((row) => {
    const [address, points, tiers, tasks, referrer, firstSeen, lastSeen] = row.split(',');
    return {
      address: address!,
      points: Number(points),
      tiers: Number(tiers),
      tasks: Number(tasks),
      referrer: referrer || null,
      firstSeen: firstSeen!,
      lastSeen: lastSeen!,
    };
  });
}

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`segments over HTTP on ${store}`, () => {
    let server: RunningServer;
    let data: Data;
    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase('segments_http') : undefined;
      server = await startTestServer({ databaseUrl });
      data = fc.sample(
        dataArb.filter((d) => d.completions.length > 30 && referredTwice(d)),
        { numRuns: 1, seed: 15 },
      )[0]!;
      await load(server.db, data);
    });
    after(() => server.close());

    test('count equals the in-memory evaluation of generated rules', async () => {
      const rules = fc.sample(ruleArb, { numRuns: 25, seed: 3 });
      const counts = new Set<number>();
      for (const rule of rules) {
        const reply = await call(server, 'POST', '/admin/segments/count', {
          headers: admin,
          body: { rule },
        });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.deepEqual(
          reply.body,
          { count: expectedMembers(rule, data).length },
          JSON.stringify(rule),
        );
        counts.add(reply.body.count);
      }
      assert.ok(counts.size > 2, 'the rules select different segments');
    });

    test('members page by keyset: every member once, in order, rows as the reference', async () => {
      const expected = expectedMembers(EVERYONE, data);
      assert.ok(expected.length > 5);
      const seen: SegmentMember[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const reply: Reply = await call(server, 'POST', '/admin/segments/members', {
          headers: admin,
          body: { rule: EVERYONE, limit: 4, ...(after ? { after } : {}) },
        });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.ok(reply.body.members.length <= 4);
        seen.push(...reply.body.members);
        pages++;
        if (!reply.body.next) break;
        assert.equal(reply.body.next, reply.body.members.at(-1).address);
        after = reply.body.next;
      }
      assert.equal(pages, Math.floor(expected.length / 4) + 1);
      assert.deepEqual(
        seen.map((m) => m.address),
        expected,
      );
      assert.deepEqual(
        seen,
        expected.map((a) => expectedMember(a, data)),
      );
    });

    test('CSV and NDJSON exports parse back to the reference rows', async () => {
      const rule: SegmentRule = {
        type: 'not',
        rule: { type: 'task', campaignId: 'c1', taskId: 't1' },
      };
      const expected = expectedMembers(rule, data).map((a) => expectedMember(a, data));
      assert.ok(expected.length > 0);
      const csv = await exportText(server, 'csv', rule);
      assert.equal(csv.status, 200);
      assert.match(csv.type!, /^text\/csv/);
      assert.deepEqual(parseCsv(csv.text), expected);
      const ndjson = await exportText(server, 'ndjson', rule);
      assert.equal(ndjson.status, 200);
      assert.match(ndjson.type!, /^application\/x-ndjson/);
      assert.deepEqual(
        ndjson.text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l)),
        expected,
      );
      // No format: CSV.
      const plain = await call(server, 'POST', '/admin/segments/export', {
        headers: admin,
        body: { rule },
      });
      assert.equal(plain.body, csv.text);
    });

    test('the merkle export is a StandardMerkleTree of [address, points] whose every proof verifies', async () => {
      const reply = await call(server, 'POST', '/admin/segments/export?format=merkle', {
        headers: admin,
        body: { rule: EVERYONE },
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const tree = StandardMerkleTree.load<[string, string]>(reply.body);
      assert.deepEqual(reply.body.leafEncoding, ['address', 'uint256']);
      const expected = expectedMembers(EVERYONE, data)
        .map((a) => expectedMember(a, data))
        .filter((m) => m.points > 0)
        .map((m) => [getAddress(m.address), String(m.points)]);
      const leaves = [...tree.entries()].map(([, v]) => v);
      assert.deepEqual(
        [...leaves].sort((a, b) => (a[0].toLowerCase() < b[0].toLowerCase() ? -1 : 1)),
        expected,
      );
      for (const [i, leaf] of tree.entries())
        assert.ok(
          StandardMerkleTree.verify(tree.root, reply.body.leafEncoding, leaf, tree.getProof(i)),
        );

      const none = await call(server, 'POST', '/admin/segments/export?format=merkle', {
        headers: admin,
        body: {
          rule: { type: 'all', rules: [EVERYONE, { type: 'not', rule: EVERYONE }] },
        },
      });
      // No member (or members with 0 points only): no tree to build.
      assert.equal(none.status, 400);
      assert.match(none.body.error.message, /has points/);
    });

    test('a bad rule is a 400 naming each bad field, and changes nothing', async () => {
      const rows = await countRows(server.db);
      const reply = await call(server, 'POST', '/admin/segments/count', {
        headers: admin,
        body: {
          rule: {
            type: 'all',
            rules: [
              { type: 'points', campaignId: 'c1', min: 5, max: 2 },
              { type: 'task', campaignId: "x'; DROP TABLE completions; --", taskId: 't1' },
            ],
          },
        },
      });
      assert.equal(reply.status, 400);
      assert.deepEqual(
        reply.body.error.issues.map((i: { path: string }) => i.path),
        ['rule.rules[0].max', 'rule.rules[1].campaignId'],
      );
      for (const [path, body, issue] of [
        ['/admin/segments/count', { rule: 'everyone' }, 'rule'],
        ['/admin/segments/count', {}, 'rule'],
        ['/admin/segments/members', { rule: EVERYONE, limit: 0 }, 'limit'],
        ['/admin/segments/members', { rule: EVERYONE, after: 'zzz' }, 'after'],
        ['/admin/segments/members', { rule: EVERYONE, extra: 1 }, 'extra'],
        ['/admin/segments/export?format=xml', { rule: EVERYONE }, 'format'],
      ] as const) {
        const r = await call(server, 'POST', path, { headers: admin, body });
        assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
        assert.ok(
          r.body.error.issues?.some((i: { path: string }) => i.path === issue) ||
            r.body.error.message.includes(issue),
          `${path} ${JSON.stringify(r.body)}`,
        );
      }
      assert.deepEqual(await countRows(server.db), rows);
    });

    test('without the admin key every segment route answers 401', async () => {
      for (const path of ['count', 'members', 'export?format=csv', 'export?format=merkle']) {
        for (const headers of [{}, { authorization: `Bearer ${ADMIN_KEY}x` }] as Record<
          string,
          string
        >[]) {
          const reply: Reply = await call(server, 'POST', `/admin/segments/${path}`, {
            headers,
            body: { rule: EVERYONE },
          });
          assert.equal(reply.status, 401, path);
          assert.ok(!JSON.stringify(reply.body).includes('0x0'), 'no member leaks');
        }
      }
    });

    test('an export over several pages streams every member once, in order', async () => {
      const n = 1234;
      await server.db.query(
        `INSERT INTO completions (campaign_id, task_id, address, points, completed_at)
         SELECT 'big', 't', '0x' || lpad(to_hex(g), 40, '0'), g % 5, now() FROM generate_series(1, $1::int) g`,
        [n],
      );
      const rule = { type: 'campaign', campaignId: 'big' };
      const csv = parseCsv((await exportText(server, 'csv', rule)).text);
      const expected = Array.from(
        { length: n },
        (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`,
      ).sort();
      assert.deepEqual(
        csv.map((m) => m.address),
        expected,
      );
      const ndjson = (await exportText(server, 'ndjson', rule)).text.trimEnd().split('\n');
      assert.equal(ndjson.length, n);
      assert.equal(new Set(ndjson.map((l) => JSON.parse(l).address)).size, n);
      const count = await call(server, 'POST', '/admin/segments/count', {
        headers: admin,
        body: { rule },
      });
      assert.equal(count.body.count, n);
    });
  });
}
