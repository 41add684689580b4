import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Campaign, Task, Tier, UnlockRequirement } from '../campaign/campaign.js';
import { validateCampaign } from '../campaign/validate.js';
import { deriveLadder, requiredCount } from './engine.js';
import type { Ladder } from './ladder.js';
import type { Progress } from './progress.js';

/** Random valid campaigns: 1–5 tiers of 1–6 tasks, random unlock rules and acyclic `requires`. */
const campaignArb: fc.Arbitrary<Campaign> = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 })
  .chain((sizes) => {
    const taskIds = sizes.flatMap((n, t) => Array.from({ length: n }, (_, k) => `t${t}k${k}`));
    return fc
      .tuple(
        fc.tuple(
          ...sizes.map((n, t) =>
            fc.record({
              unlock:
                t === 0
                  ? fc.constant(undefined)
                  : fc.option(
                      fc.record({
                        after: fc.integer({ min: 0, max: t - 1 }),
                        require: fc.oneof(
                          fc.constant<UnlockRequirement>('all'),
                          fc.constant<UnlockRequirement>('any'),
                          fc.integer({ min: 1, max: 6 }).map((k) => ({ atLeast: k })),
                        ),
                      }),
                      { nil: undefined },
                    ),
              points: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }),
              // each task may require earlier tasks only: acyclic by construction
              requires: fc.array(fc.array(fc.nat(), { maxLength: 2 }), {
                minLength: n,
                maxLength: n,
              }),
            }),
          ),
        ),
        fc.option(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }), {
          nil: undefined,
        }),
      )
      .map(([tierSpecs, levelSteps]) => {
        let offset = 0;
        const tiers: Tier[] = tierSpecs.map((spec, t) => {
          const n = sizes[t]!;
          const tasks: Task[] = Array.from({ length: n }, (_, k) => {
            const index = offset + k;
            const reqs = [
              ...new Set(spec.requires[k]!.filter(() => index > 0).map((r) => taskIds[r % index]!)),
            ];
            return {
              id: taskIds[index]!,
              kind: 'visit',
              title: `Task ${index}`,
              points: spec.points[k]!,
              url: 'https://example.com/',
              ...(reqs.length ? { requires: reqs } : {}),
            };
          });
          offset += n;
          const after = spec.unlock ? spec.unlock.after : undefined;
          let require = spec.unlock?.require;
          if (after !== undefined && typeof require === 'object')
            require = { atLeast: Math.min(require.atLeast, sizes[after]!) };
          return {
            id: `tier${t}`,
            title: `Tier ${t}`,
            tasks,
            ...(after !== undefined ? { unlock: { after: `tier${after}`, require } } : {}),
            reward: { title: `Reward ${t}` },
          } as Tier;
        });
        let min = 0;
        const levels = levelSteps?.map((step, i) => {
          if (i > 0) min += step;
          return { name: `L${i}`, minPoints: min };
        });
        return {
          schemaVersion: 1,
          id: 'prop',
          title: 'Property campaign',
          tiers,
          ...(levels ? { levels } : {}),
        } as Campaign;
      });
  });

const withProgress = campaignArb.chain((campaign) => {
  const ids = campaign.tiers.flatMap((t) => t.tasks.map((k) => k.id));
  return fc.tuple(fc.constant(campaign), fc.subarray(ids), fc.shuffledSubarray(ids));
});

const progressOf = (campaign: Campaign, done: readonly string[]): Progress => ({
  campaignId: campaign.id,
  address: null,
  completed: Object.fromEntries(
    done.map((id) => [id, { at: '2026-01-01T00:00:00.000Z', points: 0 }]),
  ),
  claimed: {},
});

const tasksOf = (ladder: Ladder) => ladder.tiers.flatMap((t) => t.tasks);

