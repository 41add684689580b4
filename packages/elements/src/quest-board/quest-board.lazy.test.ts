// What the board loads only when a campaign needs it, in real Chromium: the schedule line
// (quest-task/task-schedule.ts, a lazy chunk of the script-tag build) and the input patterns'
// RE2 check (after the first paint, before any answer). The tests of this file share one page,
// in order: the first one proves that a board without schedules never asks for the chunk.
import { clearStoredProgress } from '../../test/setup.js';
import './quest-board.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Campaign, QuestError } from '@questboard/core';
import { part, parts, settled, task, text } from '../../test/helpers.js';
import type { QuestBoard } from './quest-board.component.js';

/**
 * Every resource this page requested (an observer: the Resource Timing buffer holds only 250
 * entries, fewer than this page's modules), and those that name the schedule line's module.
 */
const requested: string[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) requested.push(entry.name);
}).observe({ type: 'resource', buffered: true });
const scheduleRequests = () =>
  requested.filter((url) =>
    /\/quest-task\/task-schedule\.(ts|js)(\?|$)/.test(new URL(url).pathname),
  );

const visit = (id: string, extra: object = {}) => ({
  id,
  kind: 'visit' as const,
  title: `Task ${id}`,
  points: 5,
  url: `https://example.org/${id}`,
  ...extra,
});

const campaignOf = (id: string, tasks: Campaign['tiers'][number]['tasks']): Campaign => ({
  schemaVersion: 1,
  id,
  title: id,
  tiers: [{ id: 'one', title: 'One', tasks }],
});

async function board(campaign: Campaign): Promise<QuestBoard> {
  const el = await fixture<QuestBoard>(html`<quest-board .campaign=${campaign}></quest-board>`);
  await settled(el);
  return el;
}

describe('<quest-board> lazy loading', () => {
  beforeEach(() => clearStoredProgress());

  it('a board without schedules never requests the schedule line', async () => {
    const el = await board(campaignOf('plain', [visit('a'), visit('b')]));
    expect(el.state.$status.get()).to.equal('ready');
    await task(el, 'b').updateComplete;
    expect(text(part(task(el, 'a'), 'task-title'))).to.equal('Task a');
    expect(part(task(el, 'a'), 'task-schedule')).to.equal(null);
    // Something was observed (the probe works), just not the schedule line.
    // The page's static module graph is observed (the task element is in it): had the schedule
    // line been imported statically, it would be listed too.
    expect(requested.some((url) => url.includes('/quest-task/quest-task.component.ts'))).to.equal(
      true,
      'the static module graph was not observed',
    );
    expect(scheduleRequests()).to.deep.equal([]);
  });

  it('a scheduled task shows "Resets in" once the schedule line has loaded', async () => {
    const el = await board(
      campaignOf('daily', [visit('check-in', { schedule: { every: 'day' } }), visit('once')]),
    );
    expect(el.state.$status.get()).to.equal('ready');
    const scheduled = task(el, 'check-in');
    await waitUntil(
      () => part(scheduled, 'task-resets'),
      'no "Resets in" line on the scheduled task',
      { timeout: 20_000 },
    );
    expect(text(part(scheduled, 'task-resets'))).to.match(/^Resets in \d/);
    expect(part(task(el, 'once'), 'task-schedule')).to.equal(null, 'a one-off task has none');
    await waitUntil(() => scheduleRequests().length > 0, 'the schedule line was not requested');
  });

  it('refuses a campaign whose input pattern RE2 cannot run, naming the field', async () => {
    const errors: QuestError[] = [];
    const onError = (e: Event) =>
      errors.push((e as CustomEvent<{ error: QuestError }>).detail.error);
    document.addEventListener('quest-error', onError);
    const el = await fixture<QuestBoard>(html`<quest-board
      .campaign=${campaignOf('bad-pattern', [
        visit('a'),
        {
          id: 'handle',
          kind: 'input',
          title: 'Your handle',
          points: 5,
          pattern: '(a)\\1',
        },
      ])}
    ></quest-board>`);
    // The ladder may show first; the deferred check then turns it into the error.
    await waitUntil(() => el.state.$status.get() === 'error', 'the campaign was not refused', {
      timeout: 20_000,
    });
    await el.updateComplete;
    const error = el.state.$error.get() as QuestError;
    expect(error.code).to.equal('CAMPAIGN_INVALID');
    expect(error.issues?.map((i) => i.path)).to.deep.equal(['tiers[0].tasks[1].pattern']);
    expect(parts(el, 'error-path').map(text)).to.deep.equal(['tiers[0].tasks[1].pattern']);
    expect(el.shadowRoot!.querySelector('quest-task')).to.equal(null, 'no task is left to answer');
    await waitUntil(() => errors.length > 0, 'no quest-error');
    document.removeEventListener('quest-error', onError);
    expect(errors.map((e) => e.code)).to.deep.equal(['CAMPAIGN_INVALID']);
  });
});
