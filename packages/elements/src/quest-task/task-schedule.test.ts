import '../../test/setup.js';
import './quest-task.js';
import { expect, fixture, html } from '@open-wc/testing';
import { type Campaign, deriveLadder, type LadderTask, type Progress } from '@questboard/core';
import { part, parts, text } from '../../test/helpers.js';
import type { QuestTask } from './quest-task.component.js';
import { formatDuration } from './task-schedule.js';

const HOUR = 3_600_000;

const campaign: Campaign = {
  schemaVersion: 1,
  id: 'daily',
  title: 'Daily',
  timeZone: 'UTC',
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
        {
          id: 'weekly',
          kind: 'visit',
          title: 'Weekly',
          points: 5,
          url: 'https://app.example/w',
          schedule: { every: 'week' },
        },
      ],
    },
  ],
};

/** 18:48 UTC on Tuesday 8 December 2026: 5 h 12 min before the daily reset. */
const NOW = Date.UTC(2026, 11, 8, 18, 48);

/** Progress with the check-in done on the given days of December 2026. */
function progressOn(days: number[]): Progress {
  const byKey = Object.fromEntries(
    days.map((d) => [
      `2026-12-${String(d).padStart(2, '0')}`,
      { at: new Date(Date.UTC(2026, 11, d, 9)).toISOString(), points: 5 },
    ]),
  );
  return {
    campaignId: 'daily',
    address: null,
    completed: {},
    periods: { 'check-in': byKey },
    claimed: {},
  };
}

/** The entry as the board derives it (the real ladder engine, at the injected clock). */
const entryOf = (taskId: string, progress: Progress, now = NOW): LadderTask =>
  deriveLadder(campaign, progress, { now })
    .tiers.flatMap((t) => t.tasks)
    .find((t) => t.task.id === taskId)!;

async function render(entry: LadderTask, now: number, locale = 'en') {
  const clock = { now };
  const el = await fixture<QuestTask>(
    html`<quest-task .entry=${entry} .locale=${locale} .now=${() => clock.now}></quest-task>`,
  );
  return { el, clock };
}

describe('<quest-task> schedule', () => {
  it('is accessible with its reset time, streak and calendar', async () => {
    const { el } = await render(entryOf('check-in', progressOn([3, 4, 6, 7])), NOW);
    await expect(el).to.be.accessible();
    const done = await render(entryOf('check-in', progressOn([6, 7, 8])), NOW);
    await expect(done.el).to.be.accessible();
  });

  it('says when the task resets in the visitor locale, and counts down with the clock', async () => {
    const { el, clock } = await render(entryOf('check-in', progressOn([])), NOW);
    expect(text(part(el, 'task-resets'))).to.equal(
      `Resets in ${formatDuration('en', 5 * HOUR + 12 * 60_000)}`,
    );
    expect(formatDuration('en', 5 * HOUR + 12 * 60_000)).to.match(/^5 hr,? 12 min$/);
    clock.now = NOW + 5 * HOUR + 11 * 60_000 + 30_000;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(part(el, 'task-resets'))).to.match(/^Resets in 1 min$/);
    // Two units at most; days for a weekly task (Tuesday evening → Monday 00:00).
    const weekly = await render(entryOf('weekly', progressOn([])), NOW);
    expect(text(part(weekly.el, 'task-resets'))).to.match(/^Resets in 5 days,? 5 hr$/);
    expect(part(weekly.el, 'task-calendar')).to.equal(null, 'no streak: no calendar');
  });

  it('in Spanish', async () => {
    const { el } = await render(entryOf('check-in', progressOn([8])), NOW, 'es');
    expect(text(part(el, 'task-resets'))).to.match(/^Hecho por ahora · de nuevo en 5 h,? 12 min$/);
    expect(text(part(el, 'task-streak'))).to.match(/^Racha de 1 día\s+mejor 1$/);
  });

  it('shows the streak and a calendar of the last periods from the stored completions', async () => {
    const { el } = await render(entryOf('check-in', progressOn([2, 3, 4, 6, 7])), NOW);
    expect(text(part(el, 'task-streak'))).to.match(/^2-day streak\s+best 3$/);
    const days = parts(el, 'task-calendar-day');
    expect(days.map((d) => d.className.replace('day ', ''))).to.deep.equal([
      'is-done', // Wed 2
      'is-done', // Thu 3
      'is-done', // Fri 4
      'is-missed', // Sat 5
      'is-done', // Sun 6
      'is-done', // Mon 7
      'is-open', // Tue 8, today, not done yet
    ]);
    expect(days[3]!.title).to.contain('5');
    expect(text(days[6]!)).to.contain('not done yet');
  });

  it('a one-off task shows no schedule', async () => {
    const oneOff: LadderTask = {
      task: { id: 'x', kind: 'visit', title: 'X', points: 1, url: 'https://x.example' },
      tierId: 't',
      state: 'available',
      waitingFor: [],
    };
    const { el } = await render(oneOff, NOW);
    expect(part(el, 'task-schedule')).to.equal(null);
  });
});
