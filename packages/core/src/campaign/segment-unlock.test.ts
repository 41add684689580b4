import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuestError } from '../errors.js';
import { deriveLadder } from '../ladder/engine.js';
import { emptyProgress } from '../ladder/progress.js';
import { memoryBackend } from '../memory-backend.js';
import { claimGate, taskGate } from '../verify/verify.js';
import { parseCampaign, validateCampaign } from './validate.js';

const WALLET = '0x00000000000000000000000000000000000000a1';

const campaign = (unlock: unknown, extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  id: 'gated',
  title: 'Gated',
  tiers: [
    {
      id: 'open',
      title: 'Open',
      tasks: [{ id: 'a', kind: 'visit', title: 'A', points: 1, url: 'https://example.org/a' }],
    },
    {
      id: 'vip',
      title: 'VIP',
      unlock,
      tasks: [{ id: 'b', kind: 'visit', title: 'B', points: 1, url: 'https://example.org/b' }],
      reward: { title: 'Badge' },
      ...extra,
    },
  ],
});

const issuesOf = (input: unknown) => {
  const result = validateCampaign(input);
  assert.equal(result.ok, false, 'expected the campaign to be refused');
  return result.ok ? [] : result.issues;
};

describe('tier unlock: segment', () => {
  it('accepts a segment alone, or with after', () => {
    assert.equal(
      parseCampaign(campaign({ segment: 'early-supporters' })).tiers[1]!.unlock!.segment,
      'early-supporters',
    );
    const both = parseCampaign(campaign({ after: 'open', segment: 'vips' }));
    assert.deepEqual(both.tiers[1]!.unlock, { after: 'open', segment: 'vips' });
  });

  it('refuses a bad segment name, an empty unlock and require without after, naming the field', () => {
    assert.deepEqual(
      issuesOf(campaign({ segment: 'no spaces!' })).map((i) => i.path),
      ['tiers[1].unlock.segment'],
    );
    assert.deepEqual(
      issuesOf(campaign({ segment: 7 })).map((i) => i.path),
      ['tiers[1].unlock.segment'],
    );
    const empty = issuesOf(campaign({}));
    assert.deepEqual(
      empty.map((i) => i.path),
      ['tiers[1].unlock'],
    );
    assert.match(empty[0]!.message, /"after".*"segment"/);
    assert.deepEqual(
      issuesOf(campaign({ segment: 's', require: 'any' })).map((i) => i.path),
      ['tiers[1].unlock.require'],
    );
    assert.deepEqual(
      issuesOf(campaign({ segment: 's', extra: 1 })).map((i) => i.path),
      ['tiers[1].unlock.extra'],
    );
  });

  it('a segment-gated tier is locked for a non-member and open for a member', () => {
    const c = parseCampaign(campaign({ segment: 'vips' }));
    const outsider = emptyProgress('gated', WALLET);
    const tier = deriveLadder(c, outsider, { now: 0 }).tiers[1]!;
    assert.equal(tier.state, 'locked');
    assert.equal(tier.unlock!.met, false);
    assert.equal(tier.unlock!.inSegment, false);
    const member = { ...emptyProgress('gated', WALLET), segments: ['vips'] };
    const open = deriveLadder(c, member, { now: 0 }).tiers[1]!;
    assert.equal(open.state, 'available');
    assert.equal(open.unlock!.inSegment, true);
  });

  it('with after too, both must hold', () => {
    const c = parseCampaign(campaign({ after: 'open', segment: 'vips' }));
    const member = { ...emptyProgress('gated', WALLET), segments: ['vips'] };
    assert.equal(deriveLadder(c, member, { now: 0 }).tiers[1]!.state, 'locked');
    member.completed.a = { at: new Date(0).toISOString(), points: 1 };
    assert.equal(deriveLadder(c, member, { now: 0 }).tiers[1]!.state, 'available');
    const outsider = { ...member, segments: [] };
    assert.equal(deriveLadder(c, outsider, { now: 0 }).tiers[1]!.state, 'locked');
  });

  it('verify and claim refuse a non-member with TIER_LOCKED, "not in segment"', () => {
    const c = parseCampaign(campaign({ segment: 'vips' }));
    const outsider = emptyProgress('gated', WALLET);
    const gate = taskGate(c, outsider, 'b', 0);
    assert.equal(gate.status, 'refused');
    assert.equal(gate.status === 'refused' && gate.code, 'TIER_LOCKED');
    assert.equal(gate.status === 'refused' && gate.details, 'not in segment');
    const claim = claimGate(c, outsider, 'vip', 0);
    assert.equal(claim.status === 'refused' && claim.code, 'TIER_LOCKED');
    assert.equal(claim.status === 'refused' && claim.details, 'not in segment');
    const member = { ...emptyProgress('gated', WALLET), segments: ['vips'] };
    assert.equal(taskGate(c, member, 'b', 0).status, 'open');
  });

  it('the memory backend gates the tier on its `segments` option (a list or a test)', async () => {
    const other = '0x00000000000000000000000000000000000000B2' as const;
    for (const vips of [[WALLET.toUpperCase().replace('0X', '0x')], (a: string) => a === WALLET]) {
      const backend = memoryBackend({ storage: null, segments: { vips } });
      const c = await backend.loadCampaign(parseCampaign(campaign({ segment: 'vips' })));
      assert.deepEqual((await backend.getProgress(c.id, WALLET)).segments, ['vips']);
      assert.deepEqual((await backend.getProgress(c.id, other)).segments, []);
      assert.deepEqual((await backend.getProgress(c.id, null)).segments, []);
      const refused = await backend.verify({ campaignId: c.id, taskId: 'b', address: other }).then(
        () => assert.fail('expected TIER_LOCKED'),
        (e: unknown) => e,
      );
      assert.ok(refused instanceof QuestError);
      assert.equal(refused.code, 'TIER_LOCKED');
      assert.equal(refused.details, 'not in segment');
      const passed = await backend.verify({ campaignId: c.id, taskId: 'b', address: WALLET });
      assert.equal(passed.ok, true);
      assert.deepEqual(passed.progress.segments, ['vips']);
      assert.ok(passed.progress.completed.b);
    }
    // A campaign naming no segment reports none; a segment not given has no members.
    const backend = memoryBackend({ storage: null });
    const c = await backend.loadCampaign(parseCampaign(campaign({ segment: 'unknown' })));
    assert.deepEqual((await backend.getProgress(c.id, WALLET)).segments, []);
    const plain = await backend.loadCampaign(
      parseCampaign({ ...campaign({ after: 'open' }), id: 'plain' }),
    );
    assert.equal((await backend.getProgress(plain.id, WALLET)).segments, undefined);
  });
});
