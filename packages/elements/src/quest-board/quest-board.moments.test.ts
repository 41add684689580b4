import { clearStoredProgress } from '../../test/setup.js';
import './quest-board.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { type Campaign, memoryBackend, type QuestBackend } from '@questboard/core';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import {
  part,
  parts,
  rendered,
  reward,
  SAMPLE_URL,
  settled,
  task,
  text,
  tier,
  until,
  untilTask,
} from '../../test/helpers.js';
import { deepActiveElement } from '../internal/focus.js';
import type { QuestBoard } from './quest-board.component.js';

const DAY = 86_400_000;

/** The moment events (and quest-unlock), recorded on the document: load-time ones included. */
function recordMoments(): { list: { type: string; detail: unknown }[]; stop: () => void } {
  const list: { type: string; detail: unknown }[] = [];
  const types = ['quest-unlock', 'quest-level', 'quest-streak', 'quest-reward-claimable'];
  const on = (e: Event) => list.push({ type: e.type, detail: (e as CustomEvent).detail });
  for (const type of types) document.addEventListener(type, on);
  const stop = () => {
    for (const type of types) document.removeEventListener(type, on);
  };
  return { list, stop };
}

async function mount(
  campaign: string | Campaign,
  backend?: QuestBackend,
  duration = 0,
): Promise<QuestBoard> {
  const el = await fixture<QuestBoard>(
    html`<quest-board
      .campaign=${campaign}
      .backend=${backend}
      .momentDuration=${duration}
    ></quest-board>`,
  );
  await settled(el);
  await rendered(el);
  return el;
}

const lines = (b: QuestBoard) => parts(b, 'moment-line').map(text);

/** Two tiers, the second opening after any task of the first; levels at 0 and 10 points. */
const twoTiers: Campaign = {
  schemaVersion: 1,
  id: 'moments-two-tiers',
  title: 'Two tiers',
  levels: [
    { name: 'Newcomer', minPoints: 0 },
    { name: 'Regular', minPoints: 10 },
  ],
  tiers: [
    {
      id: 'one',
      title: 'First steps',
      reward: { title: 'Starter role' },
      tasks: [
        { id: 'x', kind: 'visit', title: 'Visit X', points: 10, url: 'https://x.example' },
        { id: 'y', kind: 'visit', title: 'Visit Y', points: 10, url: 'https://y.example' },
      ],
    },
    {
      id: 'two',
      title: 'Next steps',
      unlock: { after: 'one', require: 'any' },
      tasks: [{ id: 'z', kind: 'visit', title: 'Visit Z', points: 5, url: 'https://z.example' }],
    },
  ],
};

/** A daily check-in keeping a streak, and a campaign streak. */
const daily: Campaign = {
  schemaVersion: 1,
  id: 'moments-daily',
  title: 'Daily',
  timeZone: 'UTC',
  streak: { every: 'day' },
  tiers: [
    {
      id: 'daily',
      title: 'Daily',
      tasks: [
        {
          id: 'check-in',
          kind: 'visit',
          title: 'Check in',
          points: 5,
          url: 'https://app.example',
          schedule: { every: 'day' },
          streak: {},
        },
      ],
    },
  ],
};

