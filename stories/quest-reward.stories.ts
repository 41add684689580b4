import '../packages/elements/src/define.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleCampaign } from './support.js';

interface RewardArgs {
  state: 'locked' | 'claimable' | 'claimed';
  busy: boolean;
  failed: boolean;
  locale: string;
}

const meta: Meta<RewardArgs> = {
  title: 'Elements/quest-reward',
  component: 'quest-reward',
  argTypes: {
    state: { control: 'inline-radio', options: ['locked', 'claimable', 'claimed'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  args: { state: 'claimable', busy: false, failed: false, locale: 'en' },
  render: (args) =>
    html`<quest-reward
      .reward=${sampleCampaign.tiers[0]!.reward}
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
