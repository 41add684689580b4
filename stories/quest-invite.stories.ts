import '../packages/elements/src/define.js';
import { type Campaign, QuestError, type ReferralsOverview } from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

const campaign = {
  schemaVersion: 1,
  id: 'invite-demo',
  title: 'Invite demo',
  referral: {
    qualify: {
      type: 'all',
      rules: [
        { type: 'task', task: 'first-swap' },
        { type: 'points', min: 50 },
      ],
    },
    withinDays: 14,
    points: 100,
    maxReferees: 25,
  },
  tiers: [
    {
      id: 'start',
      title: 'Start',
      tasks: [
        {
          id: 'first-swap',
          kind: 'visit',
          title: 'Make your first swap',
          points: 20,
          url: 'https://example.org',
        },
      ],
    },
  ],
} satisfies Campaign;

const base: ReferralsOverview = {
  campaignId: 'invite-demo',
  code: '7h3kq9m2xa',
  points: 100,
  maxReferees: 25,
  referrals: [],
};

const friends: ReferralsOverview['referrals'] = [
  {
    referee: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    boundAt: '2026-03-01T10:00:00.000Z',
    state: 'pending',
    needs: [
      { kind: 'task', task: 'first-swap' },
      { kind: 'points', points: 30 },
    ],
    deadline: '2026-03-15T10:00:00.000Z',
  },
  {
    referee: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    boundAt: '2026-02-20T10:00:00.000Z',
    qualifiedAt: '2026-02-22T10:00:00.000Z',
    state: 'qualified',
    needs: [],
  },
  {
    referee: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
    boundAt: '2026-01-01T10:00:00.000Z',
    state: 'expired',
    needs: [],
    deadline: '2026-01-15T10:00:00.000Z',
  },
];

interface InviteArgs {
  overview: ReferralsOverview | undefined;
  error?: QuestError;
  locale: string;
  dir: 'ltr' | 'rtl';
}

const meta: Meta<InviteArgs> = {
  title: 'Elements/quest-invite',
  component: 'quest-invite',
  argTypes: { locale: { control: 'inline-radio', options: ['en', 'es'] } },
  args: { overview: base, locale: 'en', dir: 'ltr' },
  render: (args) =>
    html`<quest-invite
      dir=${args.dir}
      href="https://dapp.example/quests"
      .campaign=${campaign}
      .overview=${args.overview}
      .status=${args.error ? 'error' : 'ready'}
      .error=${args.error}
      .locale=${args.locale}
    ></quest-invite>`,
};
export default meta;

type Story = StoryObj<InviteArgs>;

/** Signed in, nobody invited yet: the link and the copy button. */
export const NoFriendsYet: Story = {};
/** Pending (with what the friend still needs and by when), qualified and expired friends. */
export const WithFriends: Story = { args: { overview: { ...base, referrals: friends } } };
/** Before a wallet is connected: what to do to get a link. */
export const SignedOut: Story = { args: { overview: undefined } };
export const Spanish: Story = { args: { locale: 'es', overview: { ...base, referrals: friends } } };
export const RightToLeft: Story = {
  args: { dir: 'rtl', overview: { ...base, referrals: friends } },
};

/** The invitations could not be loaded: the reason and a "Try again" button. */
export const LoadFailed: Story = {
  args: {
    overview: undefined,
    error: new QuestError('NETWORK', 'The server could not be reached.'),
  },
};
