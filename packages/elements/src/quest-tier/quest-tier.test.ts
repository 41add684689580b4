import '../../test/setup.js';
import './quest-tier.js';
import '../quest-task/quest-task.js';
import '../quest-reward/quest-reward.js';
import { expect, fixture, html } from '@open-wc/testing';
import type { LadderTier, Tier } from '@questboard/core';
import { part, text } from '../../test/helpers.js';
import { type QuestTier, sameTierEntry } from './quest-tier.component.js';

const tier: Tier = {
  id: 'deeper',
  title: 'Go deeper',
  description: 'More steps.',
  unlock: { after: 'basics', require: { atLeast: 2 } },
  tasks: [
    { id: 'a', kind: 'visit', title: 'A', points: 1, url: 'https://example.org/a' },
    { id: 'b', kind: 'visit', title: 'B', points: 1, url: 'https://example.org/b' },
  ],
  reward: { title: 'Badge' },
};

function entry(state: LadderTier['state'], extra: Partial<LadderTier> = {}): LadderTier {
  return {
    tier,
    state,
    done: 0,
    claimable: false,
    tasks: tier.tasks.map((task) => ({ task, tierId: tier.id, state: 'locked', waitingFor: [] })),
    unlock: { after: 'basics', require: { atLeast: 2 }, met: false, needed: 2, have: 1 },
    ...extra,
  };
}

async function render(value: LadderTier, locale = 'en'): Promise<QuestTier> {
  return fixture<QuestTier>(html`<quest-tier
    .tier=${value}
    .afterTitle=${'Basics'}
    .afterTotal=${3}
    .locale=${locale}
  >
    ${value.tasks.map((t) => html`<quest-task role="listitem" .entry=${t}></quest-task>`)}
    <quest-reward slot="reward" .reward=${tier.reward} tier-id="deeper"></quest-reward>
  </quest-tier>`);
}

describe('<quest-tier>', () => {
  it('is accessible, locked and open', async () => {
    await expect(await render(entry('locked'))).to.be.accessible();
    await expect(await render(entry('available', { unlock: undefined }))).to.be.accessible();
  });

  it('shows title, description, state, count and what unlocks it', async () => {
    const el = await render(entry('locked'));
    expect(text(part(el, 'tier-title'))).to.equal('Go deeper');
    expect(text(part(el, 'tier-description'))).to.equal('More steps.');
    expect(text(part(el, 'tier-state'))).to.equal('Locked');
    expect(text(part(el, 'tier-count'))).to.equal('0 of 2 done');
    expect(text(part(el, 'tier-lock'))).to.equal('Unlocks after 2 of 3 tasks in “Basics” (1 done)');
    expect(part(el, 'tier-tasks')!.getAttribute('role')).to.equal('list');
  });

  it('words every unlock rule', async () => {
    const all = await render(
      entry('locked', {
        unlock: { after: 'basics', require: 'all', met: false, needed: 3, have: 0 },
      }),
    );
    expect(text(part(all, 'tier-lock'))).to.equal('Unlocks after all 3 tasks in “Basics” (0 done)');
    const any = await render(
      entry('locked', {
        unlock: { after: 'basics', require: 'any', met: false, needed: 1, have: 0 },
      }),
    );
    expect(text(part(any, 'tier-lock'))).to.equal('Unlocks after any task in “Basics”');
    const waiting = await render(
      entry('locked', {
        unlock: { after: 'basics', require: 'any', met: false, needed: 1, have: 1 },
      }),
    );
    expect(text(part(waiting, 'tier-lock'))).to.equal('Unlocks once “Basics” is open');
    const es = await render(entry('locked'), 'es');
    expect(text(part(es, 'tier-lock'))).to.equal(
      'Se desbloquea tras 2 de 3 tareas de «Basics» (1 completadas)',
    );
  });

  it('a tier gated on a segment the wallet is not in is for selected members only', async () => {
    const gated = {
      segment: 'early-supporters',
      met: false,
      needed: 0,
      have: 0,
      inSegment: false,
    } as const;
    const en = await render(entry('locked', { unlock: gated }));
    expect(text(part(en, 'tier-lock'))).to.equal('Open to selected members only');
    await expect(en).to.be.accessible();
    const es = await render(entry('locked', { unlock: gated }), 'es');
    expect(text(part(es, 'tier-lock'))).to.equal('Abierto solo a miembros seleccionados');
    // A member still waiting for the tier before it reads the usual rule.
    const member = await render(
      entry('locked', {
        unlock: {
          after: 'basics',
          require: 'any',
          segment: 'early-supporters',
          met: false,
          needed: 1,
          have: 0,
          inSegment: true,
        },
      }),
    );
    expect(text(part(member, 'tier-lock'))).to.equal('Unlocks after any task in “Basics”');
    const a = entry('locked', { unlock: gated });
    expect(sameTierEntry(a, { ...a, unlock: { ...gated, met: true, inSegment: true } })).to.equal(
      false,
    );
  });

  it('open, complete and claimed tiers show no lock', async () => {
    for (const state of ['available', 'completed', 'claimed'] as const) {
      const el = await render(entry(state));
      expect(part(el, 'tier-lock')).to.equal(null);
      expect(part(el, 'tier')!.classList.contains(`is-${state}`)).to.equal(true);
    }
  });

  it('compares entries by what it shows', () => {
    const a = entry('available');
    expect(sameTierEntry(a, { ...a, tasks: [...a.tasks] })).to.equal(true);
    expect(sameTierEntry(a, { ...a, done: 1 })).to.equal(false);
    expect(sameTierEntry(a, { ...a, claimable: true })).to.equal(false);
  });
});
