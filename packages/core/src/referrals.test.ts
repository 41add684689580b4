import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Address } from './campaign/campaign.js';
import { validateCampaign } from './campaign/validate.js';
import { emptyProgress } from './ladder/progress.js';
import {
  bindRefusal,
  inviteLink,
  newReferralCode,
  parseReferralCode,
  qualifiesNow,
  REFERRAL_CODE,
  type ReferralRule,
  type ReferralRules,
  referralNeeds,
  referralStatus,
} from './referrals.js';

const sample = JSON.parse(
  readFileSync(new URL('../../../examples/campaigns/questboard-101.json', import.meta.url), 'utf8'),
);

const A = '0x1111111111111111111111111111111111111111' as Address;
const B = '0x2222222222222222222222222222222222222222' as Address;
const DAY = 86_400_000;

const rules: ReferralRules = {
  qualify: {
    type: 'all',
    rules: [
      { type: 'task', task: 'read-intro' },
      { type: 'points', min: 30 },
    ],
  },
  withinDays: 7,
  points: 50,
  maxReferees: 2,
};

const progressWith = (done: Record<string, number>) => {
  const p = emptyProgress('c', B);
  for (const [task, points] of Object.entries(done))
    p.completed[task] = { at: '2026-01-01T00:00:00.000Z', points };
  return p;
};

describe('referral codes', () => {
  it('are random, well-formed and never the address', () => {
    const codes = new Set(Array.from({ length: 500 }, newReferralCode));
    assert.equal(codes.size, 500, 'no collisions in 500 codes of 50 bits');
    for (const code of codes) assert.match(code, REFERRAL_CODE);
  });

  it('parse leniently (case, spaces, look-alikes) and refuse anything else', () => {
    assert.equal(parseReferralCode(' 0123ABCDEF '), '0123abcdef');
    assert.equal(parseReferralCode('O1IL456789'), '0111456789');
    for (const bad of ['', 'short', '0123abcdef0', '0123abcdeu', A, '<script>', 42, null])
      assert.equal(parseReferralCode(bad), undefined, String(bad));
    fc.assert(
      fc.property(fc.string(), (s) => {
        const code = parseReferralCode(s);
        return code === undefined || REFERRAL_CODE.test(code);
      }),
    );
  });

  it('make invite links that replace an old ref and drop the fragment', () => {
    assert.equal(
      inviteLink('https://dapp.example/quests?ref=zzzzzzzzzz&x=1#top', '0123abcdef'),
      'https://dapp.example/quests?ref=0123abcdef&x=1',
    );
  });
});

describe('bindRefusal', () => {
  const ok = { referee: B, referrer: A, bound: false, hasProgress: false, referrerCount: 0 };
  it('binds a newcomer to a known referrer', () => {
    assert.equal(bindRefusal(rules, ok), undefined);
  });
  it('refuses in a fixed order with a reason each', () => {
    assert.equal(bindRefusal(undefined, ok), 'NOT_ENABLED');
    assert.equal(bindRefusal(rules, { ...ok, referrer: undefined }), 'UNKNOWN_CODE');
    assert.equal(
      bindRefusal(rules, { ...ok, referrer: B.toUpperCase().replace('0X', '0x') as Address }),
      'SELF',
    );
    assert.equal(bindRefusal(rules, { ...ok, bound: true }), 'ALREADY_BOUND');
    assert.equal(bindRefusal(rules, { ...ok, hasProgress: true }), 'NOT_NEW');
    assert.equal(bindRefusal(rules, { ...ok, referrerCount: 2 }), 'CAP_REACHED');
    assert.equal(bindRefusal(rules, { ...ok, referrerCount: 1 }), undefined);
    const { maxReferees: _, ...uncapped } = rules;
    assert.equal(bindRefusal(uncapped, { ...ok, referrerCount: 10_000 }), undefined);
  });
});

