import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type Db, openPglite } from './db.js';
import { migrate } from './migrations.js';
import {
  compileSegment,
  SEGMENT_CSV_HEADER,
  type SegmentRule,
  segmentCount,
  segmentCsvLine,
  segmentMembers,
  validateSegment,
} from './segments.js';

const ADDRESSES = Array.from(
  { length: 12 },
  (_, i) => `0x${(i + 1).toString(16).padStart(2, '0').repeat(20)}`,
);
const CAMPAIGNS = ['c1', 'c2'];
const TASKS = ['t1', 't2', 't3', 't4'];
const ISSUERS = [
  '0x00000000000000000000000000000000000000aa',
  '0x00000000000000000000000000000000000000bb',
];
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

interface Row {
  campaignId: string;
  taskId: string;
  address: string;
  points: number;
  at: number;
  issuer: string | null;
}
interface Data {
  completions: Row[];
  claims: { campaignId: string; tierId: string; address: string }[];
}

const dataArb: fc.Arbitrary<Data> = fc.record({
  completions: fc.uniqueArray(
    fc.record({
      campaignId: fc.constantFrom(...CAMPAIGNS),
      taskId: fc.constantFrom(...TASKS),
      address: fc.constantFrom(...ADDRESSES),
      points: fc.integer({ min: 0, max: 50 }),
      at: fc.integer({ min: 0, max: 60 }).map((d) => T0 + d * DAY),
      issuer: fc.option(fc.constantFrom(...ISSUERS), { nil: null }),
    }),
    { selector: (r) => `${r.campaignId}/${r.taskId}/${r.address}`, minLength: 15, maxLength: 60 },
  ),
  claims: fc.uniqueArray(
    fc.record({
      campaignId: fc.constantFrom(...CAMPAIGNS),
      tierId: fc.constantFrom('a', 'b'),
      address: fc.constantFrom(...ADDRESSES),
    }),
    { selector: (r) => `${r.campaignId}/${r.tierId}/${r.address}`, maxLength: 10 },
  ),
});

const leaf: fc.Arbitrary<SegmentRule> = fc.oneof(
  fc.record({
    type: fc.constant('task' as const),
    campaignId: fc.constantFrom(...CAMPAIGNS),
    taskId: fc.constantFrom(...TASKS),
  }),
  fc.record({ type: fc.constant('campaign' as const), campaignId: fc.constantFrom(...CAMPAIGNS) }),
  fc
    .record({
      type: fc.constant('points' as const),
      campaignId: fc.constantFrom(...CAMPAIGNS),
      min: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      max: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    })
    .filter((r) => (r.min !== undefined || r.max !== undefined) && !(r.min! > r.max!))
    .map((r) => JSON.parse(JSON.stringify(r))),
  fc
    .record({
      type: fc.constant('credential' as const),
      issuer: fc.constantFrom(...ISSUERS),
      campaignId: fc.constantFrom(...CAMPAIGNS),
      taskId: fc.option(fc.constantFrom(...TASKS), { nil: undefined }),
    })
    .map((r) => JSON.parse(JSON.stringify(r))),
  fc
    .record({
      type: fc.constant('firstSeen' as const),
      after: fc.option(
        fc.integer({ min: 0, max: 60 }).map((d) => new Date(T0 + d * DAY).toISOString()),
        { nil: undefined },
      ),
      before: fc.option(
        fc.integer({ min: 0, max: 60 }).map((d) => new Date(T0 + d * DAY).toISOString()),
        { nil: undefined },
      ),
    })
    .filter((r) => r.after !== undefined || r.before !== undefined)
    .map((r) => JSON.parse(JSON.stringify(r))),
);
const ruleArb: fc.Arbitrary<SegmentRule> = fc.letrec<{ rule: SegmentRule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      type: fc.constant('all' as const),
      rules: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      type: fc.constant('any' as const),
      rules: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ type: fc.constant('not' as const), rule: tie('rule') }),
    fc
      .array(tie('rule'), { minLength: 1, maxLength: 3 })
      .chain((rules) =>
        fc
          .integer({ min: 1, max: rules.length })
          .map((n) => ({ type: 'atLeast' as const, n, rules })),
      ),
  ),
})).rule;

/** The same rule evaluated in memory over the same rows: the reference the SQL must agree with. */
function evaluate(rule: SegmentRule, address: string, data: Data): boolean {
  const mine = data.completions.filter((c) => c.address === address);
  switch (rule.type) {
    case 'task':
      return mine.some((c) => c.campaignId === rule.campaignId && c.taskId === rule.taskId);
    case 'campaign':
      return mine.some((c) => c.campaignId === rule.campaignId);
    case 'points': {
      const total = mine
        .filter((c) => c.campaignId === rule.campaignId)
        .reduce((s, c) => s + c.points, 0);
      return (
        (rule.min === undefined || total >= rule.min) &&
        (rule.max === undefined || total <= rule.max)
      );
    }
    case 'credential':
      return mine.some(
        (c) =>
          c.issuer?.toLowerCase() === rule.issuer.toLowerCase() &&
          c.campaignId === rule.campaignId &&
          (rule.taskId === undefined || c.taskId === rule.taskId),
      );
    case 'firstSeen': {
      const first = Math.min(...mine.map((c) => c.at));
      return (
        (rule.after === undefined || first >= Date.parse(rule.after)) &&
        (rule.before === undefined || first < Date.parse(rule.before))
      );
    }
    case 'all':
      return rule.rules.every((r) => evaluate(r, address, data));
    case 'any':
      return rule.rules.some((r) => evaluate(r, address, data));
    case 'atLeast':
      return rule.rules.filter((r) => evaluate(r, address, data)).length >= rule.n;
    case 'not':
      return !evaluate(rule.rule, address, data);
  }
}

