// Issue 12 items 3 and 4: what a verify costs the database, rate limits without a round trip
// per request (and shared by replicas), idempotency in one statement, body limits decided from
// the headers. Real PGlite and PostgreSQL, HTTP through real sockets on 127.0.0.1.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import type { Env } from './context.js';
import { type Db, openPglite, openPostgres, pgliteNamedStatements, statementNamer } from './db.js';
import { bodyLimit } from './middleware/body-limit.js';
import { migrate } from './migrations.js';
import type { RunningServer } from './server.js';
import { Idempotency } from './service/idempotency.js';
import { RateLimits } from './service/limits.js';
import {
  accounts,
  call,
  createCampaign,
  ORIGIN,
  type Store,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';
import { startPostgres, type TestPostgres } from './test/postgres.js';

let postgres: TestPostgres | undefined;
const pgCluster = async () => {
  postgres ??= await startPostgres();
  return postgres;
};
after(() => postgres?.stop());

let dbCount = 0;
async function openStore(store: Store): Promise<Db & { url?: string }> {
  if (store === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return db;
  }
  const url = await (await pgCluster()).createDatabase(`rt_${dbCount++}`);
  const db = await openPostgres(url);
  await migrate(db);
  return Object.assign(db, { url });
}

/** `db` with every statement it runs recorded in `log` (the same connection pool underneath). */
function recording(db: Db, log: string[], fail = { now: false }): Db {
  return {
    ...db,
    query(sql, params) {
      log.push(sql);
      if (fail.now) return Promise.reject(new Error('database unavailable'));
      return db.query(sql, params);
    },
  };
}

const countOf = async (db: Db, bucket: string) =>
  (
    await db.query<{ n: number }>(
      'SELECT coalesce(sum(count), 0)::int AS n FROM rate_limits WHERE bucket = $1',
      [bucket],
    )
  )[0]!.n;

const rateLimited = (error: unknown) => {
  const e = error as { code?: string; retryAfter?: number };
  assert.equal(e.code, 'RATE_LIMITED');
  assert.ok(e.retryAfter! >= 1 && e.retryAfter! <= 60, `retryAfter ${e.retryAfter}`);
  return true;
};

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`rate limits on ${store}: counted in the process, shared through the table`, () => {
    let db: Db;
    before(async () => {
      db = await openStore(store);
    });
    after(() => db.close());

    test('a hit runs no statement; one sync adds every moved counter in one statement', async () => {
      const log: string[] = [];
      const limits = new RateLimits(recording(db, log), 3_600_000);
      for (let i = 0; i < 5; i++) await limits.hit('ip:a-one', 100);
      for (let i = 0; i < 3; i++) await limits.hit('ip:a-two', 100);
      await limits.refuseIfOver('admin-fail:a', 100);
      assert.deepEqual(log, [], 'no statement per request');
      await limits.sync();
      assert.equal(log.length, 1, 'one statement for both counters');
      assert.equal(await countOf(db, 'ip:a-one'), 5);
      assert.equal(await countOf(db, 'ip:a-two'), 3);
      await limits.sync();
      assert.equal(log.length, 1, 'nothing moved: no statement');
      await limits.close();
    });

    test('one replica counts exactly: past the limit → RATE_LIMITED with Retry-After; a new window starts afresh', async () => {
      const limits = new RateLimits(db, 3_600_000);
      const now = Date.UTC(2026, 11, 2, 1, 0, 10);
      for (let i = 0; i < 3; i++) await limits.hit('address:b', 3, now);
      await assert.rejects(limits.hit('address:b', 3, now), rateLimited);
      await assert.rejects(limits.refuseIfOver('address:b', 3, now), rateLimited);
      await limits.refuseIfOver('address:other', 3, now);
      await limits.hit('address:b', 3, now + 60_000);
      await limits.sync();
      await limits.close();
    });

    test('replicas on one database learn each other’s hits at their next sync', async () => {
      const a = new RateLimits(db, 3_600_000);
      const b = new RateLimits(db, 3_600_000);
      for (let i = 0; i < 4; i++) await a.hit('ip:c', 5);
      await a.sync();
      await b.hit('ip:c', 5); // b has not synced: it knows its own hit only
      await b.sync(); // b sends 1 and learns the total, 5
      await assert.rejects(b.hit('ip:c', 5), rateLimited);
      // a learns b's hits at its next sync: until then one more is admitted (the documented bound).
      await a.hit('ip:c', 5);
      await a.sync();
      await assert.rejects(a.hit('ip:c', 5), rateLimited);
      await Promise.all([a.sync(), b.sync()]);
      assert.equal(await countOf(db, 'ip:c'), 8, 'every hit counted once, refused ones too');
      await Promise.all([a.close(), b.close()]);
    });

    test('a failed sync keeps its hits: the next one sends them', async () => {
      const fail = { now: true };
      const limits = new RateLimits(recording(db, [], fail), 3_600_000);
      for (let i = 0; i < 3; i++) await limits.hit('ip:d', 100);
      await assert.rejects(limits.sync(), /database unavailable/);
      fail.now = false;
      for (let i = 0; i < 2; i++) await limits.hit('ip:d', 100);
      await limits.sync();
      assert.equal(await countOf(db, 'ip:d'), 5);
      await limits.close();
    });
  });

  describe(`round trips of a verify on ${store}`, () => {
    let server: RunningServer;
    let token: string;
    const log: string[] = [];
    const failCompletion = { now: false };
    before(async () => {
      const databaseUrl =
        store === 'postgres' ? await (await pgCluster()).createDatabase('rt_verify') : undefined;
      // The default limits (on), as the widget meets them.
      server = await startTestServer({ databaseUrl, rateLimitIp: 600, rateLimitAddress: 120 });
      await createCampaign(server, await testCampaign());
      token = await signIn(server, accounts[0]!);
      // The services hold this very object: record what they run from here on.
      const query = server.db.query.bind(server.db);
      server.db.query = (sql, params) => {
        log.push(sql.replace(/\s+/g, ' ').trim());
        if (failCompletion.now && /^\s*WITH completion AS/.test(sql)) {
          failCompletion.now = false;
          return Promise.reject(new Error('database unavailable'));
        }
        return query(sql, params);
      };
      // No periodic rate-limit sync in the middle of a recorded request (counting goes on).
      await server.context.service.limits.close();
    });
    after(() => server.close());

    test('with an Idempotency-Key: two statements — session + stored answer + progress, then the completion with its stored answer; a retry costs one statement', async () => {
      const path = '/campaigns/demo/tasks/visit-docs/verify';
      const headers = { 'idempotency-key': 'rt-1', origin: ORIGIN };
      log.length = 0;
      const first = await call(server, 'POST', path, { token, headers });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.firstCompletion, true);
      // The campaign itself is cached per replica (a read at most every 2 s): not per verify.
      const statements = log.filter((s) => !/FROM campaigns WHERE id/.test(s));
      assert.equal(
        statements.length,
        2,
        `${statements.length} statements:\n${statements.join('\n')}`,
      );
      assert.match(statements[0]!, /FROM sessions s LEFT JOIN idempotency_keys/);
      assert.match(statements[0]!, /FROM completions/, 'the progress in the same statement');
      assert.match(statements[1]!, /^WITH completion AS \( INSERT INTO completions/);
      assert.match(
        statements[1]!,
        /INSERT INTO idempotency_keys/,
        'the answer in the same statement',
      );
      // The stored answer is the one sent: a retry below replays it.
      const stored = await server.db.query<{ body: unknown }>(
        `SELECT body FROM idempotency_keys WHERE key = 'rt-1'`,
      );
      assert.deepEqual(
        stored.map((r) => r.body),
        [first.body],
      );

      log.length = 0;
      const retry = await call(server, 'POST', path, { token, headers });
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(retry.body, first.body);
      assert.equal(log.length, 1, log.join('\n'));
    });

    test('a completion statement that fails stores no answer: a retry with the same key records it then', async () => {
      const other = await signIn(server, accounts[3]!);
      const path = '/campaigns/demo/tasks/visit-docs/verify';
      const headers = { 'idempotency-key': 'rt-fail', origin: ORIGIN };
      failCompletion.now = true;
      const failed = await call(server, 'POST', path, { token: other, headers });
      assert.equal(failed.status, 500, JSON.stringify(failed.body));
      const keys = () =>
        server.db
          .query(`SELECT 1 FROM idempotency_keys WHERE key = 'rt-fail'`)
          .then((r) => r.length);
      assert.equal(await keys(), 0, 'no answer stored for a failure');
      const retry = await call(server, 'POST', path, { token: other, headers });
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.body.firstCompletion, true);
      assert.equal(retry.headers.get('idempotent-replayed'), null);
      assert.equal(await keys(), 1);
      const again = await call(server, 'POST', path, { token: other, headers });
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.body, retry.body);
    });

    test('without an Idempotency-Key: the session + progress, then the completion (two statements)', async () => {
      const other = await signIn(server, accounts[2]!);
      log.length = 0;
      const done = await call(server, 'POST', '/campaigns/demo/tasks/visit-docs/verify', {
        token: other,
        headers: { origin: ORIGIN },
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.firstCompletion, true);
      const statements = log.filter((s) => !/FROM campaigns WHERE id/.test(s));
      assert.equal(statements.length, 2, statements.join('\n'));
      assert.match(
        statements[0]!,
        /FROM sessions s LEFT JOIN idempotency_keys .* FROM completions/,
      );
      assert.doesNotMatch(statements[1]!, /^SELECT/);
    });

    test('the limits still apply on the request path (counted in the process)', async () => {
      const limited = await startTestServer({ rateLimitIp: 1000, rateLimitAddress: 3 });
      try {
        await createCampaign(limited, await testCampaign());
        const t = await signIn(limited, accounts[1]!); // sign-in: address hit 1
        const path = '/campaigns/demo/tasks/visit-docs/verify';
        assert.equal((await call(limited, 'POST', path, { token: t })).status, 200); // 2
        assert.equal((await call(limited, 'POST', path, { token: t })).status, 200); // 3
        const refused = await call(limited, 'POST', path, { token: t });
        assert.equal(refused.status, 429);
        assert.equal(refused.body.error.code, 'RATE_LIMITED');
      } finally {
        await limited.close();
      }
    });
  });
}

