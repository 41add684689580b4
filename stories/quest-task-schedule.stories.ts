import '../packages/elements/src/define.js';
import { type Campaign, deriveLadder, type Progress } from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

/** A daily check-in with a streak and a weekly task, in Madrid time. */
const campaign: Campaign = {
  schemaVersion: 1,
  id: 'schedules',
  title: 'Schedules',
  timeZone: 'Europe/Madrid',
  tiers: [
    {
      id: 'recurring',
      title: 'Every day',
      tasks: [
        {
          id: 'check-in',
          kind: 'visit',
          title: 'Daily check-in',
          description: 'Open the app once a day.',
          points: 5,
          url: 'https://app.example',
          schedule: { every: 'day', resetAt: '09:00' },
          streak: { freezes: 1 },
        },
        {
          id: 'weekly',
          kind: 'visit',
          title: 'Weekly recap',
          points: 20,
          url: 'https://app.example/recap',
          schedule: { every: 'week', weekStart: 'monday' },
        },
      ],
    },
  ],
};

/** 14:00 in Madrid on Tuesday 8 December 2026 (the clock every story shows). */
const NOW = Date.UTC(2026, 11, 8, 13);

interface ScheduleArgs {
  task: 'check-in' | 'weekly';
  /** December days the check-in was done (local dates). */
  done: string;
  locale: string;
  /** Hours after the story's clock. */
  later: number;
}

function progressOf(done: string): Progress {
  const days = done
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => d >= 1 && d <= 31);
  return {
    campaignId: campaign.id,
    address: null,
    completed: {},
    periods: {
      'check-in': Object.fromEntries(
        days.map((d) => [
          `2026-12-${String(d).padStart(2, '0')}`,
          { at: new Date(Date.UTC(2026, 11, d, 10)).toISOString(), points: 5 },
        ]),
      ),
    },
    claimed: {},
  };
}

const meta: Meta<ScheduleArgs> = {
  title: 'Elements/quest-task/Schedules',
  component: 'quest-task',
  argTypes: {
    task: { control: 'inline-radio', options: ['check-in', 'weekly'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    later: { control: { type: 'range', min: 0, max: 48, step: 1 } },
  },
  args: { task: 'check-in', done: '', locale: 'en', later: 0 },
  render: (args) => {
    const now = NOW + args.later * 3_600_000;
    const entry = deriveLadder(campaign, progressOf(args.done), { now })
      .tiers.flatMap((t) => t.tasks)
      .find((t) => t.task.id === args.task);
    return html`<quest-task .entry=${entry} .locale=${args.locale} .now=${() => now}></quest-task>`;
  },
};
export default meta;

type Story = StoryObj<ScheduleArgs>;

/** Not done this period yet: when it resets, an empty calendar. */
export const DailyToDo: Story = {};
/** Done today: "done for now", the streak and the calendar. */
export const DailyDone: Story = { args: { done: '5, 6, 7, 8' } };
/** A missed day bridged by the one freeze, today still open. */
export const StreakWithFreeze: Story = { args: { done: '2, 3, 5, 6, 7' } };
/** A streak that ended: best stays, current starts again. */
export const StreakBroken: Story = { args: { done: '1, 2, 3, 4' } };
/** A weekly task: resets in days and hours, no calendar (it keeps no streak). */
export const Weekly: Story = { args: { task: 'weekly' } };
/** Spanish. */
export const Spanish: Story = { args: { done: '6, 7, 8', locale: 'es' } };
