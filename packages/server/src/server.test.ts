import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyCredential } from '@questboard/core';
import { privateKeyToAccount } from 'viem/accounts';
import type { RunningServer } from './server.js';
import {
  accounts,
  admin,
  call,
  countRows,
  createCampaign,
  DOMAIN,
  ISSUER_KEY,
  lazyPostgres,
  ledgerMatchesTotals,
  ORIGIN,
  type Store,
  signedMessage,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

const issuer = privateKeyToAccount(ISSUER_KEY).address;
const pg = lazyPostgres();

/** Runs `fn`, asserting it leaves every state table exactly as it was. */
async function unchanged(server: RunningServer, fn: () => Promise<void>) {
  const before = await countRows(server.db);
  await fn();
  assert.deepEqual(await countRows(server.db), before, 'no table may change');
}

/**
 * Runs `fn` (failed checks), asserting it changes no state and only appends one `task_failed`
 * event per failure to the event log, each with its reason code.
 */
async function onlyFailuresLogged(
  server: RunningServer,
  reasons: string[],
  fn: () => Promise<void>,
) {
  const before = await countRows(server.db);
  const [row] = await server.db.query<{ last: string | null }>(
    'SELECT max(id)::text AS last FROM events',
  );
  const last = row?.last;
  await fn();
  const logged = await server.db.query<{ type: string; reason: string }>(
    'SELECT type, reason FROM events WHERE id > $1 ORDER BY id',
    [last ?? '0'],
  );
  assert.deepEqual(
    logged.map((e) => [e.type, e.reason]),
    reasons.map((r) => ['task_failed', r]),
    'one task_failed event per failure',
  );
  assert.deepEqual(
    await countRows(server.db),
    { ...before, events: (before.events ?? 0) + reasons.length },
    'no other table may change',
  );
}

function assertError(
  // biome-ignore lint/suspicious/noExplicitAny: any error body
  reply: { status: number; body: any },
  status: number,
  code: string,
  details?: RegExp,
) {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body?.error?.code, code, JSON.stringify(reply.body));
  assert.equal(typeof reply.body.error.message, 'string');
  if (details) assert.match(reply.body.error.details ?? '', details);
}

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`server on ${store}`, () => {
    let server: RunningServer;
    const [alice, bob, carol] = accounts as [
      (typeof accounts)[0],
      (typeof accounts)[0],
      (typeof accounts)[0],
    ];
    let aliceToken = '';

    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase('endpoints') : undefined;
      server = await startTestServer({ databaseUrl });
      await createCampaign(server, await testCampaign());
      aliceToken = await signIn(server, alice);
    });
    after(() => server.close());

    describe('meta', () => {
      test('health, readiness and the OpenAPI document', async () => {
        assert.deepEqual((await call(server, 'GET', '/health')).body, {
          ok: true,
          version: '0.1.0',
        });
        const ready = await call(server, 'GET', '/ready');
        assert.deepEqual(ready.body, { ok: true, database: 'ok' });
        // An API answers JSON only: never sniffed, never framed, no referrer leaks.
        assert.equal(ready.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(ready.headers.get('referrer-policy'), 'no-referrer');
        assert.equal(
          ready.headers.get('content-security-policy'),
          "default-src 'none'; frame-ancestors 'none'",
        );
        const doc = await call(server, 'GET', '/openapi.json');
        assert.equal(doc.body.openapi, '3.1.0');
        for (const path of [
          '/auth/nonce',
          '/auth/verify',
          '/auth/session',
          '/auth/signout',
          '/campaigns',
          '/campaigns/{id}',
          '/campaigns/{id}/archive',
          '/campaigns/{id}/progress/{address}',
          '/campaigns/{id}/tasks/{taskId}/verify',
          '/campaigns/{id}/tiers/{tierId}/claim',
          '/campaigns/{id}/leaderboard',
          '/campaigns/{id}/funnel',
          '/credentials/{address}',
        ])
          assert.ok(doc.body.paths[path], `documents ${path}`);
        assert.equal(doc.headers.get('questboard-protocol'), '1');
      });

      test('the OpenAPI document lists every route the app serves, and nothing else', async () => {
        const doc = (await call(server, 'GET', '/openapi.json')).body;
        const served = new Set(
          server.app.routes
            // The operator console (`/console`) is a static page, not API.
            .filter((r) => r.method !== 'ALL' && !/^\/console(?:\/|$)/.test(r.path))
            .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
        );
        const documented = new Set(
          Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
            ([path, item]) =>
              Object.keys(item)
                .filter((k) => ['get', 'post', 'put', 'delete', 'patch'].includes(k))
                .map((method) => `${method} ${path}`),
          ),
        );
        assert.deepEqual([...served].sort(), [...documented].sort());
      });

      test('unknown route → 404 JSON', async () => {
        assertError(await call(server, 'GET', '/nope'), 404, 'BAD_REQUEST');
      });
    });

    describe('campaigns', () => {
      test('public read with ETag and 304', async () => {
        const first = await call(server, 'GET', '/campaigns/demo');
        assert.equal(first.status, 200);
        assert.equal(first.body.id, 'demo');
        const etag = first.headers.get('etag');
        assert.match(etag ?? '', /^"[0-9a-f]{32}"$/);
        const again = await call(server, 'GET', '/campaigns/demo', {
          headers: { 'if-none-match': etag! },
        });
        assert.equal(again.status, 304);
        const list = await call(server, 'GET', '/campaigns');
        assert.deepEqual(
          list.body.campaigns.map((c: { id: string }) => c.id),
          ['demo'],
        );
      });

      test('unknown campaign → 404', async () => {
        assertError(await call(server, 'GET', '/campaigns/missing'), 404, 'CAMPAIGN_NOT_FOUND');
      });

      test('admin create / update / archive, with the key only', async () => {
        const campaign = await testCampaign({ id: 'second', title: 'Second' });
        await unchanged(server, async () => {
          assertError(
            await call(server, 'POST', '/campaigns', { body: campaign }),
            401,
            'UNAUTHORIZED',
          );
          assertError(
            await call(server, 'POST', '/campaigns', {
              body: campaign,
              headers: { authorization: 'Bearer wrong' },
            }),
            401,
            'UNAUTHORIZED',
          );
          const invalid = await call(server, 'POST', '/campaigns', {
            body: {
              ...campaign,
              tiers: [{ id: 'x', title: 'X', tasks: [{ id: 't', kind: 'visit', points: -1 }] }],
            },
            headers: admin,
          });
          assertError(invalid, 422, 'CAMPAIGN_INVALID');
          assert.ok(invalid.body.error.issues.length >= 2, 'lists every bad path');
          assertError(
            await call(server, 'POST', '/campaigns', {
              body: await testCampaign(),
              headers: admin,
            }),
            409,
            'BAD_REQUEST',
          );
        });
        const created = await call(server, 'POST', '/campaigns', {
          body: campaign,
          headers: admin,
        });
        assert.equal(created.status, 201);
        const etag1 = (await call(server, 'GET', '/campaigns/second')).headers.get('etag');
        assertError(
          await call(server, 'PUT', '/campaigns/second', {
            body: { ...campaign, id: 'other' },
            headers: admin,
          }),
          400,
          'BAD_REQUEST',
        );
        const updated = await call(server, 'PUT', '/campaigns/second', {
          body: { ...campaign, title: 'Second, renamed' },
          headers: { ...admin, 'if-match': etag1! },
        });
        assert.equal(updated.status, 200);
        const read = await call(server, 'GET', '/campaigns/second');
        assert.equal(read.body.title, 'Second, renamed');
        assert.notEqual(read.headers.get('etag'), etag1);
        assertError(
          await call(server, 'PUT', '/campaigns/second', {
            body: campaign,
            headers: { ...admin, 'if-match': etag1! },
          }),
          412,
          'BAD_REQUEST',
        );
        assert.equal(
          (await call(server, 'POST', '/campaigns/second/archive', { headers: admin })).status,
          200,
        );
        assertError(await call(server, 'GET', '/campaigns/second'), 404, 'CAMPAIGN_NOT_FOUND');
        const all = await call(server, 'GET', '/campaigns?archived=true', { headers: admin });
        assert.deepEqual(
          all.body.campaigns.map((c: { id: string; archived: boolean }) => [c.id, c.archived]),
          [
            ['demo', false],
            ['second', true],
          ],
        );
      });
    });

    describe('auth', () => {
      test('nonce → SIWE → bearer session → sign-out', async () => {
        const token = await signIn(server, bob);
        const session = await call(server, 'GET', '/auth/session', { token });
        assert.equal(session.status, 200);
        assert.equal(session.body.address, bob.address);
        assert.equal(session.body.chainId, 1);
        assert.ok(Date.parse(session.body.expiresAt) > Date.now());
        const rows = await server.db.query<{ token_hash: string }>(
          'SELECT token_hash FROM sessions',
        );
        assert.ok(
          rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)),
          'only hashes stored',
        );
        assert.equal((await call(server, 'POST', '/auth/signout', { token })).status, 204);
        assertError(await call(server, 'GET', '/auth/session', { token }), 401, 'SESSION_EXPIRED');
      });

      const refusals: [string, () => Promise<{ message: string; signature: string }>, RegExp][] = [
        [
          'an expired message',
          () =>
            signedMessage(server, carol, {
              expirationTime: new Date(Date.now() - 5 * 60_000),
              issuedAt: new Date(Date.now() - 6 * 60_000),
            }),
          /^EXPIRED/,
        ],
        [
          'a message for another domain',
          () => signedMessage(server, carol, { domain: 'evil.example' }),
          /^WRONG_DOMAIN/,
        ],
        [
          'a message for another chain',
          () => signedMessage(server, carol, { chainId: 5 }),
          /^WRONG_CHAIN/,
        ],
        [
          'a tampered message',
          async () => {
            const m = await signedMessage(server, carol);
            return {
              ...m,
              message: m.message.replace('Sign in to Questboard', 'Sign in to Questboard!'),
            };
          },
          /^ADDRESS_MISMATCH/,
        ],
        [
          'a message naming another address',
          async () => {
            const m = await signedMessage(server, carol, { address: bob.address });
            return m;
          },
          /^ADDRESS_MISMATCH/,
        ],
        [
          'an unknown nonce',
          () => signedMessage(server, carol, { nonce: 'abcdefgh12345678' }),
          /^NONCE_INVALID/,
        ],
        [
          'an expired nonce',
          async () => {
            const m = await signedMessage(server, carol);
            await server.db.query(
              `UPDATE nonces SET expires_at = now() - interval '1 second' WHERE nonce = $1`,
              [m.nonce],
            );
            return m;
          },
          /^NONCE_INVALID/,
        ],
        [
          'a malformed signature',
          async () => ({ ...(await signedMessage(server, carol)), signature: '0x1234' }),
          /^BAD_SIGNATURE|^MALFORMED/,
        ],
      ];
      for (const [name, make, reason] of refusals) {
        test(`refuses ${name} and changes nothing`, async () => {
          const { message, signature } = await make();
          await unchanged(server, async () => {
            const reply = await call(server, 'POST', '/auth/verify', {
              body: { message, signature },
              headers: { origin: ORIGIN },
            });
            assertError(reply, 401, 'SIGN_IN_FAILED', reason);
          });
        });
      }

      test('refuses a replayed nonce', async () => {
        const { message, signature } = await signedMessage(server, carol);
        const first = await call(server, 'POST', '/auth/verify', {
          body: { message, signature },
          headers: { origin: ORIGIN },
        });
        assert.equal(first.status, 200);
        await unchanged(server, async () => {
          const replay = await call(server, 'POST', '/auth/verify', {
            body: { message, signature },
            headers: { origin: ORIGIN },
          });
          assertError(replay, 401, 'SIGN_IN_FAILED', /^NONCE_INVALID/);
        });
      });

      test('binds the SIWE domain to the calling origin', async () => {
        // other.example is an allowed origin of the campaign, but this page is app.example.
        const { message, signature } = await signedMessage(server, carol, {
          domain: 'other.example',
        });
        await unchanged(server, async () => {
          const reply = await call(server, 'POST', '/auth/verify', {
            body: { message, signature },
            headers: { origin: ORIGIN },
          });
          assertError(
            reply,
            401,
            'SIGN_IN_FAILED',
            /^WRONG_DOMAIN: domain "other.example" is not one of "app.example"/,
          );
          // A page whose origin is not allowed at all is refused before any SIWE work.
          assertError(
            await call(server, 'POST', '/auth/verify', {
              body: { message, signature },
              headers: { origin: 'https://evil.example' },
            }),
            403,
            'UNAUTHORIZED',
          );
        });
        // The same message from its own page signs in.
        const ok = await call(server, 'POST', '/auth/verify', {
          body: { message, signature, campaignId: 'demo' },
          headers: { origin: 'https://other.example' },
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
      });

      test('refuses malformed bodies', async () => {
        await unchanged(server, async () => {
          assertError(
            await call(server, 'POST', '/auth/verify', { raw: '{"message":' }),
            400,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', '/auth/verify', { body: { message: 1, signature: [] } }),
            400,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', '/auth/verify', {
              body: { message: 'x', signature: '0x', extra: 1 },
            }),
            400,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', '/auth/verify', {
              raw: 'message=x',
              headers: { 'content-type': 'text/plain' },
            }),
            415,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', '/auth/verify', {
              body: { message: 'x'.repeat(20_000), signature: '0x' },
            }),
            413,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', '/auth/verify', {
              body: { message: 'not siwe', signature: '0x1234' },
            }),
            401,
            'SIGN_IN_FAILED',
            /^MALFORMED/,
          );
        });
      });

      test('expired and unknown session tokens → 401 SESSION_EXPIRED, none or malformed → SIGN_IN_REQUIRED; nothing changes', async () => {
        const token = await signIn(server, carol);
        await server.db.query(
          `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE address = $1`,
          [carol.address],
        );
        await unchanged(server, async () => {
          for (const t of [token, 'A'.repeat(43), 'forged-token-forged-token-forged']) {
            assertError(
              await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token: t }),
              401,
              'SESSION_EXPIRED',
            );
          }
          assertError(
            await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify'),
            401,
            'SIGN_IN_REQUIRED',
          );
          assertError(
            await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', {
              headers: { authorization: 'Basic x' },
            }),
            401,
            'SIGN_IN_REQUIRED',
          );
        });
      });
    });

    describe('the climb', () => {
      test('verify, claim, progress, leaderboard, credentials and funnel', async () => {
        const token = aliceToken;
        // Advanced is locked until basics is done.
        await unchanged(server, async () => {
          assertError(
            await call(server, 'POST', '/campaigns/demo/tasks/mainnet/verify', { token }),
            409,
            'TASK_LOCKED',
          );
          assertError(
            await call(server, 'POST', '/campaigns/demo/tiers/basics/claim', { token }),
            409,
            'TIER_NOT_COMPLETE',
          );
        });

        const visit = await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', {
          token,
        });
        assert.equal(visit.status, 200);
        assert.equal(visit.body.ok, true);
        assert.equal(visit.body.firstCompletion, true);
        assert.equal(visit.body.progress.completed['visit-docs'].points, 5);
        const credential = visit.body.credential;
        const check = await verifyCredential(credential, {
          issuers: [issuer],
          recipient: alice.address,
        });
        assert.equal(check.valid, true, JSON.stringify(check));
        assert.equal(credential.campaignId, 'demo');
        assert.equal(credential.taskId, 'visit-docs');

        const again = await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', {
          token,
        });
        assert.equal(again.body.firstCompletion, false);
        assert.equal(again.body.credential.uid, credential.uid);

        await onlyFailuresLogged(server, ['WRONG_ANSWER', 'INPUT_MISMATCH'], async () => {
          const wrong = await call(server, 'POST', '/campaigns/demo/tasks/quiz-capital/verify', {
            token,
            body: { input: 'Lyon' },
          });
          assert.deepEqual(
            { status: wrong.status, ok: wrong.body.ok, code: wrong.body.code },
            { status: 200, ok: false, code: 'WRONG_ANSWER' },
          );
          const mismatch = await call(server, 'POST', '/campaigns/demo/tasks/handle/verify', {
            token,
            body: { input: "@x'; DROP TABLE completions; --" },
          });
          assert.equal(mismatch.body.code, 'INPUT_MISMATCH');
        });
        assert.equal(
          (
            await call(server, 'POST', '/campaigns/demo/tasks/quiz-capital/verify', {
              token,
              body: { input: '  paris ' },
            })
          ).body.ok,
          true,
        );
        assert.equal(
          (
            await call(server, 'POST', '/campaigns/demo/tasks/handle/verify', {
              token,
              body: { input: '@alice' },
            })
          ).body.ok,
          true,
        );

        const claim = await call(server, 'POST', '/campaigns/demo/tiers/basics/claim', { token });
        assert.equal(claim.status, 200);
        assert.equal(claim.body.firstClaim, true);
        assert.ok(claim.body.progress.claimed.basics);
        assert.equal(
          (await call(server, 'POST', '/campaigns/demo/tiers/basics/claim', { token })).body
            .firstClaim,
          false,
        );

        const chain = await call(server, 'POST', '/campaigns/demo/tasks/mainnet/verify', { token });
        assert.equal(chain.body.ok, true);

        const progress = await call(
          server,
          'GET',
          `/campaigns/demo/progress/${alice.address.toLowerCase()}`,
        );
        assert.equal(progress.status, 200);
        assert.equal(progress.body.points, 30);
        assert.deepEqual(Object.keys(progress.body.completed).sort(), [
          'handle',
          'mainnet',
          'quiz-capital',
          'visit-docs',
        ]);

        const board = await call(server, 'GET', '/campaigns/demo/leaderboard?limit=5');
        assert.equal(board.status, 200);
        assert.deepEqual(board.body.entries[0], { rank: 1, address: alice.address, points: 30 });
        assert.equal(board.body.period, 'all');

        const creds = await call(server, 'GET', `/credentials/${alice.address}`);
        assert.equal(creds.body.credentials.length, 4);
        for (const c of creds.body.credentials)
          assert.equal((await verifyCredential(c, { issuers: [issuer] })).valid, true);
        const tampered = { ...creds.body.credentials[0], taskId: 'something-else' };
        const bad = await verifyCredential(tampered);
        assert.equal(bad.valid, false);
        assert.equal(!bad.valid && bad.reason, 'FIELD_MISMATCH');
        const filtered = await call(server, 'GET', `/credentials/${alice.address}?campaignId=none`);
        assert.deepEqual(filtered.body.credentials, []);

        assertError(await call(server, 'GET', '/campaigns/demo/funnel'), 401, 'UNAUTHORIZED');
        const funnel = await call(server, 'GET', '/campaigns/demo/funnel', { headers: admin });
        assert.equal(funnel.status, 200);
        assert.equal(funnel.body.wallets, 1);
        assert.deepEqual(funnel.body.tiers, [
          { tierId: 'basics', reached: 1, completed: 1, claimed: 1 },
          { tierId: 'advanced', reached: 1, completed: 0, claimed: 0 },
        ]);
        assert.deepEqual(
          funnel.body.tasks.map((t: { taskId: string; completions: number }) => [
            t.taskId,
            t.completions,
          ]),
          [
            ['visit-docs', 1],
            ['quiz-capital', 1],
            ['handle', 1],
            ['mainnet', 1],
            ['onchain-tx', 0],
          ],
        );
        assert.ok(await ledgerMatchesTotals(server.db));
      });

      test('RPC down during verify → 503 RULE_ERROR, retryable, nothing stored', async () => {
        // alice unlocked "advanced" above; its chain's RPC points at a closed port.
        await unchanged(server, async () => {
          const reply = await call(server, 'POST', '/campaigns/demo/tasks/onchain-tx/verify', {
            token: aliceToken,
          });
          assertError(reply, 503, 'RULE_ERROR');
          assert.equal(reply.body.error.retryable, true);
        });
      });

      test('the ledger is append-only', async () => {
        await assert.rejects(server.db.query('DELETE FROM points_ledger'), /append-only/);
        await assert.rejects(
          server.db.query('UPDATE points_ledger SET delta = 1000'),
          /append-only/,
        );
      });
    });

    describe('bad input changes nothing', () => {
      test('malformed JSON, wrong types, unknown fields, oversized bodies', async () => {
        const token = aliceToken;
        await unchanged(server, async () => {
          const path = '/campaigns/demo/tasks/quiz-capital/verify';
          assertError(
            await call(server, 'POST', path, { token, raw: '{"input": "Paris"' }),
            400,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', path, { token, raw: '[1,2]' }),
            400,
            'BAD_REQUEST',
          );
          const typed = await call(server, 'POST', path, { token, body: { input: 42 } });
          assertError(typed, 400, 'BAD_REQUEST');
          assert.deepEqual(typed.body.error.issues, [
            { path: 'input', message: 'must be a string, got number' },
          ]);
          assertError(
            await call(server, 'POST', path, { token, body: { answer: 'Paris' } }),
            400,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', path, {
              token,
              raw: JSON.stringify({ input: 'x'.repeat(40_000) }),
            }),
            413,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', '/campaigns', {
              raw: JSON.stringify({ big: 'x'.repeat(200_000) }),
              headers: admin,
            }),
            413,
            'BAD_REQUEST',
          );
        });
      });

      test('unknown campaign, task or tier; SQL-looking ids', async () => {
        const token = aliceToken;
        await unchanged(server, async () => {
          assertError(
            await call(server, 'POST', '/campaigns/nope/tasks/visit-docs/verify', { token }),
            404,
            'CAMPAIGN_NOT_FOUND',
          );
          assertError(
            await call(server, 'POST', '/campaigns/demo/tasks/nope/verify', { token }),
            404,
            'TASK_NOT_FOUND',
          );
          assertError(
            await call(server, 'POST', '/campaigns/demo/tiers/nope/claim', { token }),
            404,
            'TIER_NOT_FOUND',
          );
          const sql = encodeURIComponent("x'; DROP TABLE completions; --");
          assertError(
            await call(server, 'POST', `/campaigns/demo/tasks/${sql}/verify`, { token }),
            400,
            'BAD_REQUEST',
          );
          assertError(await call(server, 'GET', `/campaigns/${sql}`), 400, 'BAD_REQUEST');
          assertError(
            await call(server, 'GET', `/campaigns/demo/progress/${sql}`),
            400,
            'BAD_REQUEST',
          );
          assertError(await call(server, 'GET', `/credentials/${sql}`), 400, 'BAD_REQUEST');
          assertError(
            await call(server, 'GET', '/campaigns/demo/leaderboard?limit=1000'),
            400,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'GET', '/campaigns/demo/leaderboard?cursor=-1'),
            400,
            'BAD_REQUEST',
          );
        });
        const tables = await server.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM completions`,
        );
        assert.ok(tables[0]!.n > 0, 'completions survived');
      });

      test('idempotency keys: same key → first answer; other body → 422', async () => {
        const token = await signIn(server, bob);
        const path = '/campaigns/demo/tasks/quiz-capital/verify';
        const headers = { 'idempotency-key': 'bob-quiz-1' };
        const first = await call(server, 'POST', path, {
          token,
          body: { input: 'Paris' },
          headers,
        });
        assert.equal(first.body.firstCompletion, true);
        assert.equal(
          first.headers.get('idempotent-replayed'),
          null,
          'the first answer is no replay',
        );
        const retry = await call(server, 'POST', path, {
          token,
          body: { input: 'Paris' },
          headers,
        });
        assert.deepEqual(retry.body, first.body);
        // Byte for byte, not only the same value (a jsonb column once reordered the keys).
        assert.equal(retry.text, first.text);
        assert.equal(retry.headers.get('idempotent-replayed'), 'true');
        // An answer stored apart from a completion (the task already done: `keys.save`) too.
        const againHeaders = { 'idempotency-key': 'bob-quiz-2' };
        const again = await call(server, 'POST', path, {
          token,
          body: { input: 'Paris' },
          headers: againHeaders,
        });
        assert.equal(again.status, 200);
        assert.equal(again.body.firstCompletion, false);
        const againRetry = await call(server, 'POST', path, {
          token,
          body: { input: 'Paris' },
          headers: againHeaders,
        });
        assert.equal(againRetry.headers.get('idempotent-replayed'), 'true');
        assert.equal(againRetry.text, again.text);
        // The first answer is sent as the JSON it was stored as; both are JSON with the same headers.
        for (const reply of [first, retry]) {
          assert.equal(reply.headers.get('content-type'), 'application/json');
          assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
        }
        await unchanged(server, async () => {
          assertError(
            await call(server, 'POST', path, { token, body: { input: 'paris' }, headers }),
            422,
            'BAD_REQUEST',
          );
          assertError(
            await call(server, 'POST', path, {
              token,
              body: { input: 'Paris' },
              headers: { 'idempotency-key': '' },
            }),
            400,
            'BAD_REQUEST',
          );
        });
      });
    });

    describe('CORS', () => {
      test('per-campaign allowlist, public reads for anyone', async () => {
        const pre = await call(server, 'OPTIONS', '/campaigns/demo/tasks/visit-docs/verify', {
          headers: {
            origin: ORIGIN,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization',
          },
        });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
        assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/);
        assert.equal(pre.headers.get('access-control-allow-credentials'), null);
        const denied = await call(server, 'OPTIONS', '/campaigns/demo/tasks/visit-docs/verify', {
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        });
        assert.equal(denied.status, 403);
        const get = await call(server, 'GET', '/campaigns/demo', {
          headers: { origin: 'https://evil.example' },
        });
        assert.equal(get.headers.get('access-control-allow-origin'), null);
        const allowed = await call(server, 'GET', '/campaigns/demo', {
          headers: { origin: ORIGIN },
        });
        assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
        assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /ETag/);
        const creds = await call(server, 'GET', `/credentials/${alice.address}`, {
          headers: { origin: 'https://anyone.example' },
        });
        assert.equal(creds.headers.get('access-control-allow-origin'), '*');
        await unchanged(server, async () => {
          const post = await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', {
            token: aliceToken,
            headers: { origin: 'https://evil.example' },
          });
          assertError(post, 403, 'UNAUTHORIZED');
        });
      });
    });
  });

  describe(`rate limits on ${store}`, () => {
    let server: RunningServer;
    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase('limits') : undefined;
      server = await startTestServer({ databaseUrl, rateLimitIp: 8, rateLimitAddress: 2 });
      await createCampaign(server, await testCampaign());
    });
    after(() => server.close());

    test('per address and per IP → 429 with Retry-After', async () => {
      // Counters live in one-minute windows: start well inside one.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
      const token = await signIn(server, accounts[3]!); // nonce + verify: 2 IP hits, 1 address hit
      const path = '/campaigns/demo/tasks/visit-docs/verify';
      assert.equal((await call(server, 'POST', path, { token })).status, 200); // address hit 2
      const limited = await call(server, 'POST', path, { token });
      assertError(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal(limited.body.error.retryable, true);
      let last = 0;
      for (let i = 0; i < 6; i++) last = (await call(server, 'GET', '/campaigns/demo')).status;
      assert.equal(last, 429);
      assert.equal((await call(server, 'GET', '/health')).status, 200, 'health is never limited');
    });
  });
}

void DOMAIN;