describe('idempotency: insert-or-return in one statement', () => {
  test('a stored answer comes back from the save itself; a save racing a concurrent insert returns that answer', async () => {
    const db = await openStore('postgres');
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      const keys = new Idempotency(db);
      assert.equal(await keys.save('s|one', 'k', 'h1', 200, '{"first":true}'), null);
      // The stored answer is its JSON text, exactly as it was first sent.
      assert.deepEqual(await keys.save('s|one', 'k', 'h2', 200, '{"second":true}'), {
        requestHash: 'h1',
        status: 200,
        body: '{"first":true}',
      });
      // Another request's insert is in flight (not committed) when this save starts: the save
      // waits on it, and its own snapshot cannot see the row once committed.
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, answer) VALUES ('s|two', 'k', 'h1', 200, '{"first":true}', '{"first":true}')`,
      );
      const saving = keys.save('s|two', 'k', 'h2', 200, '{"second":true}');
      for (let i = 0; ; i++) {
        const waiting = await other.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO idempotency_keys%'`,
        );
        if (waiting.rows[0]!.n > 0) break;
        assert.ok(i < 2000, 'the save never waited on the concurrent insert');
        await new Promise((r) => setTimeout(r, 10));
      }
      await other.query('COMMIT');
      assert.deepEqual(await saving, { requestHash: 'h1', status: 200, body: '{"first":true}' });
      // A row an older replica stored (jsonb `body` only, no `answer`): its value, as jsonb
      // renders it.
      await other.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ('s|old', 'k', 'h1', 200, '{"b":1,"a":[2]}')`,
      );
      assert.deepEqual(await keys.save('s|old', 'k', 'h2', 200, '{"second":true}'), {
        requestHash: 'h1',
        status: 200,
        body: '{"a": [2], "b": 1}',
      });
    } finally {
      await other.end();
      await db.close();
    }
  });

  test('statement names: one per text, stable, none past the cap', () => {
    const name = statementNamer(2);
    const a = name('SELECT 1');
    assert.match(a!, /^qb_[A-Za-z0-9_-]+$/);
    assert.equal(name('SELECT 1'), a);
    assert.notEqual(name('SELECT 2'), a);
    assert.equal(name('SELECT 3'), undefined, 'past the cap: unnamed');
    assert.equal(name('SELECT 1'), a);
  });

  test('PGlite named statements: the rows PGlite.query gives, errors thrown, a failed transaction rolled back, texts past the cap unnamed', async () => {
    const lite = new PGlite();
    await lite.waitReady;
    try {
      await lite.exec(
        'CREATE TABLE t (id int PRIMARY KEY, doc jsonb, at timestamptz, tags text[])',
      );
      const named = pgliteNamedStatements(lite, statementNamer(2));
      const run = <T>(sql: string, params: unknown[]) =>
        lite._runExclusiveTransaction(() => lite.runExclusive(() => named<T>(sql, params)));
      const insert = 'INSERT INTO t VALUES ($1, $2, $3, $4) RETURNING id';
      const select = 'SELECT id, doc, at, tags FROM t WHERE id = $1';
      const at = new Date('2026-12-03T10:00:00.000Z');
      for (const id of [1, 2])
        assert.deepEqual(await run(insert, [id, JSON.stringify({ id }), at, ['a', 'b']]), [{ id }]);
      const rows = await run(select, [2]);
      assert.deepEqual(rows, [{ id: 2, doc: { id: 2 }, at, tags: ['a', 'b'] }]);
      assert.deepEqual(rows, (await lite.query(select, [2])).rows, 'as PGlite.query parses them');
      assert.equal(await run('SELECT 1', []), undefined, 'past the cap: no name (run it unnamed)');
      await assert.rejects(run(insert, [1, '{}', at, []]), (e: Error & { code?: string }) => {
        assert.equal(e.code, '23505', 'the unique violation, with its code');
        return true;
      });
      assert.deepEqual(await run(select, [1]).then((r) => r!.length), 1, 'usable after an error');
    } finally {
      await lite.close();
    }
    const db = await openPglite();
    try {
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES ($1)', [1]);
          await tx.query('INSERT INTO t VALUES ($1)', [1]);
        }),
        /duplicate key/,
      );
      assert.deepEqual(await db.query('SELECT id FROM t'), [], 'the transaction rolled back');
      assert.deepEqual(await db.query('INSERT INTO t VALUES ($1) RETURNING id', [3]), [{ id: 3 }]);
    } finally {
      await db.close();
    }
  });
});

// --- body limits --------------------------------------------------------------------------

/** One HTTP/1.1 exchange over a raw socket: `head` is sent, then `body` unless `sendBody` is false. */
function exchange(
  url: string,
  head: string,
  body = '',
): Promise<{ status: number; headers: string; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [headers = '', text = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(headers.split(' ')[1]), headers: headers.toLowerCase(), text });
    });
    socket.write(`${head.replace(/\n/g, '\r\n')}\r\n\r\n${body}`);
  });
}

const chunked = (text: string) =>
  `${Array.from({ length: Math.ceil(text.length / 1000) }, (_, i) => {
    const part = text.slice(i * 1000, (i + 1) * 1000);
    return `${part.length.toString(16)}\r\n${part}\r\n`;
  }).join('')}0\r\n\r\n`;

describe('body limits from the headers', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a Content-Length over the limit → 413 with Connection: close before any body is sent', async () => {
    const reply = await exchange(
      server.url,
      `POST /auth/verify HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 10000000`,
    );
    assert.equal(reply.status, 413);
    assert.match(reply.headers, /\nconnection: close/);
    assert.match(reply.text, /larger than 16384 bytes/);
  });

  test('a chunked body is counted while read: over the limit → 413; under it → read whole', async () => {
    const big = await exchange(
      server.url,
      `POST /auth/verify HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked`,
      chunked(JSON.stringify({ message: 'x'.repeat(20_000), signature: '0x' })),
    );
    assert.equal(big.status, 413);
    const small = await exchange(
      server.url,
      `POST /auth/verify HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\nConnection: close`,
      chunked(JSON.stringify({ message: `not siwe ${'x'.repeat(3000)}`, signature: '0x1234' })),
    );
    assert.equal(small.status, 401, small.text);
    assert.match(small.text, /SIGN_IN_FAILED/);
  });

  test('behind node-server no web Request is built: not for a body-less POST, not for a read body', async () => {
    // The probe: @hono/node-server keeps the Request it builds on demand under this symbol.
    const built = (raw: Request) =>
      Object.getOwnPropertySymbols(raw).some(
        (s) => s.description === 'requestCache' && (raw as never)[s] !== undefined,
      );
    const app = new Hono<Env>();
    app.use('*', bodyLimit({ maxSize: 100, onError: (c) => c.text('too large', 413) }));
    app.post('/plain', async (c) => c.json({ built: built(c.req.raw), text: await c.req.text() }));
    app.post('/touch', async (c) => {
      void c.req.raw.body; // what hono's own bodyLimit does
      return c.json({ built: built(c.req.raw) });
    });
    const http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => http.once('listening', resolve));
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    try {
      const post = (path: string, init: RequestInit = {}) =>
        fetch(url + path, { method: 'POST', ...init }).then(
          async (r) =>
            ({ status: r.status, ...((await r.json().catch(() => ({}))) as object) }) as {
              status: number;
              built?: boolean;
              text?: string;
            },
        );
      assert.deepEqual(
        await post('/touch'),
        { status: 200, built: true },
        'the probe sees a build',
      );
      assert.deepEqual(await post('/plain'), { status: 200, built: false, text: '' });
      assert.deepEqual(await post('/plain', { body: '{"a":1}' }), {
        status: 200,
        built: false,
        text: '{"a":1}',
      });
      assert.equal((await post('/plain', { body: 'x'.repeat(101) })).status, 413);
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