describe('<quest-board> moments', () => {
  beforeEach(clearStoredProgress);
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('fires each moment once per transition and shows it, then never on reload', async () => {
    const events = recordMoments();
    try {
      const el = await mount(SAMPLE_URL);
      expect(events.list).to.deep.equal([]);
      expect(part(el, 'moment')).to.equal(null);
      await el.verifyTask('read-intro');
      await el.verifyTask('eip-quiz', 'Ethereum Improvement Proposal');
      expect(events.list).to.deep.equal([]);
      await el.verifyTask('handle', '@quest-fan');
      await rendered(el);
      expect(events.list).to.deep.equal([
        {
          type: 'quest-unlock',
          detail: { tierIds: ['deeper'], taskIds: ['read-wallets', 'fav-dapp'] },
        },
        {
          type: 'quest-level',
          detail: { level: 'Explorer', index: 1, previous: 'Newcomer', points: 40 },
        },
        { type: 'quest-reward-claimable', detail: { tierId: 'basics', reward: 'Explorer badge' } },
      ]);
      expect(lines(el)).to.deep.equal([
        '“Go deeper” is now open.',
        'Level up: you reached Explorer.',
        'Reward ready to claim: Explorer badge.',
      ]);
      expect(part(el, 'moment')!.className).to.contain('is-level');
      // Said in the live region too, after the completion.
      expect(text(part(el, 'live'))).to.equal(
        '“Tell us your handle” done: +10 points. “Go deeper” is now open. Level up: you reached Explorer. Reward ready to claim: Explorer badge.',
      );
      await expect(el).to.be.accessible();

      // Claiming is no new moment; the claimable one does not come back.
      part(reward(el, 'basics'), 'reward-claim')!.click();
      await oneEvent(el, 'quest-claim');
      expect(events.list).to.have.length(3);

      // A new board over the same storage, then a reload: already reached, nothing fires.
      const again = await mount(SAMPLE_URL);
      await again.reload();
      await rendered(again);
      expect(events.list).to.have.length(3);
      expect(part(again, 'moment')).to.equal(null);
    } finally {
      events.stop();
    }
  });

  it('reports a transition once when two answers land together', async () => {
    const memory = memoryBackend();
    const gates = new Map<string, () => void>();
    const backend: QuestBackend = {
      ...memory,
      async verify(request) {
        const result = await memory.verify(request);
        await new Promise<void>((resolve) => gates.set(request.taskId, resolve));
        return result;
      },
    };
    const el = await mount(twoTiers, backend);
    const events = recordMoments();
    try {
      const first = el.verifyTask('x');
      const second = el.verifyTask('y');
      await until(() => gates.has('x') && gates.has('y'), 'both checks at the backend');
      gates.get('x')!();
      await first;
      // The answer for y was computed before x's landed: it, too, says "two" opened.
      gates.get('y')!();
      await second;
      await rendered(el);
      expect(events.list.map((e) => e.type)).to.deep.equal([
        'quest-unlock',
        'quest-level',
        'quest-reward-claimable',
      ]);
      expect(events.list[0]!.detail).to.deep.equal({ tierIds: ['two'], taskIds: ['z'] });
      expect(events.list[2]!.detail).to.deep.equal({ tierId: 'one', reward: 'Starter role' });
    } finally {
      events.stop();
    }
  });

  it('fires quest-streak when a task streak and the campaign streak grow', async () => {
    let clock = Date.now() - DAY;
    const backend = memoryBackend({ now: () => clock });
    const el = await mount(daily, backend);
    const events = recordMoments();
    try {
      await el.verifyTask('check-in'); // yesterday, for the backend
      await rendered(el);
      expect(events.list).to.deep.equal([
        {
          type: 'quest-streak',
          detail: { scope: 'task', taskId: 'check-in', current: 1, best: 1 },
        },
        { type: 'quest-streak', detail: { scope: 'campaign', current: 1, best: 1 } },
      ]);
      clock = Date.now();
      await el.verifyTask('check-in'); // today
      await rendered(el);
      expect(events.list.slice(2)).to.deep.equal([
        {
          type: 'quest-streak',
          detail: { scope: 'task', taskId: 'check-in', current: 2, best: 2 },
        },
        { type: 'quest-streak', detail: { scope: 'campaign', current: 2, best: 2 } },
      ]);
      expect(lines(el)).to.deep.equal([
        '“Check in”: 2-day streak!',
        'Campaign streak: 2-day streak!',
      ]);
      // Done for today: checking again is no transition.
      await el.verifyTask('check-in');
      await rendered(el);
      expect(events.list).to.have.length(4);
    } finally {
      events.stop();
    }
  });

  it('shows the moment for moment-duration, animated unless motion is reduced', async () => {
    const el = await mount(twoTiers, undefined, 60_000);
    await el.verifyTask('x');
    await rendered(el);
    const banner = part(el, 'moment')!;
    expect(getComputedStyle(banner).animationName).to.equal('quest-moment-in');
    part(el, 'moment-dismiss')!.click();
    await el.updateComplete;
    expect(part(el, 'moment')).to.equal(null);

    await emulateMedia({ reducedMotion: 'reduce' });
    // A fresh campaign (no progress): its first check makes a moment again.
    const reduced = await mount({ ...twoTiers, id: 'moments-reduced' }, undefined, 200);
    await reduced.verifyTask('x');
    await rendered(reduced);
    const still = part(reduced, 'moment')!;
    expect(getComputedStyle(still).animationName).to.equal('none');
    expect(text(part(reduced, 'live'))).to.contain('Level up: you reached Regular.');
    // Gone by itself after moment-duration.
    await until(() => !part(reduced, 'moment'), 'the moment to go');
  });

  it('points to the first open task and moves the pointer as the visitor climbs', async () => {
    const el = await mount(SAMPLE_URL);
    const pointer = () => part<HTMLButtonElement>(el, 'continue');
    expect(text(pointer())).to.equal('Continue: Read the introduction');
    pointer()!.focus();
    await sendKeys({ press: 'Enter' });
    expect(deepActiveElement()).to.equal(part(task(el, 'read-intro'), 'task-link'));
    await el.verifyTask('read-intro');
    await untilTask(el, 'read-intro', 'done');
    expect(text(pointer())).to.equal('Continue: What does “EIP” stand for?');
    pointer()!.click();
    expect(deepActiveElement()?.closest('label, fieldset, input')).to.exist;
    expect(text(part(el, 'next-reward'))).to.equal('Next: Explorer badge — 2 tasks to go');
  });

  it('names the next reward and how far it is', async () => {
    const el = await mount(SAMPLE_URL);
    expect(text(part(el, 'next-reward'))).to.equal('Next: Explorer badge — 3 tasks to go');
    await el.verifyTask('read-intro');
    await el.verifyTask('eip-quiz', 'Ethereum Improvement Proposal');
    await el.verifyTask('handle', '@quest-fan');
    await rendered(el);
    expect(text(part(el, 'next-reward'))).to.equal('Ready to claim: Explorer badge');
    await el.claimTier('basics');
    await rendered(el);
    expect(text(part(el, 'next-reward'))).to.equal('Next: Pathfinder role — 3 tasks to go');
  });

  it('folds finished tiers to one line, opened and closed with the keyboard', async () => {
    const setup = await mount(SAMPLE_URL);
    await setup.verifyTask('read-intro');
    await setup.verifyTask('eip-quiz', 'Ethereum Improvement Proposal');
    await setup.verifyTask('handle', '@quest-fan');
    await setup.claimTier('basics');
    await rendered(setup);
    // Finished while the visitor watched: it stays open, foldable.
    const live = tier(setup, 'basics');
    expect(part(live, 'tier-toggle')!.getAttribute('aria-expanded')).to.equal('true');
    expect(part(live, 'tier-body')!.hidden).to.equal(false);

    // Shown again later: folded to its header line.
    const el = await mount(SAMPLE_URL);
    const basics = tier(el, 'basics');
    const toggle = part<HTMLButtonElement>(basics, 'tier-toggle')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(part(basics, 'tier-body')!.hidden).to.equal(true);
    expect(task(el, 'read-intro').getBoundingClientRect().height).to.equal(0);
    expect(text(part(basics, 'tier-header'))).to.equal('Basics Reward claimed 3 of 3 done');
    // Unfinished tiers have no toggle.
    expect(part(tier(el, 'deeper'), 'tier-toggle')).to.equal(null);
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await basics.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(part(basics, 'tier-body')!.hidden).to.equal(false);
    await sendKeys({ press: 'Space' });
    await basics.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    await expect(el).to.be.accessible();
  });
});
