import '../packages/elements/src/define.js';
import type { LadderTask, QuestErrorCode, Task, TaskState } from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleCampaign, walletCampaign } from './support.js';

const tasks = Object.fromEntries(
  [...sampleCampaign.tiers, ...walletCampaign.tiers].flatMap((t) => t.tasks.map((k) => [k.id, k])),
) as Record<string, Task>;

interface TaskArgs {
  task: string;
  state: TaskState;
  error: QuestErrorCode | '';
  locale: string;
  address: string;
}

const meta: Meta<TaskArgs> = {
  title: 'Elements/quest-task',
  component: 'quest-task',
  argTypes: {
    task: { control: 'select', options: Object.keys(tasks) },
    state: {
      control: 'select',
      options: ['available', 'locked', 'verifying', 'done', 'failed', 'upcoming', 'ended'],
    },
    error: {
      control: 'select',
      options: ['', 'WRONG_ANSWER', 'INPUT_MISMATCH', 'VERIFY_FAILED', 'WALLET_REQUIRED'],
    },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  args: { task: 'read-intro', state: 'available', error: '', locale: 'en', address: '' },
  render: (args) => {
    const task = tasks[args.task]!;
    const entry: LadderTask = {
      task,
      tierId: 'tier',
      state: args.state,
      waitingFor: args.state === 'locked' ? (task.requires ?? ['read-wallets']) : [],
      ...(args.state === 'failed'
        ? {
            failure: {
              state: 'failed' as const,
              error: { code: args.error || 'VERIFY_FAILED', shortMessage: 'Not yet: try again.' },
            },
          }
        : {}),
    };
    return html`<quest-task
      .entry=${entry}
      .locale=${args.locale}
      .address=${args.address || null}
      .titleOf=${(id: string) => tasks[id]?.title ?? id}
    ></quest-task>`;
  },
};
export default meta;

type Story = StoryObj<TaskArgs>;

export const Visit: Story = {};
export const QuizOptions: Story = { args: { task: 'eip-quiz' } };
export const QuizText: Story = { args: { task: 'gas-quiz' } };
export const Input: Story = { args: { task: 'handle' } };
export const Verifying: Story = { args: { task: 'read-wallets', state: 'verifying' } };
export const Done: Story = { args: { state: 'done' } };
export const Locked: Story = { args: { task: 'gas-quiz', state: 'locked' } };
export const WrongAnswer: Story = {
  args: { task: 'eip-quiz', state: 'failed', error: 'WRONG_ANSWER' },
};
export const WalletConnect: Story = { args: { task: 'connect' } };
export const WalletConnected: Story = {
  args: { task: 'connect', address: '0x70997970C51812dc3A010C7d01b50e726dc79C8b' },
};
export const WalletChain: Story = { args: { task: 'base' } };
export const OnchainNotYet: Story = { args: { task: 'swap', state: 'failed' } };
export const Ended: Story = { args: { state: 'ended' } };
export const Spanish: Story = { args: { task: 'handle', locale: 'es' } };