describe('deriveLadder properties', () => {
  it('generates only campaigns the validator accepts (the generator is honest)', () => {
    fc.assert(fc.property(campaignArb, (c) => validateCampaign(c).ok));
  });

  it('a task is done exactly when progress records it; locked tasks are never done', () => {
    fc.assert(
      fc.property(withProgress, ([campaign, done]) => {
        const ladder = deriveLadder(campaign, progressOf(campaign, done), { now: 0 });
        for (const entry of tasksOf(ladder)) {
          assert.equal(entry.state === 'done', done.includes(entry.task.id));
          if (entry.state === 'locked') assert.ok(!done.includes(entry.task.id));
        }
      }),
    );
  });

  it('points equal the sum of points over done tasks, and the level matches them', () => {
    fc.assert(
      fc.property(withProgress, ([campaign, done]) => {
        const ladder = deriveLadder(campaign, progressOf(campaign, done), { now: 0 });
        const expected = tasksOf(ladder)
          .filter((t) => t.state === 'done')
          .reduce((sum, t) => sum + t.task.points, 0);
        assert.equal(ladder.points, expected);
        assert.equal(ladder.done, done.length);
        const reached = (campaign.levels ?? []).filter((l) => l.minPoints <= expected);
        assert.equal(ladder.level.level?.name ?? null, reached.at(-1)?.name ?? null);
      }),
    );
  });

  it('completing tasks never re-locks a task or a tier', () => {
    fc.assert(
      fc.property(withProgress, ([campaign, _subset, order]) => {
        let previous = deriveLadder(campaign, progressOf(campaign, []), { now: 0 });
        for (let i = 1; i <= order.length; i++) {
          const next = deriveLadder(campaign, progressOf(campaign, order.slice(0, i)), { now: 0 });
          previous.tiers.forEach((tier, t) => {
            if (tier.state !== 'locked')
              assert.notEqual(next.tiers[t]!.state, 'locked', `tier ${tier.tier.id} re-locked`);
            tier.tasks.forEach((task, k) => {
              if (task.state !== 'locked')
                assert.notEqual(
                  next.tiers[t]!.tasks[k]!.state,
                  'locked',
                  `task ${task.task.id} re-locked`,
                );
            });
          });
          previous = next;
        }
      }),
    );
  });

  it('an available task has its tier open and every required task done', () => {
    fc.assert(
      fc.property(withProgress, ([campaign, done]) => {
        const ladder = deriveLadder(campaign, progressOf(campaign, done), { now: 0 });
        for (const tier of ladder.tiers) {
          for (const task of tier.tasks) {
            if (task.state !== 'available') continue;
            assert.notEqual(tier.state, 'locked');
            for (const req of task.task.requires ?? []) assert.ok(done.includes(req));
          }
          if (tier.unlock && tier.state === 'available') {
            const after = ladder.tiers.find((t) => t.tier.id === tier.unlock!.after)!;
            assert.ok(after.done >= requiredCount(tier.unlock.require, after.tasks.length));
          }
        }
      }),
    );
  });

  it('same input, same output', () => {
    fc.assert(
      fc.property(withProgress, ([campaign, done]) => {
        const progress = progressOf(campaign, done);
        assert.deepEqual(
          deriveLadder(campaign, progress, { now: 5 }),
          deriveLadder(structuredClone(campaign), structuredClone(progress), { now: 5 }),
        );
      }),
    );
  });

  it('outside the window every unfinished task is upcoming or ended, and done stays done', () => {
    fc.assert(
      fc.property(withProgress, fc.boolean(), ([campaign, done], before) => {
        const windowed = {
          ...campaign,
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '2026-02-01T00:00:00Z',
        };
        const now = Date.parse(before ? '2025-12-31T00:00:00Z' : '2026-03-01T00:00:00Z');
        const ladder = deriveLadder(windowed, progressOf(campaign, done), { now });
        assert.equal(ladder.window, before ? 'upcoming' : 'ended');
        for (const t of tasksOf(ladder))
          assert.equal(t.state, done.includes(t.task.id) ? 'done' : ladder.window);
      }),
    );
  });
});

