import '../packages/elements/src/define.js';
import type { LadderTier, TierState } from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleCampaign } from './support.js';

interface TierArgs {
  state: TierState;
  done: number;
  locale: string;
}

const tier = sampleCampaign.tiers[2]!;
const after = sampleCampaign.tiers[1]!;

const meta: Meta<TierArgs> = {
  title: 'Elements/quest-tier',
  component: 'quest-tier',
  argTypes: {
    state: {
      control: 'select',
      options: ['locked', 'available', 'completed', 'claimed', 'upcoming', 'ended'],
    },
    done: { control: { type: 'range', min: 0, max: tier.tasks.length } },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  args: { state: 'locked', done: 0, locale: 'en' },
  render: (args) => {
    const entry: LadderTier = {
      tier,
      state: args.state,
      done: args.done,
      claimable: args.state === 'completed',
      tasks: tier.tasks.map((task, i) => ({
        task,
        tierId: tier.id,
        state:
          i < args.done ? 'done' : args.state === 'locked' ? 'locked' : (args.state as 'available'),
        waitingFor: [],
      })),
      unlock: { ...tier.unlock!, met: args.state !== 'locked', needed: 2, have: 1 },
    };
    const reward = args.state === 'claimed' ? 'claimed' : entry.claimable ? 'claimable' : 'locked';
    return html`<quest-tier
      .tier=${entry}
      .afterTitle=${after.title}
      .afterTotal=${after.tasks.length}
      .locale=${args.locale}
    >
      ${entry.tasks.map(
        (t) => html`<quest-task role="listitem" .entry=${t} .locale=${args.locale}></quest-task>`,
      )}
      <quest-reward
        slot="reward"
        .reward=${tier.reward}
        .tierId=${tier.id}
        .state=${reward}
        .locale=${args.locale}
      ></quest-reward>
    </quest-tier>`;
  },
};
export default meta;

type Story = StoryObj<TierArgs>;

export const Locked: Story = {};
export const Open: Story = { args: { state: 'available', done: 1 } };
export const Completed: Story = { args: { state: 'completed', done: 2 } };
export const Claimed: Story = { args: { state: 'claimed', done: 2 } };
export const LockedSpanish: Story = { args: { locale: 'es' } };
