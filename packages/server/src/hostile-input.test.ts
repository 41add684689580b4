// Hostile text and numbers at every endpoint: NUL bytes, lone surrogates (as JSON escapes and as
// invalid UTF-8 in paths and queries), huge and fractional numbers. Every answer is a 4xx naming
// the problem, never a 500, and no row of any state table changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STATE_TABLES } from './migrations.js';
import type { RunningServer } from './server.js';
import {
  accounts,
  admin,
  call,
  createCampaign,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

/** A digest of every row of every state table: any insert, update or delete changes it. */
async function snapshot(server: RunningServer): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of STATE_TABLES) {
    const rows = await server.db.query<{ d: string | null }>(
      `SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS d FROM ${table} t`,
    );
    out[table] = rows[0]?.d ?? '';
  }
  return out;
}

// JSON texts (not JS strings): `\u0000` and lone surrogates as JSON escapes.
const BAD_TEXT = ['"a\\u0000b"', '"\\u0000"', '"\\ud800"', '"x\\udc00y"', '"\\udfff\\ud800"'];
const BAD_NUMBERS = ['1e308', '9007199254740993', '-1', '1.5', '-0.0001'];
// Path and query segments: NUL, a lone surrogate as invalid UTF-8, a broken escape.
const BAD_SEGMENTS = ['%00', 'a%00b', '%ED%A0%80', '%C0%80', '%E0%80', '%'];

