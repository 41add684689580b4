import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openPostgres } from './db.js';
import { MIGRATIONS } from './migrations.js';
import type { RunningServer } from './server.js';
import {
  ADMIN_KEY,
  accounts,
  call,
  createCampaign,
  DOMAIN,
  ISSUER_KEY,
  lazyPostgres,
  ledgerMatchesTotals,
  type Store,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

const pg = lazyPostgres();

const N = 100;
const parallel = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

async function completeBasics(server: { url: string }, token: string) {
  for (const [task, input] of [
    ['visit-docs', undefined],
    ['quiz-capital', 'Paris'],
    ['handle', '@racer'],
  ] as const) {
    const reply = await call(server, 'POST', `/campaigns/demo/tasks/${task}/verify`, {
      token,
      ...(input ? { body: { input } } : {}),
    });
    assert.equal(reply.body.ok, true, JSON.stringify(reply.body));
  }
}

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`concurrency on ${store}`, () => {
    let server: RunningServer;
    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pg()).createDatabase('race') : undefined;
      server = await startTestServer({ databaseUrl });
      await createCampaign(server, await testCampaign());
    });
    after(() => server.close());

    test(`${N} parallel verify calls and ${N} parallel claims → one completion, points once, one claim`, async () => {
      const wallet = accounts[0]!;
      const token = await signIn(server, wallet);
      const replies = await parallel(N, (i) =>
        call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', {
          token,
          ...(i % 2 ? { headers: { 'idempotency-key': `k-${i % 10}` } } : {}),
        }),
      );
      assert.ok(
        replies.every((r) => r.status === 200 && r.body.ok === true),
        JSON.stringify(replies.find((r) => r.status !== 200)?.body),
      );
      // One call records it; retries carrying that call's idempotency key replay its (first) answer.
      const firsts = replies.map((r, i) =>
        r.body.firstCompletion ? (i % 2 ? `k-${i % 10}` : `none-${i}`) : null,
      );
      const keys = new Set(firsts.filter((k) => k !== null));
      assert.equal(keys.size, 1, `one first completion, got ${[...keys].join(', ')}`);
      assert.equal(new Set(replies.map((r) => r.body.credential.uid)).size, 1, 'one credential');
      const rows = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM completions WHERE task_id = 'visit-docs' AND address = $1`,
        [wallet.address],
      );
      assert.equal(rows[0]!.n, 1);
      const ledger = await server.db.query<{ n: number; s: number }>(
        'SELECT count(*)::int AS n, sum(delta)::int AS s FROM points_ledger WHERE address = $1',
        [wallet.address],
      );
      assert.deepEqual(ledger[0], { n: 1, s: 5 });

      await completeBasics(server, token);
      const claims = await parallel(N, (i) =>
        call(server, 'POST', '/campaigns/demo/tiers/basics/claim', {
          token,
          ...(i % 3 ? {} : { headers: { 'idempotency-key': `c-${i % 7}` } }),
        }),
      );
      assert.ok(claims.every((r) => r.status === 200));
      const firstClaims = new Set(
        claims.map((r, i) => (r.body.firstClaim ? (i % 3 ? `none-${i}` : `c-${i % 7}`) : null)),
      );
      firstClaims.delete(null);
      assert.equal(firstClaims.size, 1);
      const claimRows = await server.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM claims WHERE address = $1',
        [wallet.address],
      );
      assert.equal(claimRows[0]!.n, 1);
      assert.equal(
        (await call(server, 'GET', `/campaigns/demo/progress/${wallet.address}`)).body.points,
        20,
      );
      assert.ok(await ledgerMatchesTotals(server.db));
    });
  });
}

describe('two server processes on one PostgreSQL', () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  async function spawnServer(
    databaseUrl: string,
    extra: string[] = [],
  ): Promise<{ url: string; child: ChildProcess }> {
    const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', bin, '--port', '0', ...extra],
      {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          QUESTBOARD_ADMIN_KEY: ADMIN_KEY,
          QUESTBOARD_ISSUER_KEY: ISSUER_KEY,
          QUESTBOARD_SIWE_DOMAINS: DOMAIN,
          QUESTBOARD_RATE_LIMIT_IP: '100000',
          QUESTBOARD_RATE_LIMIT_ADDRESS: '100000',
          QUESTBOARD_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
      child.stdout!.on('data', (d) => {
        out += d;
        for (const line of out.split('\n')) {
          if (line.includes('"msg":"listening"')) {
            clearTimeout(timer);
            resolve({ url: JSON.parse(line).url, child });
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    });
  }

  test(`${N} parallel verify and claim calls across both → exactly once`, async () => {
    const databaseUrl = await (await pg()).createDatabase('replicas');
    const [a, b] = await Promise.all([spawnServer(databaseUrl), spawnServer(databaseUrl)]);
    const servers = [a, b];
    await createCampaign(a, await testCampaign());
    const wallet = accounts[1]!;
    const token = await signIn(a, wallet); // a session made on one replica works on the other
    const replies = await parallel(N, (i) =>
      call(servers[i % 2]!, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token }),
    );
    assert.ok(
      replies.every((r) => r.status === 200 && r.body.ok),
      JSON.stringify(replies.find((r) => r.status !== 200)?.body),
    );
    assert.equal(replies.filter((r) => r.body.firstCompletion).length, 1);
    await completeBasics(b, token);
    const claims = await parallel(N, (i) =>
      call(servers[i % 2]!, 'POST', '/campaigns/demo/tiers/basics/claim', { token }),
    );
    assert.ok(claims.every((r) => r.status === 200));
    assert.equal(claims.filter((r) => r.body.firstClaim).length, 1);

    const db = await openPostgres(databaseUrl);
    try {
      const rows = await db.query<{ c: number; l: number; k: number }>(
        `SELECT (SELECT count(*)::int FROM completions WHERE address = $1) AS c,
                (SELECT count(*)::int FROM points_ledger WHERE address = $1) AS l,
                (SELECT count(*)::int FROM claims WHERE address = $1) AS k`,
        [wallet.address],
      );
      assert.deepEqual(rows[0], { c: 3, l: 3, k: 1 });
      assert.ok(await ledgerMatchesTotals(db));
      const migrations = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM schema_migrations',
      );
      assert.equal(migrations[0]!.n, MIGRATIONS.length, 'each migration applied once');
    } finally {
      await db.close();
    }

    // Graceful shutdown: SIGTERM → exit 0.
    for (const { child } of servers) {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    }
  });

  test('--workers 2: two processes behind one port, stopped together by SIGTERM', async () => {
    const databaseUrl = await (await pg()).createDatabase('workers');
    const { url, child } = await spawnServer(databaseUrl, ['--workers', '2']);
    await createCampaign({ url }, await testCampaign());
    const token = await signIn({ url }, accounts[2]!);
    const replies = await parallel(20, () =>
      call({ url }, 'POST', '/campaigns/demo/tasks/visit-docs/verify', { token }),
    );
    assert.ok(replies.every((r) => r.status === 200));
    assert.equal(replies.filter((r) => r.body.firstCompletion).length, 1);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
