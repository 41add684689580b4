import '../packages/elements/src/quest-insights/quest-insights.js';
import type { InsightsData, InsightsView, SegmentRule } from '@questboard/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

type State = 'data' | 'loading' | 'empty' | 'refused' | 'error';
/** The segment builder's states (`view="segments"`, a stand-in server). */
type Builder = 'empty' | 'counting' | 'count' | 'field-error';

interface InsightsArgs {
  state: State;
  view: InsightsView | 'all';
  showTables: boolean;
  locale: string;
  /** Set to show the segment builder alone, in one of its states. */
  builder?: Builder;
  countDelay: number;
}

const day = (offset: number) => new Date(Date.UTC(2026, 10, 1 + offset)).toISOString().slice(0, 10);

/** A campaign a fortnight in: three rungs, failures on the quiz, cohorts still maturing. */
const sample: InsightsData = {
  funnel: {
    campaignId: 'story',
    viewed: 4_210,
    connected: 1_904,
    signedIn: 1_377,
    wallets: 1_377,
    tiers: [
      {
        tierId: 'basics',
        reached: 1_377,
        completed: 902,
        claimed: 0,
        hasReward: false,
        dropOff: { beforeReached: 0, beforeCompleted: 475, beforeClaimed: 0 },
        completionRate: 902 / 1_377,
        claimRate: 0,
      },
      {
        tierId: 'swapper',
        reached: 902,
        completed: 388,
        claimed: 301,
        hasReward: true,
        dropOff: { beforeReached: 0, beforeCompleted: 514, beforeClaimed: 87 },
        completionRate: 388 / 902,
        claimRate: 301 / 388,
      },
      {
        tierId: 'bridger',
        reached: 240,
        completed: 96,
        claimed: 90,
        hasReward: true,
        dropOff: { beforeReached: 148, beforeCompleted: 144, beforeClaimed: 6 },
        completionRate: 96 / 240,
        claimRate: 90 / 96,
      },
    ],
  },
  retention: {
    campaignId: 'story',
    cohorts: Array.from({ length: 8 }, (_, i) => {
      const age = 14 - i * 2;
      const size = 300 - i * 25;
      const cell = (n: number, rate: number) =>
        age > n ? { count: Math.round(size * rate), rate } : null;
      return {
        cohort: day(i * 2),
        size,
        d1: cell(1, 0.42 - i * 0.02),
        d7: cell(7, 0.21 - i * 0.01),
        d30: cell(30, 0.1),
      };
    }),
  },
  daily: {
    campaignId: 'story',
    days: Array.from({ length: 14 }, (_, i) => ({
      day: day(i),
      new: 60 + ((i * 37) % 90),
      returning: 10 + i * 9,
    })),
  },
  tasks: {
    campaignId: 'story',
    tasks: [
      {
        taskId: 'visit-docs',
        tierId: 'basics',
        started: 1_500,
        attempted: 1_377,
        verified: 1_377,
        failures: 0,
        completionRate: 1,
        topFailures: [],
      },
      {
        taskId: 'eip-quiz',
        tierId: 'basics',
        started: 1_320,
        attempted: 1_210,
        verified: 902,
        failures: 611,
        completionRate: 902 / 1_210,
        topFailures: [
          { reason: 'WRONG_ANSWER', count: 580 },
          { reason: 'TASK_COOLDOWN', count: 31 },
        ],
      },
      {
        taskId: 'swap-usdc',
        tierId: 'swapper',
        started: 870,
        attempted: 640,
        verified: 388,
        failures: 420,
        completionRate: 388 / 640,
        topFailures: [
          { reason: 'BELOW_THRESHOLD', count: 301 },
          { reason: 'NO_MATCHING_EVENT', count: 102 },
          { reason: 'RPC_ERROR', count: 17 },
        ],
      },
    ],
  },
};

/** The referral funnel of the same campaign: bound to a referrer, then qualified. */
const referrals: NonNullable<InsightsData['referrals']> = {
  campaignId: 'story',
  bound: 412,
  qualified: 157,
  qualificationRate: 157 / 412,
  topReferrers: [
    { referrer: '0x8ba1f109551bd432803012645ac136ddd64dba72', bound: 96, qualified: 51 },
    { referrer: '0xab5801a7d398351b8be11c439e05c5b3259aec9b', bound: 64, qualified: 22 },
    { referrer: '0x71c7656ec7ab88b098defb751b7401b5f6d8976f', bound: 31, qualified: 4 },
  ],
};
sample.referrals = referrals;

/** The builder's rule in the counting / count / error states. */
const rule: SegmentRule = {
  type: 'all',
  rules: [
    { type: 'task', campaignId: 'story', taskId: 'eip-quiz' },
    { type: 'points', campaignId: 'story', min: 30 },
    { type: 'referredBy', campaignId: 'story' },
  ],
};
const badRule: SegmentRule = {
  type: 'all',
  rules: [
    { type: 'task', campaignId: 'story', taskId: 'eip-quiz' },
    { type: 'credential', issuer: '0x12', campaignId: 'story' },
  ],
};

