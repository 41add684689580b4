// Verify throughput and latency of the reference server (a child process on 127.0.0.1) on
// PostgreSQL and on embedded PGlite, driven by autocannon with what the widget sends: a
// signed-in session (bearer token), an Idempotency-Key per request, the default rate limits
// (each wallet behind its own client address, as visitors are behind a load balancer).
// Every measured request records a new completion (a fresh wallet × task pair): the write path.
//
// The floor, in the same run on the same PostgreSQL: pgbench replaying exactly the SQL one
// verify executes. The statements are not written here: a probe server in this process
// records every statement (text and parameters) its `pg` connections send while it answers one
// verify, and the pgbench script is made from that record, with the per-request values (the
// wallet's address, the idempotency key, uids) drawn afresh in each pgbench transaction — so the
// two cannot drift when the server's SQL changes.
// Last line: {"verify_rps":…,"p50_ms":…,"p99_ms":…,"pgbench_same_sql_tps":…,"ratio":…,"pglite":{"verify_rps":…},…}
// ratio = PostgreSQL verify rps / pgbench TPS of the same statements. Goal (issue 12): ≥ 0.8.
// Beside it, the CPU every process spends per request (server, PostgreSQL, this process as the
// load generator, pgbench's client) and `ratio_ceiling`: the ratio a server that cost no CPU
// at all would reach on this machine, where all of them share the cores; and `http_floor`, the
// CPU a bare Hono JSON POST costs (bench/http-floor.mjs), the least any server on this stack spends.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { defineConfig } from '../packages/server/src/config.js';
import { startServer as startInProcess } from '../packages/server/src/server.js';
import { startPostgres } from '../packages/server/src/test/postgres.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WALLETS = Number(process.env.BENCH_WALLETS ?? 300);
const TASKS = 40;
// 128 random bits, as the server requires of an admin key.
const ADMIN_KEY = randomBytes(16).toString('hex');
const DOMAIN = 'bench.example';

const campaign = {
  schemaVersion: 1,
  id: 'bench',
  title: 'Bench',
  origins: [`https://${DOMAIN}`],
  tiers: [
    {
      id: 'only',
      title: 'Only',
      tasks: Array.from({ length: TASKS }, (_, i) => ({
        id: `t${i}`,
        kind: 'visit',
        title: `Task ${i}`,
        points: 1,
        url: 'https://example.com',
      })),
    },
  ],
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// --- CPU time, from /proc (Linux): per request it hardly moves with the machine's load, unlike rps.
const TICK_MS =
  1000 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100);

/** [ppid, own CPU ms, CPU ms of children it has reaped] of a process, or undefined. */
function procTimes(pid: number): [number, number, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return [f[1]!, (f[11]! + f[12]!) * TICK_MS, (f[13]! + f[14]!) * TICK_MS];
  } catch {
    return undefined;
  }
}

/** CPU ms used so far by a process and its children (live and exited), 0 off Linux. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const own = procTimes(pid);
  if (!own) return 0;
  let total = own[1] + own[2];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = procTimes(Number(entry));
    if (t && t[0] === pid) total += t[1];
  }
  return total;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) && x > 0 ? Number(x.toFixed(2)) : null);

/** Waits (up to 5 s) until no backend of the postmaster `pid` serves database `db`. */
async function backendsGone(pid: number | undefined, db: string): Promise<void> {
  if (pid === undefined) return;
  for (let i = 0; i < 100; i++) {
    const live = readdirSync('/proc').some((entry) => {
      if (!/^\d+$/.test(entry) || procTimes(Number(entry))?.[0] !== pid) return false;
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${db} `);
      } catch {
        return false;
      }
    });
    if (!live) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 100));
}

/** The postmaster of the cluster on `port` (its backends are its children). */
function postmasterPid(port: number): number | undefined {
  for (const entry of existsSync('/proc') ? readdirSync('/proc') : []) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => /postgres$/.test(a)) && args.join(' ').includes(`-p ${port}`))
        return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

/** The server as a child process (access logs off: level warn), ready once /ready answers. */
async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const bin = fileURLToPath(new URL('../packages/server/src/bin.ts', import.meta.url));
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--conditions=source', '--import', 'tsx', bin, '--port', String(port)],
    {
      env: {
        ...process.env,
        QUESTBOARD_ADMIN_KEY: ADMIN_KEY,
        QUESTBOARD_ISSUER_KEY: generatePrivateKey(),
        QUESTBOARD_SIWE_DOMAINS: DOMAIN,
        QUESTBOARD_TRUST_PROXY: '1',
        QUESTBOARD_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600 && !exited; i++) {
    try {
      if ((await fetch(`${url}/ready`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the server did not become ready');
}

interface Wallet {
  token: string;
  ip: string;
  address: string;
}

async function signIn(url: string, ip: string): Promise<Wallet> {
  const account = privateKeyToAccount(generatePrivateKey());
  const headers = { 'x-forwarded-for': ip };
  const { nonce } = (await (
    await fetch(`${url}/auth/nonce`, { method: 'POST', headers })
  ).json()) as { nonce: string };
  const message = createSiweMessage({
    domain: DOMAIN,
    address: account.address,
    uri: `https://${DOMAIN}`,
    version: '1',
    chainId: 1,
    nonce,
    issuedAt: new Date(),
  });
  const signature = await account.signMessage({ message });
  const reply = await fetch(`${url}/auth/verify`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', origin: `https://${DOMAIN}` },
    body: JSON.stringify({ message, signature }),
  });
  if (reply.status !== 200) throw new Error(`sign-in: ${reply.status} ${await reply.text()}`);
  return { token: ((await reply.json()) as { token: string }).token, ip, address: account.address };
}

