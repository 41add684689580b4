// Credential sources across two real servers on two ports: B trusts A's credentials in its
// `credential` rules. The operator reads A's issuer at its well-known endpoint and adds A as a
// partner through B's admin API, without a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { serverRevocations, verifyCredential, type WellKnownResponse } from '@questboard/core';
import { privateKeyToAccount } from 'viem/accounts';
import type { RunningServer } from './server.js';
import {
  accounts,
  admin,
  call,
  countRows,
  createCampaign,
  DEV_KEYS,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

describe('credential sources between two servers', () => {
  let a: RunningServer;
  let b: RunningServer;
  const toA: string[] = [];
  const bKey = DEV_KEYS[3];
  const bIssuer = privateKeyToAccount(bKey).address;

  before(async () => {
    a = await startTestServer();
    await createCampaign(a, await testCampaign());
    const aIssuer = a.context.issuer.address;
    // B's outgoing requests, recorded (real fetch over 127.0.0.1).
    const recording: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.startsWith(a.url)) toA.push(url.slice(a.url.length));
      return fetch(input, init);
    };
    b = await startTestServer({ issuerKey: bKey }, { fetch: recording });
    await createCampaign(
      b,
      await testCampaign({
        id: 'partner',
        tiers: [
          {
            id: 'only',
            title: 'Only',
            tasks: [
              {
                id: 'alumni',
                kind: 'credential',
                title: 'Read the docs on A',
                points: 50,
                rule: {
                  type: 'credential',
                  issuer: aIssuer,
                  campaignId: 'demo',
                  taskId: 'visit-docs',
                },
              },
              {
                id: 'own',
                kind: 'credential',
                title: 'Did the alumni task here',
                points: 1,
                rule: {
                  type: 'credential',
                  issuer: bIssuer,
                  campaignId: 'partner',
                  taskId: 'alumni',
                },
              },
            ],
          },
        ],
      }),
    );
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  test('the well-known endpoint publishes the issuer, the credential schema and the EAS domain', async () => {
    const reply = await call<WellKnownResponse>(a, 'GET', '/.well-known/questboard.json');
    assert.equal(reply.status, 200);
    assert.equal(reply.body.issuer, a.context.issuer.address);
    assert.equal(reply.body.credentials, `${a.url}/credentials`);
    assert.equal(reply.body.schema.definition, 'string campaignId,string taskId');
    assert.match(reply.body.schema.uid, /^0x[0-9a-f]{64}$/);
    assert.equal(reply.body.eas.name, 'EAS Attestation');
  });

  test('partners are managed through the admin API, checked, and apply without a restart', async () => {
    const known = (await call<WellKnownResponse>(a, 'GET', '/.well-known/questboard.json')).body;
    const path = `/admin/issuers/${known.issuer}`;
    assert.equal((await call(b, 'PUT', path, { body: { endpoint: a.url } })).status, 401);
    const bad = await call(b, 'PUT', path, { body: { endpoint: 'ftp://x' }, headers: admin });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'endpoint');
    const put = await call(b, 'PUT', path, { body: { endpoint: `${a.url}/` }, headers: admin });
    assert.equal(put.status, 201, JSON.stringify(put.body));
    const list = await call(b, 'GET', '/admin/issuers', { headers: admin });
    assert.deepEqual(list.body.issuers, { [known.issuer.toLowerCase()]: a.url });
  });

  test('a rule asks only the issuer it names, for exactly its campaign and task', async () => {
    const wallet = accounts[2]!;
    const tokenA = await signIn(a, wallet);
    const tokenB = await signIn(b, wallet);
    toA.length = 0;
    const before = await call(b, 'POST', '/campaigns/partner/tasks/alumni/verify', {
      token: tokenB,
    });
    assert.equal(before.body.code, 'VERIFY_FAILED', JSON.stringify(before.body));
    assert.deepEqual(toA, [`/credentials/${wallet.address}?campaignId=demo&taskId=visit-docs`]);

    toA.length = 0;
    const own = await call(b, 'POST', '/campaigns/partner/tasks/own/verify', { token: tokenB });
    assert.equal(own.body.ok, false);
    assert.deepEqual(toA, [], "B's own issuer is read from B's store, A is not asked");

    for (const task of ['visit-docs', 'quiz-capital'])
      await call(a, 'POST', `/campaigns/demo/tasks/${task}/verify`, {
        token: tokenA,
        body: task === 'quiz-capital' ? { input: 'Paris' } : {},
      });
    const passed = await call(b, 'POST', '/campaigns/partner/tasks/alumni/verify', {
      token: tokenB,
    });
    assert.equal(passed.body.ok, true, JSON.stringify(passed.body));
    const ownNow = await call(b, 'POST', '/campaigns/partner/tasks/own/verify', { token: tokenB });
    assert.equal(ownNow.body.ok, true, JSON.stringify(ownNow.body));
  });

  test('credentials are paged (never cut silently) and filtered', async () => {
    const wallet = accounts[2]!;
    const all = await call(a, 'GET', `/credentials/${wallet.address}`);
    assert.equal(all.body.credentials.length, 2);
    assert.equal(all.body.next, undefined);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = await call(
        a,
        'GET',
        `/credentials/${wallet.address}?limit=1${next ? `&after=${next}` : ''}`,
      );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.body.credentials.length, 1);
      seen.push(page.body.credentials[0].taskId);
      next = page.body.next;
    } while (next);
    assert.deepEqual(
      seen,
      all.body.credentials.map((c: { taskId: string }) => c.taskId),
    );
    const one = await call(
      a,
      'GET',
      `/credentials/${wallet.address}?campaignId=demo&taskId=quiz-capital`,
    );
    assert.deepEqual(
      one.body.credentials.map((c: { taskId: string }) => c.taskId),
      ['quiz-capital'],
    );
    for (const c of all.body.credentials)
      assert.equal(
        (await verifyCredential(c, { issuers: [a.context.issuer.address] })).valid,
        true,
      );
    assert.equal(
      (await call(a, 'GET', `/credentials/${wallet.address}?after=nonsense`)).status,
      400,
    );
    assert.equal((await call(a, 'GET', `/credentials/${wallet.address}?limit=501`)).status, 400);
  });

  test('a partner down fails only the rules that need it, naming it, with Retry-After', async () => {
    const other = accounts[3]!;
    const tokenOther = await signIn(b, other);
    // Point the partner at a closed port: A's issuer stays, its endpoint is unreachable.
    const dead = 'http://127.0.0.1:9';
    await call(b, 'PUT', `/admin/issuers/${a.context.issuer.address}`, {
      body: { endpoint: dead },
      headers: admin,
    });
    const rows = await countRows(b.db);
    const down = await call(b, 'POST', '/campaigns/partner/tasks/alumni/verify', {
      token: tokenOther,
    });
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.equal(down.body.error.code, 'RULE_ERROR');
    assert.equal(down.body.error.retryable, true);
    assert.ok(down.body.error.message.includes(dead), down.body.error.message);
    assert.equal(down.headers.get('retry-after'), '30');
    assert.deepEqual(await countRows(b.db), rows, 'nothing stored');
    // The rule on B's own issuer does not need A: answered (not done), no error.
    const own = await call(b, 'POST', '/campaigns/partner/tasks/own/verify', { token: tokenOther });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.code, 'VERIFY_FAILED');
    // Removing the partner: its credentials are simply not held any more.
    assert.equal(
      (await call(b, 'DELETE', `/admin/issuers/${a.context.issuer.address}`, { headers: admin }))
        .status,
      204,
    );
    const gone = await call(b, 'POST', '/campaigns/partner/tasks/alumni/verify', {
      token: tokenOther,
    });
    assert.equal(gone.body.code, 'VERIFY_FAILED');
  });

  test('the operator revokes a credential; revocations are listed publicly', async () => {
    const wallet = accounts[2]!;
    const held = (await call(a, 'GET', `/credentials/${wallet.address}?taskId=visit-docs`)).body
      .credentials[0];
    const uid: string = held.uid;
    const body = { uid, reason: 'issued by mistake' };
    assert.equal((await call(a, 'POST', '/admin/revocations', { body })).status, 401);
    const first = await call(a, 'POST', '/admin/revocations', { body, headers: admin });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.uid, uid);
    const again = await call(a, 'POST', '/admin/revocations', { body, headers: admin });
    assert.equal(again.status, 200);
    assert.equal(again.body.revokedAt, first.body.revokedAt);
    const unknown = await call(a, 'POST', '/admin/revocations', {
      body: { uid: `0x${'0'.repeat(64)}` },
      headers: admin,
    });
    assert.equal(unknown.status, 404);
    const list = await call(a, 'GET', '/credentials/revocations', {
      headers: { origin: 'https://anywhere.example' },
    });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.revocations, [
      { uid, revokedAt: first.body.revokedAt, reason: 'issued by mistake' },
    ]);

    // What the passport asks (`serverRevocations`): this uid revoked, another one not.
    const other = (await call(a, 'GET', `/credentials/${wallet.address}`)).body.credentials.find(
      (c: { uid: string }) => c.uid !== uid,
    );
    const withRevocation = { revocation: serverRevocations(a.url) };
    const revoked = await verifyCredential(held, withRevocation);
    assert.equal(revoked.valid, false);
    assert.equal(!revoked.valid && revoked.reason, 'REVOKED');
    assert.equal((await verifyCredential(other, withRevocation)).valid, true);
    const bad = await call(a, 'GET', '/credentials/revocations?uid=nope');
    assert.equal(bad.status, 400);
  });
});
