import '../packages/elements/src/define.js';
import type { LadderTier, TierState } from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { longLadder, longTextCampaign, sampleCampaign } from './support.js';

interface TierArgs {
  state: TierState;
  done: number;
  locale: string;
  dir: 'ltr' | 'rtl';
  /** Which tier to show: the sample's third, one with long texts, or one with 20 tasks. */
  sample: 'mastery' | 'long-texts' | 'many-tasks';
  /** A finished tier folds to its header line (the board sets it). */
  foldable: boolean;
  /** Gate the tier on a saved segment (`unlock.segment`) the wallet is not in. */
  segment: boolean;
}

const tiers = {
  mastery: sampleCampaign.tiers[2]!,
  'long-texts': longTextCampaign.tiers[0]!,
  'many-tasks': longLadder(2, 20).tiers[1]!,
};
const after = sampleCampaign.tiers[1]!;

const meta: Meta<TierArgs> = {
  title: 'Elements/quest-tier',
  component: 'quest-tier',
  argTypes: {
    state: {
      control: 'select',
      options: ['locked', 'available', 'completed', 'claimed', 'upcoming', 'ended'],
    },
    done: { control: { type: 'range', min: 0, max: 20 } },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    sample: { control: 'inline-radio', options: Object.keys(tiers) },
  },
  args: {
    state: 'locked',
    done: 0,
    locale: 'en',
    dir: 'ltr',
    sample: 'mastery',
    foldable: false,
    segment: false,
  },
  render: (args) => {
    const sample = tiers[args.sample];
    const tier = args.segment
      ? { ...sample, unlock: { ...sample.unlock, segment: 'early-supporters' } }
      : sample;
    const entry: LadderTier = {
      tier,
      state: args.state,
      done: args.done,
      claimable: args.state === 'completed',
      tasks: tier.tasks.map((task, i) => ({
        task,
        tierId: tier.id,
        state:
          i < args.done
            ? 'done'
            : args.state === 'locked' || args.state === 'upcoming' || args.state === 'ended'
              ? args.state
              : 'available',
        waitingFor: [],
      })),
      ...(tier.unlock
        ? {
            unlock: {
              ...tier.unlock,
              met: args.state !== 'locked',
              needed: 2,
              have: 1,
              ...(args.segment ? { inSegment: args.state !== 'locked' } : {}),
            },
          }
        : {}),
    };
    const reward = args.state === 'claimed' ? 'claimed' : entry.claimable ? 'claimable' : 'locked';
    return html`<quest-tier
      dir=${args.dir}
      .tier=${entry}
      .afterTitle=${after.title}
      .afterTotal=${after.tasks.length}
      .foldable=${args.foldable}
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
/** Gated on a saved segment the wallet is not in: "Open to selected members only". */
export const SegmentLocked: Story = { args: { segment: true } };
export const SegmentLockedSpanish: Story = { args: { segment: true, locale: 'es' } };
export const Upcoming: Story = { args: { state: 'upcoming' } };
export const Ended: Story = { args: { state: 'ended', done: 1 } };
export const RightToLeft: Story = { args: { state: 'available', done: 1, dir: 'rtl' } };
export const LongTexts: Story = { args: { state: 'available', sample: 'long-texts' } };
/** Twenty tasks in one tier. */
export const ManyTasks: Story = { args: { state: 'available', done: 7, sample: 'many-tasks' } };

/** Finished and claimed: folded to one line; its title is a disclosure button. */
export const Folded: Story = { args: { state: 'claimed', done: 2, foldable: true } };

/** A folded tier opened by the visitor (Enter, Space or a click on its title). */
export const FoldedOpened: Story = {
  args: { state: 'claimed', done: 2, foldable: true },
  play: async ({ canvasElement }) => {
    const tier = canvasElement.querySelector('quest-tier')!;
    await (tier as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    tier.shadowRoot!.querySelector<HTMLButtonElement>('[part~="tier-toggle"]')!.click();
  },
};