async function createCampaign(url: string) {
  const created = await fetch(`${url}/campaigns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(campaign),
  });
  if (created.status !== 201)
    throw new Error(`campaign: ${created.status} ${await created.text()}`);
}

async function prepare(url: string): Promise<Wallet[]> {
  await createCampaign(url);
  const wallets: Wallet[] = [];
  for (let i = 0; i < WALLETS; i++)
    wallets.push(await signIn(url, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`));
  return wallets;
}

/** The headers the widget's httpBackend sends with a verify. */
const verifyHeaders = (w: Wallet) => ({
  authorization: `Bearer ${w.token}`,
  'idempotency-key': randomUUID(),
  'content-type': 'application/json',
  origin: `https://${DOMAIN}`,
  'x-forwarded-for': w.ip,
});

async function measure(url: string, wallets: Wallet[], serverPid?: number, pgPid?: number) {
  // Warm-up: already-done verifies (each wallet's t0) warm the JIT and the connection pool.
  let w = 0;
  await autocannon({
    url,
    connections: 4,
    duration: 1,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const wallet = wallets[w++ % wallets.length]!;
          return {
            ...req,
            path: '/campaigns/bench/tasks/t0/verify',
            headers: verifyHeaders(wallet),
            body: '{}',
          };
        },
      },
    ],
  });
  let n = 0;
  const cpuBefore = [cpuMs(serverPid), cpuMs(pgPid)] as const;
  // This process is the load generator (autocannon): its CPU competes for the same cores.
  const loadBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const i = n++;
          const wallet = wallets[i % wallets.length]!;
          const task = 1 + (Math.floor(i / wallets.length) % (TASKS - 1));
          return {
            ...req,
            path: `/campaigns/bench/tasks/t${task}/verify`,
            headers: verifyHeaders(wallet),
            body: '{}',
          };
        },
      },
    ],
  });
  const load = process.cpuUsage(loadBefore);
  return {
    verify_rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    // CPU per answered verify: the server process, and PostgreSQL's backends (postgres only).
    server_cpu_us_per_verify: Math.round(
      ((cpuMs(serverPid) - cpuBefore[0]) * 1000) / Math.max(1, result.requests.total),
    ),
    load_generator_cpu_us_per_verify: Math.round(
      (load.user + load.system) / Math.max(1, result.requests.total),
    ),
    ...(pgPid !== undefined
      ? {
          pg_cpu_us_per_verify: Math.round(
            ((cpuMs(pgPid) - cpuBefore[1]) * 1000) / Math.max(1, result.requests.total),
          ),
        }
      : {}),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function pgbenchBin(): string {
  const found = spawnSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  for (const v of ['17', '16', '15']) {
    const p = `/usr/lib/postgresql/${v}/bin/pgbench`;
    if (existsSync(p)) return p;
  }
  throw new Error('pgbench not found (it ships with the PostgreSQL client tools)');
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return; // already gone
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Recorded {
  text: string;
  values: unknown[];
}

/**
 * Runs a probe server in this process on `databaseUrl` and records every statement its `pg`
 * connections send while it answers one verify of a fresh wallet (sign-in and campaign set-up
 * happen before recording starts). Returns the statements and that wallet.
 */
async function recordOneVerify(databaseUrl: string) {
  const recorded: Recorded[] = [];
  let recording = false;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (recording) {
      const [first, second] = args as [unknown, unknown];
      if (typeof first === 'string')
        recorded.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first === 'object' && 'text' in first) {
        const q = first as { text: string; values?: unknown[] };
        recorded.push({ text: q.text, values: q.values ?? (Array.isArray(second) ? second : []) });
      }
    }
    return original.apply(this, args);
  };
  const server = await startInProcess(
    defineConfig({
      port: 0,
      databaseUrl,
      adminKey: ADMIN_KEY,
      issuerKey: generatePrivateKey(),
      siweDomains: [DOMAIN],
      trustProxy: true,
      logLevel: 'warn',
    }),
  );
  try {
    await createCampaign(server.url);
    const wallet = await signIn(server.url, '10.255.0.1');
    // Rate-limit counters reach the database in one batched statement per second per replica,
    // not per request: no periodic sync in the recorded verify (hits are still counted).
    await (server.context.service.limits as { close?: () => Promise<void> }).close?.();
    // One verify unrecorded first: caches (campaign, prepared statements) warm as in the run.
    await fetch(`${server.url}/campaigns/bench/tasks/t0/verify`, {
      method: 'POST',
      headers: verifyHeaders(wallet),
      body: '{}',
    });
    recording = true;
    const reply = await fetch(`${server.url}/campaigns/bench/tasks/t1/verify`, {
      method: 'POST',
      headers: verifyHeaders(wallet),
      body: '{}',
    });
    recording = false;
    if (reply.status !== 200)
      throw new Error(`probe verify: ${reply.status} ${await reply.text()}`);
    return { statements: recorded, wallet };
  } finally {
    proto.query = original;
    await server.close();
  }
}

