import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { QuestError, type Session, verifyCredential } from '@questboard/core';
import { httpBackend } from '@questboard/core/http';
import { createSiweMessage } from 'viem/siwe';
import type { RunningServer } from './server.js';
import { accounts, createCampaign, DOMAIN, startTestServer, testCampaign } from './test/helpers.js';

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<QuestError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QuestError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected QuestError ${code}`);
}

describe('httpBackend against the reference server', () => {
  let server: RunningServer;
  let backend: ReturnType<typeof httpBackend>;
  const statuses: number[] = [];
  before(async () => {
    server = await startTestServer();
    await createCampaign(server, await testCampaign());
    // Real fetch over 127.0.0.1, recording statuses.
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    };
    backend = httpBackend({ endpoint: `${server.url}/`, campaignId: 'demo', fetch: recording });
  });
  after(() => server.close());

  async function signIn(account = accounts[0]!): Promise<Session> {
    const nonce = await backend.getNonce();
    const message = createSiweMessage({
      domain: DOMAIN,
      address: account.address,
      uri: `https://${DOMAIN}`,
      version: '1',
      chainId: 1,
      nonce,
      issuedAt: new Date(),
    });
    return backend.signIn({ message, signature: await account.signMessage({ message }) });
  }

  test('loads a campaign, revalidating with its ETag', async () => {
    const campaign = await backend.loadCampaign('demo');
    assert.equal(campaign.id, 'demo');
    statuses.length = 0;
    const again = await backend.loadCampaign('demo');
    assert.deepEqual(again, campaign);
    assert.deepEqual(statuses, [304]);
    await rejectsWith(backend.loadCampaign('nope'), 'CAMPAIGN_NOT_FOUND');
  });

  test('signs in, verifies, claims, reads progress, leaderboard and credentials, signs out', async () => {
    const wallet = accounts[1]!;
    const session = await signIn(wallet);
    assert.equal(session.address, wallet.address);
    assert.ok(session.token.length > 20);

    const empty = await backend.getProgress('demo', null);
    assert.deepEqual(empty.completed, {});

    const visit = await backend.verify({ campaignId: 'demo', taskId: 'visit-docs', session });
    assert.equal(visit.ok, true);
    assert.ok(visit.ok && visit.credential);
    assert.equal((await verifyCredential(visit.ok ? visit.credential : null)).valid, true);

    const wrong = await backend.verify({
      campaignId: 'demo',
      taskId: 'quiz-capital',
      session,
      input: 'Rome',
    });
    assert.deepEqual(wrong, {
      ok: false,
      code: 'WRONG_ANSWER',
      reason: 'That answer is not right. Try again.',
    });
    assert.equal(
      (
        await backend.verify({
          campaignId: 'demo',
          taskId: 'quiz-capital',
          session,
          input: 'Paris',
        })
      ).ok,
      true,
    );
    assert.equal(
      (await backend.verify({ campaignId: 'demo', taskId: 'handle', session, input: '@wallet' }))
        .ok,
      true,
    );

    const claim = await backend.claim({
      campaignId: 'demo',
      tierId: 'basics',
      session,
      idempotencyKey: 'claim-1',
    });
    assert.equal(claim.firstClaim, true);
    const retried = await backend.claim({
      campaignId: 'demo',
      tierId: 'basics',
      session,
      idempotencyKey: 'claim-1',
    });
    assert.deepEqual(retried, claim, 'same key, first answer');

    const progress = await backend.getProgress('demo', wallet.address, session);
    assert.deepEqual(Object.keys(progress.completed).sort(), [
      'handle',
      'quiz-capital',
      'visit-docs',
    ]);
    assert.ok(progress.claimed.basics);

    const board = await backend.leaderboard('demo', { limit: 3 });
    assert.equal(board.entries[0]?.address, wallet.address);
    assert.equal(board.entries[0]?.points, 20);

    const credentials = await backend.credentials(wallet.address);
    assert.equal(credentials.length, 3);

    await rejectsWith(
      backend.verify({ campaignId: 'demo', taskId: 'nope', session }),
      'TASK_NOT_FOUND',
    );
    await rejectsWith(
      backend.verify({ campaignId: 'demo', taskId: 'onchain-tx', session: null }),
      'SIGN_IN_REQUIRED',
    );

    await backend.signOut(session);
    await backend.signOut(session); // twice is fine
    // A session the server no longer knows: a distinct code, so the board drops to signed-out.
    await rejectsWith(
      backend.verify({ campaignId: 'demo', taskId: 'mainnet', session }),
      'SESSION_EXPIRED',
    );
    assert.deepEqual(backend.needs, { signIn: true });
  });

  test('a refused sign-in is a typed error with the reason', async () => {
    const message = createSiweMessage({
      domain: 'evil.example',
      address: accounts[2]!.address,
      uri: 'https://evil.example',
      version: '1',
      chainId: 1,
      nonce: await backend.getNonce(),
    });
    const error = await rejectsWith(
      backend.signIn({ message, signature: await accounts[2]!.signMessage({ message }) }),
      'SIGN_IN_FAILED',
    );
    assert.match(error.details ?? '', /^WRONG_DOMAIN/);
    assert.equal(error.retryable, false);
  });
});

