import '../packages/elements/src/define.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { longTextCampaign, sampleCampaign } from './support.js';

interface RewardArgs {
  state: 'locked' | 'claimable' | 'claimed';
  busy: boolean;
  failed: boolean;
  image: boolean;
  long: boolean;
  locale: string;
  dir: 'ltr' | 'rtl';
}

/** A badge served by Storybook itself (`staticDirs`), so the story never leaves the origin. */
const badge = () => new URL('/story-assets/badge.svg', location.href).href;

const meta: Meta<RewardArgs> = {
  title: 'Elements/quest-reward',
  component: 'quest-reward',
  argTypes: {
    state: { control: 'inline-radio', options: ['locked', 'claimable', 'claimed'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
  },
  args: {
    state: 'claimable',
    busy: false,
    failed: false,
    image: false,
    long: false,
    locale: 'en',
    dir: 'ltr',
  },
  render: (args) =>
    html`<quest-reward
      dir=${args.dir}
      .reward=${{
        ...(args.long ? longTextCampaign.tiers[0]!.reward : sampleCampaign.tiers[0]!.reward),
        ...(args.image ? { image: badge() } : {}),
      }}
      tier-id="basics"
      .state=${args.state}
      .busy=${args.busy}
      .error=${args.failed ? { code: 'NETWORK', shortMessage: 'The network is unreachable.' } : null}
      .locale=${args.locale}
    ></quest-reward>`,
};
export default meta;

type Story = StoryObj<RewardArgs>;

export const Claimable: Story = {};
export const Claiming: Story = { args: { busy: true } };
export const Locked: Story = { args: { state: 'locked' } };
export const Claimed: Story = { args: { state: 'claimed' } };
export const ClaimFailed: Story = { args: { failed: true } };
export const Spanish: Story = { args: { locale: 'es' } };
export const WithImage: Story = { args: { image: true } };
export const ClaimedWithImage: Story = { args: { image: true, state: 'claimed' } };
export const LongTexts: Story = { args: { long: true, image: true } };
export const RightToLeft: Story = { args: { dir: 'rtl', image: true, failed: true } };
