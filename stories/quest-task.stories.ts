import '../packages/elements/src/define.js';
import type { LadderTask, QuestErrorCode, Task, TaskState } from '@questboard/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { everyKindCampaign, longTextCampaign, sampleCampaign, walletCampaign } from './support.js';

const tasks = Object.fromEntries(
  [
    ...sampleCampaign.tiers,
    ...walletCampaign.tiers,
    ...everyKindCampaign.tiers,
    ...longTextCampaign.tiers,
  ].flatMap((t) => t.tasks.map((k) => [k.id, k])),
) as Record<string, Task>;

interface TaskArgs {
  task: string;
  state: TaskState;
  error: QuestErrorCode | '';
  /** Partial progress reported by a failed check ("2 of 5"). */
  progress: string;
  /** The failure in the campaign's words, as the board words it (`failureText`). */
  words: string;
  locale: string;
  address: string;
  signedIn: boolean;
  dir: 'ltr' | 'rtl';
}

const STATES: TaskState[] = [
  'available',
  'locked',
  'verifying',
  'done',
  'failed',
  'upcoming',
  'ended',
];

/** The ladder entry `<quest-task>` shows, as the board computes it. */
function entryOf(
  task: Task,
  state: TaskState,
  error: QuestErrorCode | '' = '',
  progress = '',
): LadderTask {
  const [current, target] = progress.split('/').map(Number);
  return {
    task,
    tierId: 'tier',
    state,
    waitingFor:
      state === 'locked' ? (task.requires?.length ? task.requires : ['read-wallets']) : [],
    ...(state === 'failed'
      ? {
          failure: {
            state: 'failed' as const,
            error: {
              code: error || 'VERIFY_FAILED',
              shortMessage: 'holds 0 of the 100 TUSD required (on chain 31337 at block 12)',
            },
            ...(current !== undefined && target ? { current, target } : {}),
          },
        }
      : {}),
  };
}

const meta: Meta<TaskArgs> = {
  title: 'Elements/quest-task',
  component: 'quest-task',
  argTypes: {
    task: { control: 'select', options: Object.keys(tasks) },
    state: {
      control: 'select',
      options: STATES,
    },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    error: {
      control: 'select',
      options: [
        '',
        'WRONG_ANSWER',
        'INPUT_MISMATCH',
        'VERIFY_FAILED',
        'WALLET_REQUIRED',
        'SIGN_IN_REQUIRED',
      ],
    },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  args: {
    task: 'read-intro',
    state: 'available',
    error: '',
    progress: '',
    words: '',
    locale: 'en',
    address: '',
    signedIn: false,
    dir: 'ltr',
  },
  render: (args) =>
    html`<quest-task
      dir=${args.dir}
      .entry=${entryOf(tasks[args.task]!, args.state, args.error, args.progress)}
      .failureText=${args.words || undefined}
      .locale=${args.locale}
      .address=${args.address || null}
      .signedIn=${args.signedIn}
      .titleOf=${(id: string) => tasks[id]?.title ?? id}
    ></quest-task>`,
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
/** A failed rule check in the campaign's words and units; the backend's reason folded below. */
export const OnchainInPlainWords: Story = {
  args: { task: 'swap', state: 'failed', words: 'You hold 0 of 100 Test USD' },
};
/** The check waits for a sign-in (the server records progress for signed-in wallets): guidance, not an error. */
export const SignInToContinue: Story = {
  args: { task: 'read-intro', state: 'failed', error: 'SIGN_IN_REQUIRED' },
};
/** The check waits for a wallet: guidance, not an error. */
export const ConnectToContinue: Story = {
  args: { task: 'swap', state: 'failed', error: 'WALLET_REQUIRED' },
};
export const Ended: Story = { args: { state: 'ended' } };
export const Spanish: Story = { args: { task: 'handle', locale: 'es' } };
export const WalletSignIn: Story = { args: { task: 'sign-in' } };
export const WalletSignedIn: Story = {
  args: { task: 'sign-in', address: '0x70997970C51812dc3A010C7d01b50e726dc79C8b', signedIn: true },
};
export const Http: Story = { args: { task: 'gitcoin' } };
/** A failed check that reported partial progress ("12 of 20"). */
export const HttpPartialProgress: Story = {
  args: { task: 'gitcoin', state: 'failed', progress: '12/20' },
};
export const Credential: Story = { args: { task: 'credential' } };
export const Upcoming: Story = { args: { state: 'upcoming' } };
export const InputFailed: Story = {
  args: { task: 'handle', state: 'failed', error: 'INPUT_MISMATCH' },
};
export const LongTexts: Story = { args: { task: 'long-visit' } };
export const LongQuizRtl: Story = { args: { task: 'long-quiz', dir: 'rtl' } };
export const RightToLeft: Story = {
  args: { task: 'handle', dir: 'rtl', state: 'failed', error: 'INPUT_MISMATCH' },
};

/** Every kind of task in every state, one row per kind. */
export const EveryKindEveryState: Story = {
  render: (args) => html`<div role="list" style="display: grid; gap: 0.5rem">
    ${everyKindCampaign.tiers[0]!.tasks.flatMap((task) =>
      STATES.map(
        (state) =>
          html`<quest-task
            role="listitem"
            .entry=${entryOf(task, state)}
            .locale=${args.locale}
            .titleOf=${(id: string) => tasks[id]?.title ?? id}
          ></quest-task>`,
      ),
    )}
  </div>`,
};
