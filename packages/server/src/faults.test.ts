import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { verifyCredential } from '@questboard/core';
import { type AnvilNode, startAnvil } from '@questboard/rules/testing';
import { privateKeyToAccount } from 'viem/accounts';
import type { RunningServer } from './server.js';
import {
  accounts,
  call,
  countRows,
  createCampaign,
  DEV_KEYS,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

describe('restart mid-ladder (PGlite data directory)', () => {
  const root = mkdtempSync(join(tmpdir(), 'questboard-data-'));
  // A directory that does not exist yet: created with its parents.
  const dir = join(root, 'nested', 'data');
  after(() => rmSync(root, { recursive: true, force: true }));

  test('nothing is lost and the generated issuer key is kept (the data directory is created with its parents)', async () => {
    const wallet = accounts[0]!;
    let server: RunningServer = await startTestServer({ dataDir: dir, issuerKey: undefined });
    await createCampaign(server, await testCampaign());
    const token = await signIn(server, wallet);
    const first = await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token });
    assert.equal(first.body.ok, true);
    const quiz = await call(server, 'POST', '/campaigns/demo/tasks/quiz-capital/verify', {
      token,
      body: { input: 'Paris' },
    });
    assert.equal(quiz.body.ok, true);
    const before = await countRows(server.db);
    const keyFile = join(dir, 'issuer.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const key = readFileSync(keyFile, 'utf8').trim() as `0x${string}`;
    const issuer = privateKeyToAccount(key).address;
    await server.close();

    server = await startTestServer({ dataDir: dir, issuerKey: undefined });
    try {
      assert.deepEqual(await countRows(server.db), before, 'every row survived the restart');
      // The session survived too (it lives in the database).
      const progress = await call(server, 'GET', `/campaigns/demo/progress/${wallet.address}`);
      assert.deepEqual(Object.keys(progress.body.completed).sort(), ['quiz-capital', 'visit-docs']);
      assert.equal(progress.body.points, 15);
      const handle = await call(server, 'POST', '/campaigns/demo/tasks/handle/verify', {
        token,
        body: { input: '@me' },
      });
      assert.equal(handle.body.ok, true);
      assert.equal(handle.body.credential.issuer, issuer, 'same issuer after restart');
      const creds = (await call(server, 'GET', `/credentials/${wallet.address}`)).body.credentials;
      assert.equal(creds.length, 3);
      for (const c of creds)
        assert.equal((await verifyCredential(c, { issuers: [issuer] })).valid, true);
      assert.equal(
        (await call(server, 'POST', '/campaigns/demo/tiers/basics/claim', { token })).body
          .firstClaim,
        true,
      );
    } finally {
      await server.close();
    }
  });
});

