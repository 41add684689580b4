import { expect } from '@open-wc/testing';
import { type Campaign, deriveLadder, type Progress } from '@questboard/core';
import { momentsBetween } from './moments.js';
import { firstOpenTask, isFinishedTier, nextReward } from './path.js';

const campaign: Campaign = {
  schemaVersion: 1,
  id: 'path',
  title: 'Path',
  levels: [
    { name: 'A', minPoints: 0 },
    { name: 'B', minPoints: 10 },
    { name: 'C', minPoints: 20 },
  ],
  tiers: [
    {
      id: 'one',
      title: 'One',
      tasks: [
        { id: 'a', kind: 'visit', title: 'A', points: 10, url: 'https://a.example' },
        { id: 'b', kind: 'visit', title: 'B', points: 10, url: 'https://b.example' },
      ],
    },
    {
      id: 'two',
      title: 'Two',
      unlock: { after: 'one', require: { atLeast: 2 } },
      reward: { title: 'Prize' },
      tasks: [
        { id: 'c', kind: 'visit', title: 'C', points: 5, url: 'https://c.example' },
        { id: 'd', kind: 'visit', title: 'D', points: 5, url: 'https://d.example' },
      ],
    },
  ],
};

const at = '2026-01-01T00:00:00.000Z';
function ladder(done: string[], claimed: string[] = []) {
  const points = { a: 10, b: 10, c: 5, d: 5 } as Record<string, number>;
  const progress: Progress = {
    campaignId: 'path',
    address: null,
    completed: Object.fromEntries(done.map((id) => [id, { at, points: points[id] ?? 0 }])),
    claimed: Object.fromEntries(claimed.map((id) => [id, { at }])),
  };
  return deriveLadder(campaign, progress);
}

describe('moments and the path (pure)', () => {
  it('counts the tasks to the next reward through a locked tier’s unlock rule', () => {
    // Tier two is locked: two tasks of tier one still needed, plus its own two.
    expect(nextReward(ladder([]))).to.deep.include({ kind: 'next', reward: 'Prize', toGo: 4 });
    expect(nextReward(ladder(['a']))).to.deep.include({ toGo: 3 });
    expect(nextReward(ladder(['a', 'b', 'c']))).to.deep.include({ toGo: 1 });
    expect(nextReward(ladder(['a', 'b', 'c', 'd']))).to.deep.include({ kind: 'ready' });
    expect(nextReward(ladder(['a', 'b', 'c', 'd'], ['two']))).to.equal(undefined);
  });

  it('finds the first open task in ladder order, none when all is done', () => {
    expect(firstOpenTask(ladder(['a']))?.task.id).to.equal('b');
    expect(firstOpenTask(ladder(['a', 'b']))?.task.id).to.equal('c');
    expect(firstOpenTask(ladder(['a', 'b', 'c', 'd']))).to.equal(undefined);
  });

  it('calls a tier finished only when nothing is left to do or claim on it', () => {
    const [one, two] = ladder(['a', 'b', 'c', 'd']).tiers;
    expect(isFinishedTier(one!, false)).to.equal(true); // no reward
    expect(isFinishedTier(two!, false)).to.equal(false); // reward still to claim
    const claimed = ladder(['a', 'b', 'c', 'd'], ['two']).tiers[1]!;
    expect(isFinishedTier(claimed, false)).to.equal(true);
    expect(isFinishedTier(claimed, true)).to.equal(false); // a badge still to mint
    expect(isFinishedTier(ladder(['a']).tiers[0]!, false)).to.equal(false);
  });

  it('reports increases only, with the highest level reached', () => {
    const m = momentsBetween(ladder([]), ladder(['a', 'b']));
    expect(m.unlock).to.deep.equal({ tierIds: ['two'], taskIds: ['c', 'd'] });
    expect(m.level).to.deep.equal({ level: 'C', index: 2, previous: 'A', points: 20 });
    const back = momentsBetween(ladder(['a', 'b']), ladder([]));
    expect(back).to.deep.equal({ unlock: null, level: null, streaks: [], claimable: [] });
    expect(
      momentsBetween(ladder(['a', 'b', 'c']), ladder(['a', 'b', 'c', 'd'])).claimable,
    ).to.deep.equal([{ tierId: 'two', reward: 'Prize' }]);
  });
});
