// Named (prepared) statements on embedded PGlite against PGlite's own `query` (issue 12 item 3):
// the two statements of a verify (the session + stored answer + progress, then the completion
// with its ledger entry, total, credential, events and stored answer) on one in-memory PGlite,
// run alternately in rounds by both ways on the same database, after a warm-up.
//   unnamed  PGlite.query: Parse + Describe + Bind + Describe + Execute + Sync, six calls into
//            PostgreSQL, the text parsed and planned every time (the baseline)
//   named    pgliteNamedStatements: parsed once under a name, then one call (Bind + Describe +
//            Execute + Sync), the plan cached by PostgreSQL
// Last line: {"unnamed_us_per_verify":…,"named_us_per_verify":…,"speedup":…,…}
// Run: node --conditions=source --import tsx bench/pglite-named.ts
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import type { Address, Credential } from '@questboard/core';
import { type Db, pgliteNamedStatements, type Queryable } from '../packages/server/src/db.js';
import { migrate } from '../packages/server/src/migrations.js';
import {
  findSessionWithAnswer,
  insertCampaign,
  insertSession,
  recordCompletion,
} from '../packages/server/src/store.js';

const N = Number(process.env.BENCH_VERIFIES ?? 400);
const ROUNDS = 5;
const TASKS = 40;

const pglite = new PGlite();
await pglite.waitReady;
const unnamed: Queryable = {
  query: async <T>(sql: string, params: readonly unknown[] = []) =>
    (await pglite.query<T>(sql, params as unknown[])).rows,
  exec: async (sql) => {
    await pglite.exec(sql);
  },
};
const db: Db = {
  ...unnamed,
  kind: 'pglite',
  transaction: (fn) =>
    pglite.transaction((tx) =>
      fn({
        query: async <T>(sql: string, params: readonly unknown[] = []) =>
          (await tx.query<T>(sql, params as unknown[])).rows,
        exec: async (sql) => {
          await tx.exec(sql);
        },
      }),
    ),
  close: () => pglite.close(),
};
await migrate(db);
const runNamed = pgliteNamedStatements(pglite);
const named: Queryable = {
  query: async <T>(sql: string, params: readonly unknown[] = []) =>
    (await pglite._runExclusiveTransaction(() =>
      pglite.runExclusive(() => runNamed<T>(sql, params)),
    ))!,
  exec: unnamed.exec,
};

await insertCampaign(
  unnamed,
  {
    schemaVersion: 1,
    id: 'bench',
    title: 'Bench',
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
  } as never,
  'e1',
);

let wallets = 0;
/** A fresh signed-in wallet, then `TASKS` verifies of it through `q`: the µs per verify. */
async function verifies(q: Queryable, n: number): Promise<number> {
  let total = 0;
  let left = n;
  while (left > 0) {
    const address = `0x${(++wallets).toString(16).padStart(40, '0')}` as Address;
    const tokenHash = randomBytes(32).toString('hex');
    await insertSession(unnamed, {
      tokenHash,
      address,
      chainId: 1,
      domain: 'bench.example',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const start = process.hrtime.bigint();
    for (let t = 0; t < TASKS && left > 0; t++, left--) {
      const suffix = `|verify|bench|t${t}`;
      const key = randomBytes(16).toString('hex');
      const found = await findSessionWithAnswer(q, tokenHash, suffix, key, 'bench');
      if (!found || found.answer) throw new Error('the session was not found');
      const at = new Date();
      const uid = `0x${randomBytes(32).toString('hex')}`;
      const credential = { uid, recipient: address, task: `t${t}` } as unknown as Credential;
      const done = await recordCompletion(
        q,
        {
          campaignId: 'bench',
          taskId: `t${t}`,
          address,
          points: 1,
          period: '',
          input: null,
          at,
          credential,
          credentialUid: uid,
          issuer: '0x0000000000000000000000000000000000000001',
          events: [
            {
              campaignId: 'bench',
              type: 'task_verified',
              address,
              task: `t${t}`,
              detail: { points: 1 },
              at,
            },
          ],
        },
        {
          scope: `${address}${suffix}`,
          key,
          requestHash: 'h',
          status: 200,
          body: { ok: true, progress: found.progress, credential, firstCompletion: true },
        },
      );
      if (!done.inserted || !done.answered) throw new Error('the completion was not recorded');
    }
    total += Number(process.hrtime.bigint() - start);
  }
  return total / 1000 / n;
}

const load = Number(loadavg()[0]!.toFixed(2));
await verifies(unnamed, 80);
await verifies(named, 80);
const samples = { unnamed: [] as number[], named: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  samples.unnamed.push(await verifies(unnamed, N));
  samples.named.push(await verifies(named, N));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const u = median(samples.unnamed);
const n = median(samples.named);
await pglite.close();
console.log(
  JSON.stringify({
    unnamed_us_per_verify: Math.round(u),
    named_us_per_verify: Math.round(n),
    speedup: Number((u / n).toFixed(2)),
    statements_per_verify: 2,
    verifies_per_round: N,
    rounds: ROUNDS,
    load: [load, Number(loadavg()[0]!.toFixed(2))],
  }),
);
