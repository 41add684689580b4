// Scheduled tasks end to end in the browser's backend, with an injected clock: periods from the
// backend's clock in the campaign's time zone, once per period, points per completion, streaks
// with freezes and repairs, cooldowns, claim limits and streak milestones through a tier.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VerifyResult } from './backends/backend.js';
import { hashQuizAnswer } from './campaign/answers.js';
import type { Address } from './campaign/campaign.js';
import { parseCampaign } from './campaign/validate.js';
import { isQuestError, type QuestError } from './errors.js';

/** Whether a verify passed (a refusal is a thrown QuestError, caught by the helpers). */
const okOf = (r: VerifyResult | QuestError) => !isQuestError(r) && r.ok;

import { deriveLadder, nextWindowChange } from './ladder/engine.js';
import { memoryBackend } from './memory-backend.js';
import { streaksOf } from './schedule-tasks.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ALICE = '0x00000000000000000000000000000000000A11cE' as Address;
const BOB = '0x0000000000000000000000000000000000000B0b' as Address;

async function campaignWith(task: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return parseCampaign({
    schemaVersion: 1,
    id: 'daily',
    title: 'Daily',
    tiers: [
      {
        id: 'daily',
        title: 'Every day',
        tasks: [
          // JSON has no undefined: a field given as undefined is left out.
          Object.fromEntries(
            Object.entries({
              id: 'check-in',
              kind: 'visit',
              title: 'Check in',
              points: 10,
              url: 'https://app.example',
              schedule: { every: 'day' },
              ...task,
            }).filter(([, v]) => v !== undefined),
          ),
        ],
      },
    ],
    ...extra,
  });
}

/** A memory backend whose clock the test moves. */
async function setup(campaign: Awaited<ReturnType<typeof campaignWith>>, start: number) {
  const clock = { now: start };
  const backend = memoryBackend({ storage: null, now: () => clock.now });
  await backend.loadCampaign(campaign);
  const verify = async (taskId = 'check-in', address: Address = ALICE, input?: string) => {
    try {
      const result = await backend.verify({
        campaignId: campaign.id,
        taskId,
        address,
        ...(input !== undefined ? { input } : {}),
      });
      return result;
    } catch (error) {
      if (isQuestError(error)) return error;
      throw error;
    }
  };
  const progress = (address: Address = ALICE) => backend.getProgress(campaign.id, address);
  return { clock, backend, verify, progress };
}