/** Stands in for `POST /admin/segments/count` in the builder's states. */
const segmentFetcher = (builder: Builder): typeof fetch => {
  if (builder === 'counting') return () => new Promise<Response>(() => {});
  if (builder === 'field-error')
    return async () =>
      Response.json(
        {
          error: {
            code: 'BAD_REQUEST',
            message: 'The segment rule has invalid fields.',
            issues: [
              {
                path: 'rule.rules[1].issuer',
                message: 'must be an address (0x and 40 hex digits)',
              },
            ],
          },
        },
        { status: 400 },
      );
  return async () => Response.json({ count: 1_284 });
};

const empty: InsightsData = {
  funnel: { ...sample.funnel!, viewed: 0, connected: 0, signedIn: 0, wallets: 0, tiers: [] },
  retention: { campaignId: 'story', cohorts: [] },
  daily: { campaignId: 'story', days: [] },
  tasks: { campaignId: 'story', tasks: [] },
  referrals: {
    campaignId: 'story',
    bound: 0,
    qualified: 0,
    qualificationRate: 0,
    topReferrers: [],
  },
};

/** Stands in for the server in the loading and error states (the data states use `data`). */
const fetcher = (state: State): typeof fetch => {
  if (state === 'loading') return () => new Promise<Response>(() => {});
  const status = state === 'refused' ? 401 : 500;
  return async () => new Response('{}', { status });
};

const meta: Meta<InsightsArgs> = {
  title: 'Elements/quest-insights',
  component: 'quest-insights',
  argTypes: {
    state: { control: 'inline-radio', options: ['data', 'loading', 'empty', 'refused', 'error'] },
    view: {
      control: 'inline-radio',
      options: ['all', 'funnel', 'retention', 'daily', 'tasks', 'referrals', 'segments'],
    },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    builder: {
      control: 'inline-radio',
      options: [undefined, 'empty', 'counting', 'count', 'field-error'],
    },
    countDelay: { control: 'number' },
  },
  args: { state: 'data', view: 'all', showTables: false, locale: 'en', countDelay: 300 },
  render: (args) =>
    args.builder
      ? html`<quest-insights
          view="segments"
          api="https://questboard.example"
          campaign="story"
          .token=${'story-key'}
          .fetcher=${segmentFetcher(args.builder)}
          .rule=${args.builder === 'empty' ? undefined : args.builder === 'field-error' ? badRule : rule}
          count-delay=${args.countDelay}
          .locale=${args.locale}
          @quest-segment-export=${(e: Event) => e.preventDefault()}
        ></quest-insights>`
      : args.state === 'data' || args.state === 'empty'
        ? html`<quest-insights
          .data=${args.state === 'data' ? sample : empty}
          .view=${args.view}
          .showTables=${args.showTables}
          .locale=${args.locale}
        ></quest-insights>`
        : html`<quest-insights
          api="https://questboard.example"
          campaign="story"
          .token=${'story-key'}
          .fetcher=${fetcher(args.state)}
          .view=${args.view}
          .locale=${args.locale}
        ></quest-insights>`,
};
export default meta;

type Story = StoryObj<InsightsArgs>;

/** Every view of a campaign a fortnight in (static `data`, nothing fetched). */
export const Data: Story = {};
/** The charts' data tables shown (they are always there for screen readers). */
export const WithTables: Story = { args: { showTables: true } };
export const FunnelOnly: Story = { args: { view: 'funnel' } };
export const RetentionOnly: Story = { args: { view: 'retention' } };
export const Loading: Story = { args: { state: 'loading' } };
export const Empty: Story = { args: { state: 'empty' } };
/** The server answered 401: "The admin key was refused". */
export const KeyRefused: Story = { args: { state: 'refused' } };
export const ErrorState: Story = { args: { state: 'error' } };
export const Spanish: Story = { args: { locale: 'es' } };
/** The referral funnel alone: bound → qualified with conversion, and the top referrers. */
export const Referrals: Story = { args: { view: 'referrals' } };
/** Nobody referred yet. */
export const ReferralsEmpty: Story = { args: { view: 'referrals', state: 'empty' } };
/** The segment builder with no condition yet: nothing to count, export disabled. */
export const SegmentBuilderEmpty: Story = { args: { builder: 'empty' } };
/** A rule being counted (the stand-in server never answers): "Counting…". */
export const SegmentBuilderCounting: Story = { args: { builder: 'counting' } };
/** A rule with its live count (export buttons cancel the download in the story). */
export const SegmentBuilderCount: Story = { args: { builder: 'count' } };
/** The server's 400 shown at the field its issue names (the issuer). */
export const SegmentBuilderFieldError: Story = { args: { builder: 'field-error' } };