describe('hostile input at every endpoint', () => {
  let server: RunningServer;
  let token: string;
  before(async () => {
    server = await startTestServer();
    await createCampaign(server, await testCampaign());
    token = await signIn(server, accounts[0]!);
    // Some state to protect.
    await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token });
  });
  after(() => server.close());

  async function expectRefused(
    method: string,
    path: string,
    options: { raw?: string; token?: string; headers?: Record<string, string> } = {},
  ) {
    const reply = await call(server, method, path, options);
    const what = `${method} ${path} ${options.raw ?? ''}`;
    assert.ok(reply.status >= 400 && reply.status < 500, `${what} → ${reply.status}`);
    assert.equal(typeof reply.body?.error?.code, 'string', what);
    return reply;
  }

  test('NUL and lone surrogates in bodies are 400s naming the field', async () => {
    const before = await snapshot(server);
    const signature = `"0x${'1'.repeat(130)}"`;
    for (const bad of BAD_TEXT) {
      const verify = await expectRefused('POST', '/campaigns/demo/tasks/handle/verify', {
        token,
        raw: `{"input":${bad}}`,
      });
      assert.equal(verify.status, 400);
      assert.equal(verify.body.error.issues[0].path, 'input');
      await expectRefused('POST', '/campaigns/demo/tasks/quiz-capital/verify', {
        token,
        raw: `{${bad}:"Paris"}`,
      });
      await expectRefused('POST', '/campaigns/demo/tiers/basics/claim', {
        token,
        raw: `{"x":${bad}}`,
      });
      const signInReply = await expectRefused('POST', '/auth/verify', {
        raw: `{"message":${bad},"signature":${signature}}`,
      });
      assert.equal(signInReply.body.error.issues[0].path, 'message');
      await expectRefused('POST', '/auth/verify', {
        raw: `{"message":"m","signature":${signature},"campaignId":${bad}}`,
      });
      const campaign = JSON.stringify(await testCampaign({ id: 'fuzzed' }));
      for (const field of [
        '"title":"Demo campaign"',
        '"question":"Capital of France?"',
        '"id":"basics"',
      ]) {
        const [name] = field.split(':');
        const reply = await expectRefused('POST', '/campaigns', {
          headers: admin,
          raw: campaign.replace(field, `${name}:${bad}`),
        });
        assert.equal(reply.status, 400, field);
        assert.ok(reply.body.error.issues.length > 0);
      }
      await expectRefused('PUT', '/campaigns/demo', {
        headers: admin,
        raw: JSON.stringify(await testCampaign()).replace('"Demo campaign"', bad),
      });
      await expectRefused('PUT', `/admin/issuers/${accounts[1]!.address}`, {
        headers: admin,
        raw: `{"endpoint":${bad}}`,
      });
    }
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const reply = await expectRefused('POST', '/campaigns/demo/tasks/handle/verify', {
        token,
        raw: `{"${name}":{"polluted":true},"input":"@alice"}`,
      });
      assert.equal(reply.status, 400);
      assert.deepEqual(
        reply.body.error.issues.map((i: { path: string }) => i.path),
        [name],
      );
    }
    assert.deepEqual(await snapshot(server), before);
  });

  test('huge, negative and fractional numbers are refused, naming the field', async () => {
    const before = await snapshot(server);
    for (const n of [...BAD_NUMBERS, '0']) {
      const reply = await expectRefused('POST', '/campaigns/demo/tasks/visit-docs/verify', {
        token,
        raw: `{"chainId":${n}}`,
      });
      assert.equal(reply.body.error.issues[0].path, 'chainId');
    }
    for (const n of [...BAD_NUMBERS, '1000001', '1e9']) {
      const campaign = JSON.stringify(await testCampaign({ id: 'numbers' }));
      const points = await expectRefused('POST', '/campaigns', {
        headers: admin,
        raw: campaign.replace('"points":5', `"points":${n}`),
      });
      assert.equal(points.status, 422, n);
      assert.match(points.body.error.issues[0].path, /points/);
    }
    // Every task at the per-task maximum still adds up to more than a campaign may hold.
    const many = await testCampaign({
      id: 'too-many-points',
      tiers: [
        {
          id: 't',
          title: 'T',
          tasks: Array.from({ length: 1001 }, (_, i) => ({
            id: `v${i}`,
            kind: 'visit',
            title: 'V',
            points: 1_000_000,
            url: 'https://x.example',
          })),
        },
      ],
    });
    const total = await expectRefused('POST', '/campaigns', {
      headers: admin,
      raw: JSON.stringify(many),
    });
    assert.equal(total.body.error.issues[0].path, 'tiers');
    for (const q of ['limit=1e308', 'limit=9007199254740993', 'cursor=-1', 'limit=1.5'])
      await expectRefused('GET', `/campaigns/demo/leaderboard?${q}`);
    for (const q of ['limit=1e308', 'limit=0', 'limit=-5'])
      await expectRefused('GET', `/credentials/${accounts[0]!.address}?${q}`);
    assert.deepEqual(await snapshot(server), before);
  });

  test('NUL and invalid UTF-8 in paths and queries are 4xx, never 500', async () => {
    const before = await snapshot(server);
    for (const seg of BAD_SEGMENTS) {
      await expectRefused('GET', `/campaigns/${seg}`);
      await expectRefused('GET', `/campaigns/demo/progress/${seg}`);
      await expectRefused('POST', `/campaigns/demo/tasks/${seg}/verify`, { token });
      await expectRefused('POST', `/campaigns/${seg}/tasks/visit-docs/verify`, { token });
      await expectRefused('POST', `/campaigns/demo/tiers/${seg}/claim`, { token });
      await expectRefused('POST', `/campaigns/${seg}/archive`, { headers: admin });
      await expectRefused('GET', `/campaigns/${seg}/funnel`, { headers: admin });
      await expectRefused('GET', `/campaigns/${seg}/leaderboard`);
      await expectRefused('GET', `/credentials/${seg}`);
      await expectRefused('GET', `/credentials/${accounts[0]!.address}?campaignId=${seg}`);
      await expectRefused('GET', `/credentials/${accounts[0]!.address}?after=${seg}`);
      await expectRefused('GET', `/campaigns/demo/leaderboard?limit=${seg}`);
      await expectRefused('DELETE', `/admin/issuers/${seg}`, { headers: admin });
    }
    assert.deepEqual(await snapshot(server), before);
  });
});
