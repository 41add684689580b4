// The reference for segment tests: generated data, generated rules, and the same rules
// evaluated in memory over the same rows (what the compiled SQL must agree with). Shared by
// segments.test.ts (the SQL) and segments-http.test.ts (the admin API).
import fc from 'fast-check';
import type { Queryable } from '../db.js';
import { SEGMENT_LIMITS, type SegmentMember, type SegmentRule } from '../segments.js';

export const ADDRESSES = Array.from(
  { length: 12 },
  (_, i) => `0x${(i + 1).toString(16).padStart(2, '0').repeat(20)}`,
);
export const CAMPAIGNS = ['c1', 'c2'];
export const TASKS = ['t1', 't2', 't3', 't4'];
export const ISSUERS = [
  '0x00000000000000000000000000000000000000aa',
  '0x00000000000000000000000000000000000000bb',
];
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

export interface Row {
  campaignId: string;
  taskId: string;
  address: string;
  points: number;
  at: number;
  issuer: string | null;
}
export interface Data {
  completions: Row[];
  claims: { campaignId: string; tierId: string; address: string }[];
  referrals: { campaignId: string; referee: string; referrer: string; boundAt: number }[];
}

export const dataArb: fc.Arbitrary<Data> = fc.record({
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
  referrals: fc.uniqueArray(
    fc
      .record({
        campaignId: fc.constantFrom(...CAMPAIGNS),
        referee: fc.constantFrom(...ADDRESSES),
        referrer: fc.constantFrom(...ADDRESSES),
        // Distinct times: the earliest binding is one row.
        boundAt: fc.integer({ min: 0, max: 60 * 24 }).map((m) => T0 + m * 60_000),
      })
      .filter((r) => r.referee !== r.referrer),
    { selector: (r) => `${r.campaignId}/${r.referee}`, maxLength: 12 },
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
      type: fc.constant('referredBy' as const),
      campaignId: fc.constantFrom(...CAMPAIGNS),
      // Any case: the rule compares addresses case-insensitively.
      referrer: fc.option(
        fc
          .tuple(fc.constantFrom(...ADDRESSES), fc.boolean())
          .map(([a, upper]) => (upper ? `0x${a.slice(2).toUpperCase()}` : a)),
        { nil: undefined },
      ),
    })
    .map((r) => JSON.parse(JSON.stringify(r))),
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
/** How many rules a rule is made of (itself included), as `validateSegment` counts them. */
function ruleNodes(rule: SegmentRule): number {
  if (rule.type === 'not') return 1 + ruleNodes(rule.rule);
  if ('rules' in rule) return rule.rules.reduce((n, r) => n + ruleNodes(r), 1);
  return 1;
}

/**
 * Valid rules only, within `SEGMENT_LIMITS`: at most `depth` levels below the root (past
 * `maxDepth` only leaves are drawn) and at most `nodes` rules.
 */
export const ruleArb: fc.Arbitrary<SegmentRule> = fc
  .letrec<{ rule: SegmentRule }>((tie) => ({
    rule: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: SEGMENT_LIMITS.depth },
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
  }))
  .rule.filter((rule) => ruleNodes(rule) <= SEGMENT_LIMITS.nodes);

/** The same rule evaluated in memory over the same rows: the reference the SQL must agree with. */
export function evaluate(rule: SegmentRule, address: string, data: Data): boolean {
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
    case 'referredBy':
      return data.referrals.some(
        (r) =>
          r.campaignId === rule.campaignId &&
          r.referee === address &&
          (rule.referrer === undefined || r.referrer.toLowerCase() === rule.referrer.toLowerCase()),
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

export async function load(db: Queryable, data: Data) {
  await db.query(
    'TRUNCATE completions, points_ledger, points_totals, claims, credentials, referrals CASCADE',
  );
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
  for (const r of data.referrals)
    await db.query(
      `INSERT INTO referrals (campaign_id, referee, referrer, code, bound_at) VALUES ($1, $2, $3, 'code', $4)`,
      [r.campaignId, r.referee, r.referrer, new Date(r.boundAt).toISOString()],
    );
}

/** The member row the export must give for `address` (every campaign). */
export function expectedMember(address: string, data: Data): SegmentMember {
  const mine = data.completions.filter((c) => c.address === address);
  const referral = data.referrals
    .filter((r) => r.referee === address)
    .sort((a, b) => a.boundAt - b.boundAt || (a.campaignId < b.campaignId ? -1 : 1))[0];
  return {
    address,
    points: mine.reduce((s, c) => s + c.points, 0),
    tiers: data.claims.filter((c) => c.address === address).length,
    tasks: mine.length,
    referrer: referral?.referrer ?? null,
    firstSeen: new Date(Math.min(...mine.map((c) => c.at))).toISOString(),
    lastSeen: new Date(Math.max(...mine.map((c) => c.at))).toISOString(),
  };
}

/** The segment's members by the in-memory evaluation, in address order. */
export function expectedMembers(rule: SegmentRule, data: Data): string[] {
  return [...new Set(data.completions.map((c) => c.address))]
    .sort()
    .filter((a) => evaluate(rule, a, data));
}

/** Data where some member was referred in two campaigns (so "earliest binding" is tested). */
export function referredTwice(data: Data): boolean {
  const members = new Set(data.completions.map((c) => c.address));
  const bindings = data.referrals.filter((r) => members.has(r.referee)).map((r) => r.referee);
  return new Set(bindings).size < bindings.length;
}
