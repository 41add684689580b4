import '../packages/elements/src/quest-leaderboard/quest-leaderboard.js';
import {
  compareStandings,
  type LeaderboardPeriod,
  type LeaderboardStanding,
  pageOfStandings,
  type QuestBackend,
  QuestError,
} from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

type State = 'paged' | 'pinned' | 'loading' | 'empty' | 'error';

interface LeaderboardArgs {
  state: State;
  period: LeaderboardPeriod;
  pageSize: number;
  locale: string;
  dir: 'ltr' | 'rtl';
}

const hex = (i: number) =>
  `0x${(i * 2654435761).toString(16).padStart(40, '0').slice(-40)}` as const;
/** 10,000 wallets; each period board is a slice of them. */
const standings = (period: LeaderboardPeriod): LeaderboardStanding[] => {
  const n = { all: 10_000, month: 2_000, week: 400, day: 37 }[period];
  return Array.from({ length: n }, (_, i) => ({
    address: hex(i + 1),
    points: 1 + ((i * 7919) % (n < 100 ? 20 : 1000)),
    reachedAt: i % 60,
  })).sort(compareStandings);
};
const VISITOR = hex(8_000);

/** A backend serving the board from memory with the core's paging (or failing, or hanging). */
const storyBackend = (state: State): QuestBackend =>
  ({
    async leaderboard(_campaignId, query = {}) {
      const period = query.period ?? 'all';
      if (state === 'loading') return new Promise(() => {});
      if (state === 'error')
        throw new QuestError('NETWORK', 'The leaderboard server could not be reached.');
      const rows = state === 'empty' ? [] : standings(period);
      return {
        period,
        ...pageOfStandings(rows, {
          period,
          limit: query.limit ?? 25,
          ...(query.cursor ? { cursor: query.cursor } : {}),
          ...(query.address ? { address: query.address } : {}),
        }),
      };
    },
  }) as QuestBackend;

const meta: Meta<LeaderboardArgs> = {
  title: 'Elements/quest-leaderboard',
  component: 'quest-leaderboard',
  argTypes: {
    state: { control: 'inline-radio', options: ['paged', 'pinned', 'loading', 'empty', 'error'] },
    period: { control: 'inline-radio', options: ['all', 'day', 'week', 'month'] },
    pageSize: { control: { type: 'number', min: 1, max: 100 } },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  args: { state: 'paged', period: 'all', pageSize: 10, locale: 'en', dir: 'ltr' },
  render: (args) =>
    html`<quest-leaderboard
      dir=${args.dir}
      campaign="story"
      .backend=${storyBackend(args.state)}
      .period=${args.period}
      .pageSize=${args.pageSize}
      .address=${args.state === 'pinned' ? VISITOR : undefined}
      .locale=${args.locale}
    ></quest-leaderboard>`,
};
export default meta;

type Story = StoryObj<LeaderboardArgs>;

/** 10,000 wallets, ten a page: previous / next walk keyset pages. */
export const Paged: Story = {};
/** The visitor ranks far below the page: their row is pinned under the table. */
export const PinnedSelf: Story = { args: { state: 'pinned' } };
export const Loading: Story = { args: { state: 'loading' } };
export const Empty: Story = { args: { state: 'empty' } };
export const ErrorState: Story = { args: { state: 'error' } };
export const Today: Story = { args: { period: 'day' } };
export const ThisWeek: Story = { args: { period: 'week' } };
export const ThisMonth: Story = { args: { period: 'month' } };
export const Spanish: Story = { args: { locale: 'es', state: 'pinned' } };
export const RightToLeft: Story = { args: { dir: 'rtl' } };