async function load(db: Db, data: Data) {
  await db.exec('TRUNCATE completions, points_ledger, points_totals, claims, credentials CASCADE');
  for (const [i, c] of data.completions.entries()) {
    await db.query(
      `INSERT INTO completions (campaign_id, task_id, address, points, completed_at) VALUES ($1, $2, $3, $4, $5)`,
      [c.campaignId, c.taskId, c.address, c.points, new Date(c.at).toISOString()],
    );
    await db.query(
      `INSERT INTO points_totals (campaign_id, address, points) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id, address) DO UPDATE SET points = points_totals.points + EXCLUDED.points`,
      [c.campaignId, c.address, c.points],
    );
    if (c.issuer)
      await db.query(
        `INSERT INTO credentials (uid, campaign_id, task_id, address, issuer, body) VALUES ($1, $2, $3, $4, $5, '{}')`,
        [`0x${i.toString(16).padStart(64, '0')}`, c.campaignId, c.taskId, c.address, c.issuer],
      );
  }
  for (const c of data.claims)
    await db.query('INSERT INTO claims (campaign_id, tier_id, address) VALUES ($1, $2, $3)', [
      c.campaignId,
      c.tierId,
      c.address,
    ]);
}

describe('segments', () => {
  let db: Db;
  before(async () => {
    db = await openPglite();
    await migrate(db);
  });
  after(() => db.close());

  it('SQL selects exactly the wallets an in-memory evaluation of the same rule selects', async () => {
    const datasets = fc.sample(dataArb, { numRuns: 6, seed: 42 });
    for (const data of datasets) {
      await load(db, data);
      const universe = [...new Set(data.completions.map((c) => c.address))].sort();
      for (const rule of fc.sample(ruleArb, { numRuns: 40 })) {
        assert.deepEqual(validateSegment(rule), [], JSON.stringify(rule));
        const expected = universe.filter((a) => evaluate(rule, a, data));
        const members = await segmentMembers(db, rule, { limit: 10_000 });
        assert.deepEqual(
          members.map((m) => m.address),
          expected,
          JSON.stringify(rule),
        );
        assert.equal(await segmentCount(db, rule), expected.length);
      }
    }
  });

  it('pages by address, and the export columns match the rows', async () => {
    const data = fc.sample(
      dataArb.filter((d) => d.completions.length > 20),
      { numRuns: 1, seed: 7 },
    )[0]!;
    await load(db, data);
    const rule: SegmentRule = {
      type: 'any',
      rules: CAMPAIGNS.map((campaignId) => ({ type: 'campaign', campaignId })),
    };
    const all = await segmentMembers(db, rule, { limit: 10_000 });
    const paged = [];
    let afterAddress: string | undefined;
    for (;;) {
      const page = await segmentMembers(db, rule, {
        limit: 3,
        ...(afterAddress ? { after: afterAddress } : {}),
      });
      if (!page.length) break;
      paged.push(...page);
      afterAddress = page.at(-1)!.address;
    }
    assert.deepEqual(paged, all);
    for (const m of all) {
      const mine = data.completions.filter((c) => c.address === m.address);
      assert.equal(m.tasks, mine.length);
      assert.equal(
        m.points,
        mine.reduce((s, c) => s + c.points, 0),
      );
      assert.equal(m.tiers, data.claims.filter((c) => c.address === m.address).length);
      assert.equal(m.firstSeen, new Date(Math.min(...mine.map((c) => c.at))).toISOString());
      assert.equal(m.lastSeen, new Date(Math.max(...mine.map((c) => c.at))).toISOString());
      const line = segmentCsvLine(m).split(',');
      assert.equal(line.length, SEGMENT_CSV_HEADER.split(',').length);
      assert.equal(line[0], m.address);
    }
  });

  it('names every bad field and refuses what would make SQL large', () => {
    assert.deepEqual(
      validateSegment({
        type: 'all',
        rules: [
          { type: 'points', campaignId: 'c1', min: 5, max: 2 },
          { type: 'task', campaignId: "x'; DROP TABLE completions; --", taskId: 't1' },
          { type: 'credential', issuer: 'nope', campaignId: 'c1', extra: 1 },
          { type: 'firstSeen', after: 'yesterday' },
          { type: 'atLeast', n: 3, rules: [{ type: 'campaign', campaignId: 'c1' }] },
          { type: 'teleport' },
        ],
      }).map((i) => i.path),
      [
        'rules[0].max',
        'rules[1].campaignId',
        'rules[2].extra',
        'rules[2].issuer',
        'rules[3].after',
        'rules[4].n',
        'rules[5].type',
      ],
    );
    let deep: unknown = { type: 'campaign', campaignId: 'c1' };
    for (let i = 0; i < 20; i++) deep = { type: 'not', rule: deep };
    assert.match(validateSegment(deep)[0]!.message, /nested more than 8/);
    const wide = {
      type: 'any',
      rules: Array.from({ length: 100 }, () => ({ type: 'campaign', campaignId: 'c1' })),
    };
    assert.match(validateSegment(wide)[0]!.message, /at most 64 rules/);
    assert.deepEqual(
      validateSegment({ type: 'task', campaignId: 'c', taskId: 't', __proto__: 1 }),
      [],
    );
    assert.equal(
      validateSegment(JSON.parse('{"type":"task","campaignId":"c","taskId":"t","__proto__":1}'))
        .length,
      1,
    );
  });

  it('passes values as parameters, never as SQL text', () => {
    const { where, params } = compileSegment({ type: 'task', campaignId: "c'1", taskId: 't' });
    assert.ok(!where.includes("c'1"));
    assert.deepEqual(params, ["c'1", 't']);
  });
});
