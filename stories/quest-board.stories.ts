import '../packages/elements/src/define.js';
import type { Campaign, QuestBackend } from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import {
  brokenCampaign,
  loadingBackend,
  sampleCampaign,
  seededBackend,
  walletCampaign,
} from './support.js';

interface BoardArgs {
  campaign: string | Campaign | null;
  backend: QuestBackend;
  theme: 'light' | 'dark' | 'auto';
  locale: string;
  dir: 'ltr' | 'rtl';
}

const meta: Meta<BoardArgs> = {
  title: 'Elements/quest-board',
  component: 'quest-board',
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    campaign: { control: false },
    backend: { control: false },
  },
  args: { theme: 'auto', locale: 'en', dir: 'ltr', campaign: sampleCampaign },
  render: (args) =>
    html`<quest-board
      dir=${args.dir}
      theme=${args.theme}
      locale=${args.locale}
      .campaign=${args.campaign}
      .backend=${args.backend ?? seededBackend()}
    ></quest-board>`,
};
export default meta;

type Story = StoryObj<BoardArgs>;

/** A first visit: only the first tier is open. */
export const Fresh: Story = { args: { backend: seededBackend() } };

/** Half-way: the first tier is done and its reward can be claimed; “Go deeper” is open. */
export const InProgress: Story = {
  args: { backend: seededBackend(['read-intro', 'eip-quiz', 'handle', 'read-wallets']) },
};

/** Every task done and every reward claimed. */
export const Complete: Story = {
  args: {
    backend: seededBackend(
      sampleCampaign.tiers.flatMap((t) => t.tasks.map((k) => k.id)),
      sampleCampaign.tiers.map((t) => t.id),
    ),
  },
};

export const Dark: Story = {
  args: { theme: 'dark', backend: seededBackend(['read-intro', 'eip-quiz']) },
};

export const RightToLeft: Story = { args: { dir: 'rtl', backend: seededBackend(['read-intro']) } };

export const Spanish: Story = { args: { locale: 'es', backend: seededBackend(['read-intro']) } };

export const WalletTasks: Story = {
  args: { campaign: walletCampaign, backend: seededBackend([], [], walletCampaign) },
};

export const Loading: Story = { args: { backend: loadingBackend() } };

/** The campaign URL answers 404. */
export const FetchFailed: Story = {
  args: { campaign: '/campaigns/does-not-exist.json', backend: seededBackend() },
};

/** Every problem of an invalid campaign, and no ladder. */
export const InvalidCampaign: Story = {
  args: { campaign: brokenCampaign(), backend: seededBackend() },
};

export const Empty: Story = { args: { campaign: null, backend: seededBackend() } };