describe('deriveLadder examples', () => {
  const visit = (id: string, points = 10, requires?: string[]): Task => ({
    id,
    kind: 'visit',
    title: id,
    points,
    url: 'https://example.com/',
    ...(requires ? { requires } : {}),
  });
  const campaign = (require: UnlockRequirement): Campaign => ({
    schemaVersion: 1,
    id: 'c',
    title: 'C',
    levels: [
      { name: 'Bronze', minPoints: 0 },
      { name: 'Silver', minPoints: 20 },
    ],
    tiers: [
      {
        id: 'a',
        title: 'A',
        tasks: [visit('a1'), visit('a2'), visit('a3', 10, ['a1'])],
        reward: { title: 'R' },
      },
      { id: 'b', title: 'B', unlock: { after: 'a', require }, tasks: [visit('b1')] },
    ],
  });

  it('unlocks on all / any / at least N of the earlier tier', () => {
    const states = (require: UnlockRequirement, done: string[]) =>
      deriveLadder(campaign(require), progressOf(campaign(require), done), { now: 0 }).tiers[1]!
        .state;
    assert.equal(states('all', ['a1', 'a2']), 'locked');
    assert.equal(states('all', ['a1', 'a2', 'a3']), 'available');
    assert.equal(states('any', []), 'locked');
    assert.equal(states('any', ['a2']), 'available');
    assert.equal(states({ atLeast: 2 }, ['a2']), 'locked');
    assert.equal(states({ atLeast: 2 }, ['a1', 'a2']), 'available');
  });

  it('reports unlock progress, prerequisites, claimability and levels', () => {
    const c = campaign({ atLeast: 2 });
    const ladder = deriveLadder(c, progressOf(c, ['a2']), { now: 0 });
    assert.deepEqual(ladder.tiers[1]!.unlock, {
      after: 'a',
      require: { atLeast: 2 },
      met: false,
      needed: 2,
      have: 1,
    });
    assert.equal(ladder.tiers[0]!.tasks[2]!.state, 'locked');
    assert.deepEqual(ladder.tiers[0]!.tasks[2]!.waitingFor, ['a1']);
    assert.equal(ladder.level.level?.name, 'Bronze');
    assert.equal(ladder.level.next?.name, 'Silver');
    const all = deriveLadder(c, progressOf(c, ['a1', 'a2', 'a3']), { now: 0 });
    assert.equal(all.tiers[0]!.state, 'completed');
    assert.equal(all.tiers[0]!.claimable, true);
    assert.equal(all.level.level?.name, 'Silver');
    const claimed = deriveLadder(
      c,
      { ...progressOf(c, ['a1', 'a2', 'a3']), claimed: { a: { at: 'x' } } },
      { now: 0 },
    );
    assert.equal(claimed.tiers[0]!.state, 'claimed');
    assert.equal(claimed.tiers[0]!.claimable, false);
  });

  it('shows verifying and failed from pending state only on open tasks', () => {
    const c = campaign('all');
    const ladder = deriveLadder(c, progressOf(c, []), {
      now: 0,
      pending: {
        a1: { state: 'verifying' },
        a2: { state: 'failed', error: { code: 'WRONG_ANSWER', shortMessage: 'no' } },
        b1: { state: 'verifying' },
      },
    });
    assert.equal(ladder.tiers[0]!.tasks[0]!.state, 'verifying');
    assert.equal(ladder.tiers[0]!.tasks[1]!.state, 'failed');
    assert.equal(ladder.tiers[0]!.tasks[1]!.failure?.error.code, 'WRONG_ANSWER');
    assert.equal(ladder.tiers[1]!.tasks[0]!.state, 'locked');
  });

  it('ignores completions of tasks the campaign no longer has', () => {
    const c = campaign('all');
    const ladder = deriveLadder(c, progressOf(c, ['gone', 'a1']), { now: 0 });
    assert.equal(ladder.points, 10);
    assert.equal(ladder.done, 1);
  });
});
