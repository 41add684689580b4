import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { RunningServer } from './server.js';
import {
  accounts,
  admin,
  call,
  countRows,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

const SECRET = 'QB_TEST_PARTNER_KEY';
const VALUE = 'partner-key-7f3a9c1e5b';

/** A campaign whose one task asks a partner endpoint with a secret API key in a header. */
async function secretCampaign(partner: string) {
  const campaign = await testCampaign({ id: 'secret-demo' });
  campaign.tiers = [
    {
      id: 'only',
      title: 'Only',
      tasks: [
        {
          id: 'partner',
          kind: 'http',
          title: 'Partner check',
          points: 7,
          rule: {
            type: 'http',
            url: `${partner}/check?address=$address`,
            headers: { authorization: { $secret: SECRET } },
          },
        },
      ],
    },
  ] as never;
  return campaign;
}

describe('rule secrets are references, resolved from the server environment', () => {
  let server: RunningServer;
  let partner: Server;
  let partnerUrl: string;
  const seen: IncomingHttpHeaders[] = [];

  before(async () => {
    // The partner answers "done" only with the right key, as partner APIs do.
    partner = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== VALUE) {
        res.statusCode = 401;
        res.end('{"error":"bad key"}');
        return;
      }
      res.end('{"result":{"isValid":true}}');
    });
    await new Promise<void>((r) => partner.listen(0, '127.0.0.1', r));
    partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
    server = await startTestServer();
  });
  after(async () => {
    delete process.env[SECRET];
    await server.close();
    await new Promise((r) => partner.close(r));
  });

  test('a campaign whose secret is not set is refused, naming the rule and the secret', async () => {
    delete process.env[SECRET];
    const before = await countRows(server.db);
    const reply = await call(server, 'POST', '/campaigns', {
      body: await secretCampaign(partnerUrl),
      headers: admin,
    });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.error.code, 'CAMPAIGN_INVALID');
    const issue = reply.body.error.issues.find(
      (i: { path: string }) => i.path === 'tiers[0].tasks[0].rule',
    );
    assert.ok(issue, JSON.stringify(reply.body.error.issues));
    assert.match(issue.message, new RegExp(SECRET));
    assert.deepEqual(await countRows(server.db), before, 'nothing stored');
  });

  test('with it set: stored as a reference, never served, sent only to the partner', async () => {
    process.env[SECRET] = VALUE;
    const created = await call(server, 'POST', '/campaigns', {
      body: await secretCampaign(partnerUrl),
      headers: admin,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const stored = await server.db.query<{ body: unknown }>(
      `SELECT body FROM campaigns WHERE id = 'secret-demo'`,
    );
    assert.ok(!JSON.stringify(stored[0]!.body).includes(VALUE), 'the value is never stored');
    assert.match(JSON.stringify(stored[0]!.body), /"\$secret":"QB_TEST_PARTNER_KEY"/);
    const read = await call(server, 'GET', '/campaigns/secret-demo');
    assert.equal(read.status, 200);
    assert.ok(!JSON.stringify(read.body).includes(SECRET), 'no header, not even its name');

    const token = await signIn(server, accounts[2]!);
    const verified = await call(server, 'POST', '/campaigns/secret-demo/tasks/partner/verify', {
      token,
      body: {},
    });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.ok, true);
    assert.equal(seen.at(-1)?.authorization, VALUE, 'the partner got the resolved key');
  });

  test('a secret removed after creation fails the check clearly and stores nothing', async () => {
    delete process.env[SECRET];
    const token = await signIn(server, accounts[3]!);
    const before = await countRows(server.db);
    const calls = seen.length;
    const reply = await call(server, 'POST', '/campaigns/secret-demo/tasks/partner/verify', {
      token,
      body: {},
    });
    assert.equal(reply.status, 502);
    assert.equal(reply.body.error.code, 'RULE_ERROR');
    assert.match(reply.body.error.details, /SECRET_MISSING/);
    assert.match(reply.body.error.details, new RegExp(SECRET));
    assert.equal(seen.length, calls, 'nothing was sent to the partner');
    const after = await countRows(server.db);
    assert.equal(after.completions, before.completions);
    assert.equal(after.points_ledger, before.points_ledger);
  });
});
