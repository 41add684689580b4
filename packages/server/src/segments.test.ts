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
import {
  ADDRESSES,
  CAMPAIGNS,
  dataArb,
  evaluate,
  expectedMember,
  load,
  referredTwice,
  ruleArb,
} from './test/segments-reference.js';

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
      dataArb.filter((d) => d.completions.length > 20 && referredTwice(d)),
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
    assert.ok(
      all.some((m) => m.referrer !== null),
      'the data has referred members',
    );
    for (const m of all) {
      assert.deepEqual(m, expectedMember(m.address, data));
      const line = segmentCsvLine(m).split(',');
      assert.equal(line.length, SEGMENT_CSV_HEADER.split(',').length);
      assert.equal(line[0], m.address);
    }
  });

  it('referredBy selects the wallets bound in that campaign, by that referrer in any case', async () => {
    const [a, b, c, d] = ADDRESSES as [string, string, string, string];
    // Referrers with hex letters, so case matters.
    const [r1, r2] = [ADDRESSES[10]!, ADDRESSES[11]!];
    const data = {
      completions: [a, b, c, d].map((address, i) => ({
        campaignId: 'c1',
        taskId: 't1',
        address,
        points: 1,
        at: Date.UTC(2026, 0, 1 + i),
        issuer: null,
      })),
      claims: [],
      referrals: [
        { campaignId: 'c1', referee: a, referrer: r1, boundAt: Date.UTC(2026, 0, 1) },
        { campaignId: 'c1', referee: b, referrer: r2, boundAt: Date.UTC(2026, 0, 2) },
        { campaignId: 'c2', referee: c, referrer: r1, boundAt: Date.UTC(2026, 0, 3) },
      ],
    };
    await load(db, data);
    const members = async (rule: SegmentRule) =>
      (await segmentMembers(db, rule, { limit: 100 })).map((m) => m.address);
    assert.deepEqual(await members({ type: 'referredBy', campaignId: 'c1' }), [a, b]);
    assert.deepEqual(await members({ type: 'referredBy', campaignId: 'c2' }), [c]);
    const loud = `0x${r1.slice(2).toUpperCase()}`;
    assert.deepEqual(await members({ type: 'referredBy', campaignId: 'c1', referrer: loud }), [a]);
    assert.deepEqual(await members({ type: 'referredBy', campaignId: 'c2', referrer: r2 }), []);
    assert.deepEqual(
      await members({ type: 'not', rule: { type: 'referredBy', campaignId: 'c1' } }),
      [c, d],
    );
    const { params } = compileSegment({ type: 'referredBy', campaignId: 'c1', referrer: loud });
    assert.deepEqual(params, ['c1', r1], 'the referrer is bound lowercase');
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
          { type: 'referredBy', referrer: '0x12' },
          { type: 'referredBy', campaignId: 'c1', referrer: 42, by: 'x' },
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
        'rules[6].campaignId',
        'rules[6].referrer',
        'rules[7].by',
        'rules[7].referrer',
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