describe('qualification', () => {
  it('lists what a referee still needs, then nothing', () => {
    assert.deepEqual(referralNeeds(rules.qualify, { done: new Set(), points: 0 }), [
      { kind: 'task', task: 'read-intro' },
      { kind: 'points', points: 30 },
    ]);
    assert.deepEqual(referralNeeds(rules.qualify, { done: new Set(['read-intro']), points: 10 }), [
      { kind: 'points', points: 20 },
    ]);
    assert.deepEqual(
      referralNeeds(rules.qualify, { done: new Set(['read-intro']), points: 30 }),
      [],
    );
  });

  it('takes the cheapest alternatives of any / atLeast', () => {
    const rule: ReferralRule = {
      type: 'atLeast',
      min: 2,
      rules: [
        { type: 'task', task: 'a' },
        {
          type: 'all',
          rules: [
            { type: 'task', task: 'b' },
            { type: 'task', task: 'c' },
          ],
        },
        { type: 'task', task: 'd' },
      ],
    };
    assert.deepEqual(referralNeeds(rule, { done: new Set(['d']), points: 0 }), [
      { kind: 'task', task: 'a' },
    ]);
    const any: ReferralRule = {
      type: 'any',
      rules: [
        { type: 'points', min: 100 },
        { type: 'task', task: 'x' },
      ],
    };
    assert.deepEqual(referralNeeds(any, { done: new Set(), points: 0 }), [
      { kind: 'points', points: 100 },
    ]);
  });

  it('holds exactly when nothing is needed (property)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const leaf = fc.oneof(
      fc.constantFrom(...ids).map((task): ReferralRule => ({ type: 'task', task })),
      fc.integer({ min: 1, max: 50 }).map((min): ReferralRule => ({ type: 'points', min })),
    );
    const rule = fc.letrec<{ r: ReferralRule }>((tie) => ({
      r: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc
          .array(tie('r'), { minLength: 1, maxLength: 3 })
          .map((rules): ReferralRule => ({ type: 'all', rules })),
        fc
          .array(tie('r'), { minLength: 1, maxLength: 3 })
          .map((rules): ReferralRule => ({ type: 'any', rules })),
      ),
    })).r;
    const holds = (r: ReferralRule, done: Set<string>, points: number): boolean =>
      r.type === 'task'
        ? done.has(r.task)
        : r.type === 'points'
          ? points >= r.min
          : r.type === 'all'
            ? r.rules.every((x) => holds(x, done, points))
            : r.type === 'any'
              ? r.rules.some((x) => holds(x, done, points))
              : r.rules.filter((x) => holds(x, done, points)).length >= r.min;
    fc.assert(
      fc.property(rule, fc.subarray(ids), fc.integer({ min: 0, max: 60 }), (r, done, points) => {
        const facts = { done: new Set(done), points };
        const needs = referralNeeds(r, facts);
        assert.equal(needs.length === 0, holds(r, facts.done, points));
        // Doing what is listed makes the rule hold.
        const after = new Set([
          ...done,
          ...needs.flatMap((n) => (n.kind === 'task' ? [n.task] : [])),
        ]);
        const more = Math.max(0, ...needs.map((n) => (n.kind === 'points' ? n.points : 0)));
        assert.equal(holds(r, after, points + more), true);
      }),
    );
  });

  it('states: pending with needs → qualified; expired after the window', () => {
    const bound = Date.parse('2026-01-01T00:00:00Z');
    const fresh = progressWith({});
    const done = progressWith({ 'read-intro': 10, 'eip-quiz': 20 });
    const pending = referralStatus(rules, fresh, bound, undefined, bound + DAY);
    assert.equal(pending.state, 'pending');
    assert.equal(pending.needs.length, 2);
    assert.equal(pending.deadline, '2026-01-08T00:00:00.000Z');
    assert.equal(qualifiesNow(rules, fresh, bound, bound + DAY), false);
    assert.equal(qualifiesNow(rules, done, bound, bound + DAY), true);
    assert.equal(qualifiesNow(rules, done, bound, bound + 7 * DAY + 1), false, 'too late');
    assert.equal(referralStatus(rules, fresh, bound, undefined, bound + 8 * DAY).state, 'expired');
    const qualified = referralStatus(rules, done, bound, bound + DAY, bound + 30 * DAY);
    assert.equal(qualified.state, 'qualified');
    assert.deepEqual(qualified.needs, []);
  });

  it('counts scheduled completions as done and their points', () => {
    const p = emptyProgress('c', B);
    p.periods = {
      daily: { '2026-01-01': { at: 'x', points: 15 }, '2026-01-02': { at: 'y', points: 15 } },
    };
    p.completed['read-intro'] = { at: 'z', points: 0 };
    assert.equal(qualifiesNow(rules, p, 0, 1), true);
  });
});

describe('campaign `referral` section', () => {
  const withReferral = (referral: unknown) => ({ ...structuredClone(sample), referral });
  const issues = (referral: unknown) => {
    const r = validateCampaign(withReferral(referral));
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('accepts a valid section', () => {
    assert.deepEqual(issues(rules), []);
  });

  it('names every bad field', () => {
    const found = issues({
      qualify: { type: 'all', rules: [{ type: 'task', task: 'nope' }, { type: 'tasks' }] },
      withinDays: 0,
      points: -1,
      maxReferees: 1.5,
      bonus: 1,
    });
    assert.deepEqual(found.sort(), [
      'referral.bonus: is not a known field',
      'referral.maxReferees: must be a whole number',
      'referral.points: must be 0 or more',
      'referral.qualify.rules[1].type: must be a rule with "type" one of "task", "points", "all", "any", "atLeast"',
      'referral.withinDays: must be 1 or more',
    ]);
  });

  it('checks references once the structure holds', () => {
    assert.deepEqual(
      issues({
        qualify: {
          type: 'atLeast',
          min: 3,
          rules: [
            { type: 'task', task: 'nope' },
            { type: 'points', min: 5 },
          ],
        },
        points: 10,
      }).sort(),
      [
        'referral.qualify.min: asks for 3 rules but lists only 2',
        'referral.qualify.rules[0].task: names no task of this campaign ("nope")',
      ],
    );
  });

  it('refuses rules without their fields and oversize rules', () => {
    assert.deepEqual(issues({ qualify: { type: 'points' }, points: 1 }), [
      'referral.qualify.min: must be a number',
    ]);
    const deep = {
      type: 'all',
      rules: Array.from({ length: 50 }, () => ({
        type: 'all',
        rules: [
          { type: 'points', min: 1 },
          { type: 'points', min: 2 },
        ],
      })),
    };
    assert.ok(issues({ qualify: deep, points: 1 }).some((i) => i.includes('too large')));
  });
});