describe('httpBackend timeouts, retries and network errors', () => {
  let http: Server;
  let url = '';
  let hits: string[] = [];
  let script: ((req: IncomingMessage, res: ServerResponse) => void)[] = [];
  before(async () => {
    http = createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers['idempotency-key'] ?? ''}`);
      const next = script.shift();
      if (next) next(req, res);
      else res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => {
    http.closeAllConnections();
    http.close();
  });
  const reset = () => {
    hits = [];
    script = [];
  };
  const json =
    (status: number, body: unknown, headers: Record<string, string> = {}) =>
    (_: IncomingMessage, res: ServerResponse) =>
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body));
  const session: Session = {
    address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    chainId: 1,
    token: 'x'.repeat(43),
    expiresAt: '2099-01-01T00:00:00Z',
  };

  test('retries a verify on 503 with the same Idempotency-Key, then succeeds', async () => {
    reset();
    const retryable = json(
      503,
      { error: { code: 'RULE_ERROR', message: 'RPC down', retryable: true } },
      { 'retry-after': '0' },
    );
    const progress = {
      campaignId: 'c',
      address: session.address,
      completed: { t: { at: '2026-01-01T00:00:00Z', points: 1 } },
      claimed: {},
    };
    script = [retryable, retryable, json(200, { ok: true, progress, firstCompletion: true })];
    const backend = httpBackend({ endpoint: url, retryDelayMs: 1 });
    const result = await backend.verify({ campaignId: 'c', taskId: 't', session });
    assert.deepEqual(result, { ok: true, progress });
    assert.equal(hits.length, 3);
    assert.equal(new Set(hits).size, 1, 'each attempt carries the same key');
  });

  test('gives up after the retries with the typed, retryable error', async () => {
    reset();
    const retryable = json(503, {
      error: { code: 'RULE_ERROR', message: 'RPC down', retryable: true },
    });
    script = [retryable, retryable, retryable];
    const backend = httpBackend({ endpoint: url, retryDelayMs: 1, retries: 2 });
    const error = await rejectsWith(
      backend.verify({ campaignId: 'c', taskId: 't', session }),
      'RULE_ERROR',
    );
    assert.equal(error.retryable, true);
    assert.equal(hits.length, 3);
  });

  test('honours 429 Retry-After, never retries a 4xx or a sign-in', async () => {
    reset();
    script = [
      json(429, {
        error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true, retryAfter: 0 },
      }),
      json(200, { period: 'all', entries: [], total: 0 }),
    ];
    const backend = httpBackend({ endpoint: url, retryDelayMs: 1 });
    assert.equal((await backend.leaderboard('c')).total, 0);
    assert.equal(hits.length, 2);

    reset();
    script = [json(409, { error: { code: 'TASK_LOCKED', message: 'locked' } })];
    await rejectsWith(backend.verify({ campaignId: 'c', taskId: 't', session }), 'TASK_LOCKED');
    assert.equal(hits.length, 1);

    reset();
    script = [json(503, { error: { code: 'SERVER', message: 'x', retryable: true } })];
    await rejectsWith(backend.signIn({ message: 'm', signature: '0x00' }), 'SERVER');
    assert.equal(hits.length, 1, 'sign-in is not repeated');

    reset();
    script = [
      (_, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>bad gateway</h1>'),
    ];
    const plain = await rejectsWith(
      httpBackend({ endpoint: url, retries: 0 }).credentials(session.address),
      'SERVER',
    );
    assert.equal(plain.retryable, true);
  });

  test('times out a hanging server per attempt', async () => {
    reset();
    script = [() => {}, () => {}]; // never answer
    const backend = httpBackend({ endpoint: url, timeoutMs: 100, retries: 1, retryDelayMs: 1 });
    const error = await rejectsWith(backend.getProgress('c', session.address), 'TIMEOUT');
    assert.equal(error.retryable, true);
    assert.equal(hits.length, 2);
  });

  test('a server that is down is a NETWORK error', async () => {
    const backend = httpBackend({ endpoint: 'http://127.0.0.1:9', retries: 1, retryDelayMs: 1 });
    const error = await rejectsWith(backend.leaderboard('c'), 'NETWORK');
    assert.equal(error.retryable, true);
  });

  test("the caller's AbortSignal stops it", async () => {
    reset();
    script = [() => {}];
    const backend = httpBackend({ endpoint: url, timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await assert.rejects(
      backend.verify({ campaignId: 'c', taskId: 't', session, signal: controller.signal }),
      /stop/,
    );
  });
});