describe('credential rule: credentials from another Questboard server', () => {
  const servers: RunningServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  test('a task on B passes once the wallet holds A’s credential; A down → retryable 503', async () => {
    const a = await startTestServer();
    servers.push(a);
    await createCampaign(a, await testCampaign());
    const aIssuer = a.context.issuer.address;
    const bKey = DEV_KEYS[3];
    const rule = { type: 'credential', issuer: aIssuer, campaignId: 'demo', taskId: 'visit-docs' };
    const partner = await testCampaign({
      id: 'partner',
      tiers: [
        {
          id: 'only',
          title: 'Only',
          tasks: [
            { id: 'alumni', kind: 'credential', title: 'Did the demo', points: 50, rule },
            {
              id: 'own',
              kind: 'credential',
              title: 'Holds this server’s own credential',
              points: 1,
              rule: {
                type: 'credential',
                issuer: privateKeyToAccount(bKey).address,
                campaignId: 'partner',
                taskId: 'alumni',
              },
            },
          ],
        },
      ],
    });
    const b = await startTestServer({
      issuerKey: bKey,
      issuerEndpoints: { [aIssuer.toLowerCase()]: a.url },
    });
    servers.push(b);
    await createCampaign(b, partner);
    const wallet = accounts[2]!;
    const tokenA = await signIn(a, wallet);
    const tokenB = await signIn(b, wallet);

    const before = await call(b, 'POST', '/campaigns/partner/tasks/alumni/verify', {
      token: tokenB,
    });
    assert.equal(before.body.ok, false);
    assert.equal(before.body.code, 'VERIFY_FAILED');
    assert.match(before.body.reason, /holds no credential/);
    const own = await call(b, 'POST', '/campaigns/partner/tasks/own/verify', { token: tokenB });
    assert.equal(own.body.ok, false);

    assert.equal(
      (await call(a, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token: tokenA })).body.ok,
      true,
    );
    const passed = await call(b, 'POST', '/campaigns/partner/tasks/alumni/verify', {
      token: tokenB,
    });
    assert.equal(passed.body.ok, true, JSON.stringify(passed.body));
    // B's own store is a credential source too.
    assert.equal(
      (await call(b, 'POST', '/campaigns/partner/tasks/own/verify', { token: tokenB })).body.ok,
      true,
    );

    // Another wallet while A is down: a retryable error, nothing stored.
    await a.close();
    const other = accounts[3]!;
    const tokenOther = await signIn(b, other);
    const rows = await countRows(b.db);
    const down = await call(b, 'POST', '/campaigns/partner/tasks/alumni/verify', {
      token: tokenOther,
    });
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.equal(down.body.error.code, 'RULE_ERROR');
    assert.equal(down.body.error.retryable, true);
    assert.deepEqual(await countRows(b.db), rows);
  });
});

describe('on-chain rule evaluated by the server against a real node', () => {
  let anvil: AnvilNode | undefined;
  let server: RunningServer | undefined;
  after(async () => {
    await server?.close();
    await anvil?.stop();
  });

  test('fails with progress before the transaction, passes after it', async () => {
    anvil = await startAnvil();
    server = await startTestServer();
    const campaign = await testCampaign({
      id: 'chain',
      chains: { '31337': { rpcUrls: [anvil.rpcUrl] } },
      tiers: [
        {
          id: 'only',
          title: 'Only',
          tasks: [
            {
              id: 'tx',
              kind: 'onchain',
              title: 'Send one transaction',
              points: 7,
              rule: { type: 'onchain.txCount', chainId: 31337, min: 1 },
            },
          ],
        },
      ],
    });
    await createCampaign(server, campaign);
    const wallet = accounts[3]!; // an unlocked anvil account with no transactions yet
    const token = await signIn(server, wallet);
    const before = await call(server, 'POST', '/campaigns/chain/tasks/tx/verify', { token });
    assert.equal(before.body.ok, false, JSON.stringify(before.body));
    assert.equal(before.body.code, 'VERIFY_FAILED');
    const sent = await fetch(anvil.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_sendTransaction',
        params: [{ from: wallet.address, to: accounts[0]!.address, value: '0x1' }],
      }),
    });
    assert.ok(((await sent.json()) as { result?: string }).result);
    // The rules' read cache keeps "latest" reads for 2 s.
    await new Promise((r) => setTimeout(r, 2100));
    const afterTx = await call(server, 'POST', '/campaigns/chain/tasks/tx/verify', { token });
    assert.equal(afterTx.body.ok, true, JSON.stringify(afterTx.body));
    assert.equal(afterTx.body.progress.completed.tx.points, 7);
  });
});

describe('database down', () => {
  test('readiness says so, health does not, requests fail with a retryable 500', async () => {
    const server = await startTestServer();
    try {
      await createCampaign(server, await testCampaign());
      await server.db.close();
      const ready = await call(server, 'GET', '/ready');
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body, { ok: false, database: 'down' });
      assert.equal((await call(server, 'GET', '/health')).status, 200);
      const nonce = await call(server, 'POST', '/auth/nonce');
      assert.equal(nonce.status, 500);
      assert.equal(nonce.body.error.code, 'SERVER');
      assert.equal(nonce.body.error.retryable, true);
    } finally {
      await server.close();
    }
  });
});