describe('scheduled tasks (memory backend, injected clock)', () => {
  it('counts once per period, from the backend clock, and pays each completion', async () => {
    const campaign = await campaignWith({});
    const t0 = Date.UTC(2026, 11, 1, 9);
    const { clock, verify, progress } = await setup(campaign, t0);
    assert.equal(okOf(await verify()), true);
    // Later the same day: answered as done, nothing new stored.
    clock.now = t0 + 14 * HOUR + 59 * 60_000; // 23:59 UTC
    assert.equal(okOf(await verify()), true);
    assert.deepEqual(Object.keys((await progress()).periods?.['check-in'] ?? {}), ['2026-12-01']);
    let ladder = deriveLadder(campaign, await progress(), { now: clock.now });
    assert.equal(ladder.tiers[0]!.tasks[0]!.state, 'done');
    assert.equal(ladder.points, 10);
    // After midnight UTC: a new period, the task is available again.
    clock.now = Date.UTC(2026, 11, 2, 0, 0, 1);
    ladder = deriveLadder(campaign, await progress(), { now: clock.now });
    assert.equal(ladder.tiers[0]!.tasks[0]!.state, 'available');
    assert.equal(ladder.tiers[0]!.tasks[0]!.period?.key, '2026-12-02');
    assert.equal(okOf(await verify()), true);
    const stored = await progress();
    assert.deepEqual(Object.keys(stored.periods!['check-in']!).sort(), [
      '2026-12-01',
      '2026-12-02',
    ]);
    assert.deepEqual(stored.completed, {}, 'a scheduled task is not a one-off completion');
    ladder = deriveLadder(campaign, stored, { now: clock.now });
    assert.equal(ladder.points, 20);
    assert.equal(ladder.tiers[0]!.tasks[0]!.completions, 2);
    assert.equal(ladder.tiers[0]!.state, 'completed', 'done at least once completes the tier');
  });

  it("follows the campaign's time zone: 22:00 and 01:00 in New York are two days", async () => {
    // 03:00 UTC and 06:00 UTC on 2 December are 22:00 on the 1st and 01:00 on the 2nd in New York.
    const ny = await campaignWith({}, { timeZone: 'America/New_York' });
    const a = await setup(ny, Date.UTC(2026, 11, 2, 3));
    assert.equal(okOf(await a.verify()), true);
    a.clock.now = Date.UTC(2026, 11, 2, 6);
    assert.equal(okOf(await a.verify()), true);
    assert.deepEqual(Object.keys((await a.progress()).periods!['check-in']!).sort(), [
      '2026-12-01',
      '2026-12-02',
    ]);
    // The same two instants are one day in UTC.
    const utc = await campaignWith({});
    const b = await setup(utc, Date.UTC(2026, 11, 2, 3));
    await b.verify();
    b.clock.now = Date.UTC(2026, 11, 2, 6);
    await b.verify();
    assert.deepEqual(Object.keys((await b.progress()).periods!['check-in']!), ['2026-12-02']);
  });

  it('the ladder re-derives at the reset: nextWindowChange names the period end', async () => {
    const campaign = await campaignWith({ schedule: { every: 'day', resetAt: '09:30' } });
    const now = Date.UTC(2026, 11, 1, 12);
    assert.equal(nextWindowChange(campaign, now), Date.UTC(2026, 11, 2, 9, 30));
  });

  it('streaks: current and best from the stored completions, a freeze bridges one miss', async () => {
    const plain = await campaignWith({ streak: {} });
    const t0 = Date.UTC(2026, 11, 1, 12);
    const s = await setup(plain, t0);
    for (const day of [0, 1, 2, 4]) {
      s.clock.now = t0 + day * DAY;
      assert.equal(okOf(await s.verify()), true);
    }
    let streak = streaksOf(plain, await s.progress(), s.clock.now).tasks['check-in']!;
    assert.deepEqual([streak.current, streak.best], [1, 3]);
    const ladder = deriveLadder(plain, await s.progress(), { now: s.clock.now });
    assert.deepEqual(ladder.tiers[0]!.tasks[0]!.streak, streak);

    const forgiving = await campaignWith({ streak: { freezes: 1 } });
    const f = await setup(forgiving, t0);
    for (const day of [0, 1, 2, 4]) {
      f.clock.now = t0 + day * DAY;
      await f.verify();
    }
    streak = streaksOf(forgiving, await f.progress(), f.clock.now).tasks['check-in']!;
    assert.deepEqual([streak.current, streak.best, streak.freezesUsed], [4, 4, 1]);
  });

  it('a repair window fills the latest missed period once today is done, and only then', async () => {
    const campaign = await campaignWith({ streak: { repairWindow: 2 } });
    const t0 = Date.UTC(2026, 11, 1, 12);
    const s = await setup(campaign, t0);
    await s.verify(); // 1 Dec
    s.clock.now = t0 + 2 * DAY; // 3 Dec: 2 Dec missed
    await s.verify();
    assert.equal(
      streaksOf(campaign, await s.progress(), s.clock.now).tasks['check-in']!.current,
      1,
    );
    await s.verify(); // again on 3 Dec: repairs 2 Dec
    const keys = Object.keys((await s.progress()).periods!['check-in']!).sort();
    assert.deepEqual(keys, ['2026-12-01', '2026-12-02', '2026-12-03']);
    assert.equal(
      streaksOf(campaign, await s.progress(), s.clock.now).tasks['check-in']!.current,
      3,
    );
    // Nothing left to repair: a further verify changes nothing.
    await s.verify();
    assert.equal(Object.keys((await s.progress()).periods!['check-in']!).length, 3);

    // Without a repair window the same second verify is just "done".
    const strict = await setup(await campaignWith({ streak: {} }), t0);
    await strict.verify();
    strict.clock.now = t0 + 2 * DAY;
    await strict.verify();
    await strict.verify();
    assert.equal(Object.keys((await strict.progress()).periods!['check-in']!).length, 2);
  });

  it('retryAfter: a failed check starts a cooldown with typed retryAfter seconds', async () => {
    const campaign = await campaignWith({
      kind: 'quiz',
      question: 'Capital of France?',
      url: undefined,
      answer: { salt: 'salt-12345', hash: await hashQuizAnswer('salt-12345', 'Paris') },
      retryAfter: 60,
    });
    const t0 = Date.UTC(2026, 11, 1, 12);
    const s = await setup(campaign, t0);
    const wrong = await s.verify('check-in', ALICE, 'Lyon');
    assert.ok(!isQuestError(wrong) && !wrong.ok);
    assert.equal(wrong.code, 'WRONG_ANSWER');
    assert.equal(wrong.retryAfter, 60);
    s.clock.now = t0 + 20_000;
    const early = await s.verify('check-in', ALICE, 'Paris');
    assert.ok(isQuestError(early));
    assert.equal(early.code, 'TASK_COOLDOWN');
    assert.equal(early.retryAfter, 40);
    assert.equal(Object.keys((await s.progress()).periods ?? {}).length, 0, 'nothing stored');
    // Another visitor is not held back.
    assert.equal(okOf(await s.verify('check-in', BOB, 'Paris')), true);
    s.clock.now = t0 + 60_000;
    assert.equal(okOf(await s.verify('check-in', ALICE, 'Paris')), true);
  });

  it('claimLimit: per period across visitors (retryAfter until the reset) and in total', async () => {
    const campaign = await campaignWith({ claimLimit: { perPeriod: 1, total: 2 } });
    const t0 = Date.UTC(2026, 11, 1, 18);
    const s = await setup(campaign, t0);
    assert.equal(okOf(await s.verify('check-in', ALICE)), true);
    const full = await s.verify('check-in', BOB);
    assert.ok(isQuestError(full));
    assert.equal(full.code, 'CLAIM_LIMIT_REACHED');
    assert.equal(full.retryAfter, 6 * 3600, 'seconds until midnight UTC');
    s.clock.now = t0 + DAY;
    assert.equal(okOf(await s.verify('check-in', BOB)), true);
    s.clock.now = t0 + 2 * DAY;
    const spent = await s.verify('check-in', ALICE);
    assert.ok(isQuestError(spent));
    assert.equal(spent.code, 'CLAIM_LIMIT_REACHED');
    assert.equal(spent.retryAfter, undefined, 'the total does not reset');
  });

  it('a streak milestone unlocks a tier whose reward pays it', async () => {
    const base = await campaignWith({ streak: {} });
    const campaign = parseCampaign({
      ...base,
      tiers: [
        ...base.tiers,
        {
          id: 'three-days',
          title: 'Three days in a row',
          unlock: { after: 'daily', require: 'any', streak: { atLeast: 3, task: 'check-in' } },
          reward: { title: 'Streak badge' },
          tasks: [
            { id: 'collect', kind: 'visit', title: 'Collect', points: 0, url: 'https://x.example' },
          ],
        },
      ],
    });
    const t0 = Date.UTC(2026, 11, 1, 12);
    const s = await setup(campaign, t0);
    for (const day of [0, 1]) {
      s.clock.now = t0 + day * DAY;
      await s.verify();
    }
    let tier = deriveLadder(campaign, await s.progress(), { now: s.clock.now }).tiers[1]!;
    assert.equal(tier.state, 'locked');
    assert.equal(tier.unlock?.streakBest, 2);
    const locked = await s.verify('collect');
    assert.ok(isQuestError(locked) && locked.code === 'TASK_LOCKED');
    s.clock.now = t0 + 2 * DAY;
    await s.verify();
    tier = deriveLadder(campaign, await s.progress(), { now: s.clock.now }).tiers[1]!;
    assert.equal(tier.state, 'available');
    assert.equal(okOf(await s.verify('collect')), true);
    const claim = await s.backend.claim({
      campaignId: campaign.id,
      tierId: 'three-days',
      address: ALICE,
    });
    assert.equal(claim.firstClaim, true);
    // A milestone once reached stays reached: missing days later does not re-lock it.
    s.clock.now = t0 + 10 * DAY;
    tier = deriveLadder(campaign, await s.progress(), { now: s.clock.now }).tiers[1]!;
    assert.equal(tier.state, 'claimed');
  });

  it('a campaign streak counts periods with any completion', async () => {
    const campaign = await campaignWith(
      { schedule: undefined },
      { streak: { every: 'week', weekStart: 'sunday' } },
    );
    const s = await setup(campaign, Date.UTC(2026, 11, 5, 12)); // a Saturday
    await s.verify();
    const streaks = streaksOf(campaign, await s.progress(), Date.UTC(2026, 11, 12, 12));
    assert.deepEqual([streaks.campaign?.current, streaks.campaign?.best], [1, 1]);
    assert.deepEqual(
      [streaksOf(campaign, await s.progress(), Date.UTC(2026, 11, 13, 12)).campaign?.current],
      [0],
      'two Sundays later the week without a completion has ended it',
    );
  });
});