/** A value in the text form node-postgres sends it in (its own `prepareValue`: arrays as `{…}`). */
const { prepareValue } = require('pg/lib/utils.js') as {
  prepareValue(v: unknown): unknown;
};

const literal = (v: string | number | bigint | boolean | null | undefined): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // pgbench -M prepared turns every `:name` (timestamps' `:13`, JSON's `:1`) into a parameter,
  // quotes or not: colons go in as \x3a inside an escape string, still an untyped literal.
  if (!v.includes(':')) return `'${v.replace(/'/g, "''")}'`;
  return `E'${v.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/:/g, '\\x3a')}'`;
};

/**
 * The pgbench script: the recorded statements with their parameters inlined, the values that
 * are new in every request replaced by expressions over a per-transaction random `:r` — the
 * wallet's address (any case), anything that contains it (credential bodies), the
 * idempotency key, and 32-byte hex values (uids, salts, signatures' parts).
 */
function pgbenchScript(statements: Recorded[], address: string): string {
  const lower = address.toLowerCase();
  const addressExpr = `('0x' || lpad(to_hex(:r::bigint), 40, '0'))`;
  const inline = (raw: unknown): string => {
    const v =
      raw !== null && typeof raw === 'object'
        ? String(prepareValue(raw))
        : (raw as string | number | bigint | boolean | null | undefined);
    if (typeof v === 'string') {
      if (v.toLowerCase() === lower) return addressExpr;
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v))
        return `(md5(:r::text || 'k'))`;
      if (/^0x[0-9a-fA-F]{64}$/.test(v)) return `('0x' || md5(:r::text || 'u') || md5(:r::text))`;
      // Both spellings occur: checksummed in credential bodies and answers, lowercase where
      // the server stores addresses (e.g. the events' address array). Each is replaced, or
      // every replayed event would name the probe's wallet and the rollups it feeds would
      // conflict into doing nothing, a cheaper transaction than a verify.
      if (v.toLowerCase().includes(lower)) {
        let sql = literal(v);
        if (v.includes(address)) sql = `replace(${sql}, ${literal(address)}, ${addressExpr})`;
        if (address !== lower && v.includes(lower))
          sql = `replace(${sql}, ${literal(lower)}, ${addressExpr})`;
        return sql;
      }
    }
    return literal(v);
  };
  const lines = ['\\set r random(1, 9000000000000000)'];
  for (const { text, values } of statements) {
    const sql = text.replace(/\$(\d+)/g, (_, i) => inline(values[Number(i) - 1]));
    lines.push(
      `${sql
        .replace(/\s*\n\s*/g, ' ')
        .trim()
        .replace(/;$/, '')};`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const loadAtStart = Number(loadavg()[0]!.toFixed(2));
const pgCluster = await startPostgres();
try {
  // 1. What one verify executes, recorded from a probe server on its own database.
  const probeDb = await pgCluster.createDatabase('bench_probe');
  const { statements, wallet } = await recordOneVerify(probeDb);
  const script = join(tmpdir(), `questboard-pgbench-${process.pid}.sql`);
  writeFileSync(script, pgbenchScript(statements, wallet.address));
  console.log(
    `one verify executes ${statements.length} statements: ${statements.map((s) => s.text.trim().split(/\s+/).slice(0, 3).join(' ')).join(' | ')}`,
  );

  // 2. The server, as the widget calls it, on PostgreSQL, then on PGlite.
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const store of ['postgres', 'pglite'] as const) {
    const env: Record<string, string> = {};
    if (store === 'postgres') {
      env.DATABASE_URL = await pgCluster.createDatabase('bench_server');
      env.QUESTBOARD_WORKERS = process.env.BENCH_WORKERS ?? '1';
    }
    const { url, child } = await startServer(env);
    try {
      const wallets = await prepare(url);
      results[store] = await measure(
        url,
        wallets,
        child.pid,
        store === 'postgres' ? postmasterPid(pgCluster.port) : undefined,
      );
      console.log(`${store}: ${JSON.stringify(results[store])}`);
    } finally {
      await stop(child);
    }
  }

  // 2b. The least a Node server costs per request (bench/http-floor.mjs: Hono, a JSON POST),
  //     driven the same way: what any server on this stack spends before doing any work.
  const httpFloor = await (async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('./http-floor.mjs', import.meta.url)), String(port)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    try {
      const url = `http://127.0.0.1:${port}/floor`;
      for (let i = 0; ; i++) {
        if (child.exitCode !== null || i === 200)
          throw new Error(`the HTTP floor server did not start (exit ${child.exitCode})`);
        try {
          if ((await fetch(url, { method: 'POST', body: '{}' })).ok) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const options = {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        headers: { 'content-type': 'application/json' },
        body: '{}',
      };
      await autocannon({ ...options, duration: 1 });
      const before = cpuMs(child.pid);
      const result = await autocannon({ ...options, duration: 3 });
      return {
        rps: Math.round(result.requests.average),
        server_cpu_us: Math.round(
          ((cpuMs(child.pid) - before) * 1000) / Math.max(1, result.requests.total),
        ),
      };
    } finally {
      await stop(child);
    }
  })();
  console.log(`HTTP floor (a bare Hono JSON POST): ${JSON.stringify(httpFloor)}`);

  // 3. pgbench replaying the recorded statements on the probe's database (its campaign and
  //    session rows are the ones those statements read), same cluster, same clients.
  // The server runs every statement as a named (prepared) one; pgbench does the same (`-M
  // prepared`: each script line parsed once per connection), or BENCH_PGBENCH_MODE=simple.
  const mode = process.env.BENCH_PGBENCH_MODE ?? 'prepared';
  const pgPid = postmasterPid(pgCluster.port);
  // What the replay must write as a verify does, per transaction: a completion and events for a
  // wallet of its own (counted before and after, checked below).
  const replayCounts = async () => {
    const client = new pg.Client({ connectionString: probeDb });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(DISTINCT address) FROM completions)::int AS wallets,
                (SELECT count(DISTINCT address) FROM events WHERE type = 'task_verified')::int AS eventWallets,
                (SELECT count(*) FROM insight_wallets)::int AS insightWallets`,
      );
      return rows[0] as { wallets: number; eventwallets: number; insightwallets: number };
    } finally {
      await client.end();
    }
  };
  const countsBefore = await replayCounts();
  const pgCpuBefore = cpuMs(pgPid);
  // pgbench is this process's child: its CPU shows in our reaped children's time once it exits.
  const pgbenchCpuBefore = procTimes(process.pid)?.[2] ?? 0;
  const bench = spawnSync(
    pgbenchBin(),
    [
      '-n',
      '-M',
      mode,
      '-f',
      script,
      '-c',
      String(CONNECTIONS),
      '-j',
      String(Math.max(1, cpus().length)),
      '-T',
      String(DURATION),
      '-h',
      '127.0.0.1',
      '-p',
      String(pgCluster.port),
      '-U',
      'postgres',
      new URL(probeDb).pathname.slice(1),
    ],
    { encoding: 'utf8' },
  );
  // pgbench's backends are still exiting when it returns; their CPU is read once the postmaster
  // has reaped them (a backend caught between exit and reaping is in neither count).
  await backendsGone(pgPid, new URL(probeDb).pathname.slice(1));
  const pgCpuUsed = cpuMs(pgPid) - pgCpuBefore;
  const pgbenchCpuUsed = (procTimes(process.pid)?.[2] ?? 0) - pgbenchCpuBefore;
  const tps = Number(/tps = ([\d.]+)/.exec(bench.stdout)?.[1]);
  const transactions = Number(/actually processed: (\d+)/.exec(bench.stdout)?.[1] ?? 0);
  const failed = Number(/number of failed transactions: (\d+)/.exec(bench.stdout)?.[1] ?? 0);
  if (!Number.isFinite(tps) || failed > 0)
    throw new Error(`pgbench failed: ${bench.stderr || bench.stdout}`);
  // A replay that reused the probe's wallet anywhere would conflict into less work than a
  // verify (as it once did for the events): every transaction must have added a wallet to the
  // completions, the events and the insight rollups alike.
  const countsAfter = await replayCounts();
  // (a transaction in flight when -T ends may be done but not counted: one per client)
  for (const [key, added] of Object.entries(countsAfter).map(
    ([k, v]) => [k, v - countsBefore[k as keyof typeof countsBefore]] as const,
  ))
    if (Math.abs(added - transactions) > CONNECTIONS)
      throw new Error(
        `the pgbench replay is not a verify: ${transactions} transactions added ${added} ${key}`,
      );
  console.log(
    `pgbench, the same ${statements.length} statements: ${Math.round(tps)} TPS (${CONNECTIONS} clients, ${DURATION} s, -M ${mode})`,
  );
  const postgres = results.postgres!;
  // Why the ratio is what it is: the server, PostgreSQL and the load generator share these
  // cores. Both runs keep every core busy, so each rate is about cores ÷ the CPU all processes
  // spend on one request. Even a server that cost no CPU at all would reach at most
  // cores ÷ (PostgreSQL + load generator) per second: `ratio_ceiling`, the best ratio this
  // machine can show. `db_cpu_ratio` is how close PostgreSQL's own work per verify is to its
  // work per pgbench transaction of the same statements (1 = a verify costs the database
  // nothing beyond its SQL).
  const txCount = Math.max(1, transactions);
  const pgPerTx = (pgCpuUsed * 1000) / txCount;
  const pgbenchPerTx = (pgbenchCpuUsed * 1000) / txCount;
  const cores = cpus().length;
  const ceilingRps =
    (cores * 1e6) / (postgres.pg_cpu_us_per_verify! + postgres.load_generator_cpu_us_per_verify);
  console.log(
    `CPU per request (µs): verify = server ${postgres.server_cpu_us_per_verify} + PostgreSQL ${postgres.pg_cpu_us_per_verify} + load generator ${postgres.load_generator_cpu_us_per_verify}; pgbench transaction = PostgreSQL ${Math.round(pgPerTx)} + pgbench ${Math.round(pgbenchPerTx)}. A server costing nothing would reach ≤ ${Math.round(ceilingRps)} verify/s here: ratio ≤ ${(ceilingRps / tps).toFixed(2)}`,
  );
  console.log(
    JSON.stringify({
      verify_rps: postgres.verify_rps,
      p50_ms: postgres.p50_ms,
      p99_ms: postgres.p99_ms,
      pgbench_same_sql_tps: Math.round(tps),
      ratio: Number((postgres.verify_rps / tps).toFixed(3)),
      statements: statements.length,
      non2xx: postgres.non2xx,
      server_cpu_us_per_verify: postgres.server_cpu_us_per_verify,
      pg_cpu_us_per_verify: postgres.pg_cpu_us_per_verify,
      pg_cpu_us_per_pgbench_tx: Math.round(pgPerTx),
      load_generator_cpu_us_per_verify: postgres.load_generator_cpu_us_per_verify,
      pgbench_client_cpu_us_per_tx: Math.round(pgbenchPerTx),
      // (null where /proc gave no PostgreSQL CPU: off Linux, or its postmaster not found)
      db_cpu_ratio: finiteOrNull(pgPerTx / postgres.pg_cpu_us_per_verify!),
      ratio_ceiling: finiteOrNull(ceilingRps / tps),
      http_floor: httpFloor,
      pglite: {
        verify_rps: results.pglite!.verify_rps,
        p50_ms: results.pglite!.p50_ms,
        p99_ms: results.pglite!.p99_ms,
        server_cpu_us_per_verify: results.pglite!.server_cpu_us_per_verify,
      },
      connections: CONNECTIONS,
      duration_s: DURATION,
      pgbench_mode: mode,
      // The machine's 1-minute load average at the start and the end (benchmarks here share it).
      load: [loadAtStart, Number(loadavg()[0]!.toFixed(2))],
      cores,
    }),
  );
} finally {
  pgCluster.stop();
}
