// Verify throughput and latency of the reference server (a child process on 127.0.0.1) on
// embedded PGlite and on PostgreSQL, driven by autocannon; next to pgbench single-row INSERT
// TPS on the same PostgreSQL in the same run (the baseline: what the database does with no
// HTTP, no SIWE session, no rule, no ledger and no credential signature).
// Every measured request records a new completion (a fresh wallet × task pair): the write path.
// Last line: {"pglite":{…},"postgres":{…},"pgbench_tps":…,"ratio":…}, ratio = PostgreSQL verify rps / pgbench TPS.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
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
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WALLETS = Number(process.env.BENCH_WALLETS ?? 300);
const TASKS = 40;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef012345';
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
        QUESTBOARD_RATE_LIMIT_IP: '0',
        QUESTBOARD_RATE_LIMIT_ADDRESS: '0',
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

async function prepare(url: string): Promise<string[]> {
  const created = await fetch(`${url}/campaigns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(campaign),
  });
  if (created.status !== 201)
    throw new Error(`campaign: ${created.status} ${await created.text()}`);
  const tokens: string[] = [];
  for (let i = 0; i < WALLETS; i++) {
    const account = privateKeyToAccount(generatePrivateKey());
    const { nonce } = (await (await fetch(`${url}/auth/nonce`, { method: 'POST' })).json()) as {
      nonce: string;
    };
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
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message, signature }),
    });
    if (reply.status !== 200) throw new Error(`sign-in: ${reply.status} ${await reply.text()}`);
    tokens.push(((await reply.json()) as { token: string }).token);
  }
  return tokens;
}

async function measure(url: string, tokens: string[]) {
  // Warm-up on a separate task range is not possible without spending pairs; a short run of
  // already-done verifies warms the JIT and the connection pool instead.
  await autocannon({
    url,
    connections: 4,
    duration: 1,
    requests: [
      {
        method: 'POST',
        path: '/campaigns/bench/tasks/t0/verify',
        headers: { authorization: `Bearer ${tokens[0]}` },
      },
    ],
  });
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const i = n++;
          const wallet = i % tokens.length;
          const task = 1 + (Math.floor(i / tokens.length) % (TASKS - 1));
          return {
            ...req,
            path: `/campaigns/bench/tasks/t${task}/verify`,
            headers: { authorization: `Bearer ${tokens[wallet]}` },
          };
        },
      },
    ],
  });
  const unique = Math.min(n, tokens.length * (TASKS - 1));
  return {
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    new_completions: unique,
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
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

const pg = await startPostgres();
try {
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const store of ['pglite', 'postgres'] as const) {
    const env: Record<string, string> = {};
    if (store === 'postgres') {
      env.DATABASE_URL = await pg.createDatabase('bench_server');
      env.QUESTBOARD_WORKERS = process.env.BENCH_WORKERS ?? '1';
    }
    const { url, child } = await startServer(env);
    try {
      const tokens = await prepare(url);
      results[store] = await measure(url, tokens);
      console.log(`${store}: ${JSON.stringify(results[store])}`);
    } finally {
      await stop(child);
    }
  }

  const pgbenchDb = await pg.createDatabase('bench_pgbench');
  const { default: pgClient } = await import('pg');
  const client = new pgClient.Client({ connectionString: pgbenchDb });
  await client.connect();
  await client.query('CREATE TABLE single_row (id bigserial PRIMARY KEY, v integer NOT NULL)');
  await client.end();
  const script = join(tmpdir(), `questboard-pgbench-${process.pid}.sql`);
  writeFileSync(script, 'INSERT INTO single_row (v) VALUES (1);\n');
  const bench = spawnSync(
    pgbenchBin(),
    [
      '-n',
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
      String(pg.port),
      '-U',
      'postgres',
      'bench_pgbench',
    ],
    { encoding: 'utf8' },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(bench.stdout)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench failed: ${bench.stderr || bench.stdout}`);
  console.log(
    `pgbench single-row INSERT: ${Math.round(tps)} TPS (${CONNECTIONS} clients, ${DURATION} s)`,
  );
  console.log(
    JSON.stringify({
      pglite: results.pglite,
      postgres: results.postgres,
      pgbench_tps: Math.round(tps),
      ratio: Number(((results.postgres?.rps ?? 0) / tps).toFixed(3)),
    }),
  );
} finally {
  pg.stop();
}
