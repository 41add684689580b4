import '../packages/elements/src/define.js';
import type { Campaign, QuestBackend } from '@questboard/core';
import { createTestWallet } from '@questboard/wallet/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { QuestBoard, QuestTask, QuestWallet } from '../packages/elements/src/index.js';
import {
  brokenCampaign,
  dailyCampaign,
  everyKindCampaign,
  failingBackend,
  loadingBackend,
  longLadder,
  longTextCampaign,
  sampleCampaign,
  seededBackend,
  segmentCampaign,
  slowVerifyBackend,
  timedCampaign,
  walletCampaign,
} from './support.js';

interface BoardArgs {
  campaign: string | Campaign | null;
  backend: QuestBackend;
  provider: unknown;
  devWallet: boolean;
  walletConnectProjectId: string;
  theme: 'light' | 'dark' | 'auto';
  locale: string;
  dir: 'ltr' | 'rtl';
  /** How long a moment stays shown (ms); 0 keeps it. */
  momentDuration: number;
}

const meta: Meta<BoardArgs> = {
  title: 'Elements/quest-board',
  component: 'quest-board',
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    devWallet: { control: 'boolean' },
    campaign: { control: false },
    backend: { control: false },
    provider: { control: false },
  },
  args: {
    theme: 'auto',
    locale: 'en',
    dir: 'ltr',
    campaign: sampleCampaign,
    devWallet: false,
    walletConnectProjectId: '',
    momentDuration: 6000,
  },
  render: (args) =>
    html`<quest-board
      dir=${args.dir}
      theme=${args.theme}
      locale=${args.locale}
      ?dev-wallet=${args.devWallet}
      walletconnect-project-id=${args.walletConnectProjectId || nothing}
      .campaign=${args.campaign}
      .momentDuration=${args.momentDuration}
      .provider=${args.provider}
      .backend=${args.backend ?? seededBackend()}
    ></quest-board>`,
};
export default meta;

type Story = StoryObj<BoardArgs>;

/** The `<quest-task>` of `taskId` inside the board, once the board has its ladder. */
async function taskOf(canvas: HTMLElement, taskId: string): Promise<QuestTask> {
  const board = canvas.querySelector<QuestBoard>('quest-board')!;
  for (let i = 0; i < 200; i++) {
    await board.updateComplete;
    const task = [...(board.shadowRoot?.querySelectorAll<QuestTask>('quest-task') ?? [])].find(
      (t) => t.entry?.task.id === taskId,
    );
    if (task) {
      await task.updateComplete;
      return task;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`No task "${taskId}" on the board.`);
}

/** Waits until the board shows its ladder (fails the story when it never does). */
async function ladderShown(canvas: HTMLElement): Promise<void> {
  const board = canvas.querySelector<QuestBoard>('quest-board')!;
  for (let i = 0; i < 300; i++) {
    await board.updateComplete;
    if (board.shadowRoot?.querySelector('quest-tier')) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('The board never showed its ladder (still loading?).');
}

/** For stories that must show a ladder (not an error or a loading message). */
const showsLadder = {
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => ladderShown(canvasElement),
};

/** Answers a quiz or input task through its own form, as a visitor would. */
async function answer(canvas: HTMLElement, taskId: string, value: string): Promise<void> {
  const task = await taskOf(canvas, taskId);
  const root = task.shadowRoot!;
  const radio = [...root.querySelectorAll<HTMLInputElement>('input[type=radio]')].find(
    (r) => r.value === value,
  );
  if (radio) radio.checked = true;
  else root.querySelector<HTMLInputElement>('input[name=answer]')!.value = value;
  root.querySelector('form')!.requestSubmit();
}

/** Waits until the task of `taskId` reaches `state`. */
async function until(canvas: HTMLElement, taskId: string, state: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await taskOf(canvas, taskId)).entry?.state === state) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Task "${taskId}" never became ${state}.`);
}

/** A first visit: the first tier available, the others locked. */
export const Fresh: Story = {
  ...showsLadder,
  args: { backend: seededBackend() },
};

/** Half-way: the first tier is done and its reward can be claimed; “Go deeper” is open. */
export const InProgress: Story = {
  ...showsLadder,
  args: { backend: seededBackend(['read-intro', 'eip-quiz', 'handle', 'read-wallets']) },
};

/** Every task done and every reward claimed. */
export const Complete: Story = {
  ...showsLadder,
  args: {
    backend: seededBackend(
      sampleCampaign.tiers.flatMap((t) => t.tasks.map((k) => k.id)),
      sampleCampaign.tiers.map((t) => t.id),
    ),
  },
};

/** A task being verified (this backend never answers). */
export const Verifying: Story = {
  args: { backend: slowVerifyBackend() },
  play: async ({ canvasElement }) => {
    await answer(canvasElement, 'handle', '@satoshi');
    await until(canvasElement, 'handle', 'verifying');
  },
};

/** A wrong quiz answer: the task failed, says why, and can be tried again. */
export const Failed: Story = {
  args: { backend: seededBackend() },
  play: async ({ canvasElement }) => {
    await answer(canvasElement, 'eip-quiz', 'External Interface Plan');
    await until(canvasElement, 'eip-quiz', 'failed');
  },
};

/** A right answer: the task is done, the points counted and announced. */
export const Done: Story = {
  args: { backend: seededBackend(['read-intro']) },
  play: async ({ canvasElement }) => {
    await answer(canvasElement, 'eip-quiz', 'Ethereum Improvement Proposal');
    await until(canvasElement, 'eip-quiz', 'done');
  },
};

export const Dark: Story = {
  ...showsLadder,
  args: { theme: 'dark', backend: seededBackend(['read-intro', 'eip-quiz']) },
};

export const RightToLeft: Story = {
  ...showsLadder,
  args: { dir: 'rtl', backend: seededBackend(['read-intro', 'eip-quiz', 'handle']) },
};

export const Spanish: Story = {
  ...showsLadder,
  args: { locale: 'es', backend: seededBackend(['read-intro']) },
};

/** Spanish, right to left, dark: everything at once. */
export const SpanishRtlDark: Story = {
  ...showsLadder,
  args: { locale: 'es', dir: 'rtl', theme: 'dark', backend: seededBackend(['read-intro']) },
};

/** One task of every kind: visit, quiz (options and free text), input, wallet, on-chain, HTTP, credential. */
export const EveryTaskKind: Story = {
  ...showsLadder,
  args: { campaign: everyKindCampaign, backend: seededBackend([], [], everyKindCampaign) },
};

/** Wallet tasks with the dev wallet and WalletConnect offered (loaded only when picked). */
export const WalletTasks: Story = {
  ...showsLadder,
  args: {
    campaign: walletCampaign,
    devWallet: true,
    walletConnectProjectId: 'storybook-demo',
    backend: seededBackend([], [], walletCampaign),
  },
};

/** A host dApp's wallet (`provider`, here a test wallet): connected at once, no picker. */
export const HostWallet: Story = {
  args: {
    campaign: walletCampaign,
    provider: createTestWallet({ authorized: true, chainId: 1, chains: [1, 8453] }).provider,
    backend: seededBackend(['connect'], [], walletCampaign),
  },
  play: async ({ canvasElement }) => ladderShown(canvasElement),
};

/** 12 tiers of 6 tasks, the first four tiers done. */
export const LongLadder: Story = {
  ...showsLadder,
  args: (() => {
    const campaign = longLadder(12, 6);
    const done = campaign.tiers.slice(0, 4).flatMap((t) => t.tasks.map((k) => k.id));
    return {
      campaign,
      backend: seededBackend(done, ['tier-1', 'tier-2'], campaign),
    };
  })(),
};

/** Long titles, descriptions, options and unbreakable words. */
export const LongTexts: Story = {
  ...showsLadder,
  args: { campaign: longTextCampaign, backend: seededBackend([], [], longTextCampaign) },
};

export const LongTextsRtl: Story = {
  ...showsLadder,
  args: { ...LongTexts.args, dir: 'rtl' },
};

/** The campaign has not started yet. */
export const Upcoming: Story = {
  ...showsLadder,
  args: (() => {
    const campaign = timedCampaign('upcoming');
    return { campaign, backend: seededBackend([], [], campaign) };
  })(),
};

/** The campaign is over: what was done stays, the rest has ended. */
export const Ended: Story = {
  ...showsLadder,
  args: (() => {
    const campaign = timedCampaign('ended');
    return { campaign, backend: seededBackend(['read-intro', 'eip-quiz'], [], campaign) };
  })(),
};

/**
 * A tier gated on a saved segment (`unlock.segment`): the memory backend's `segments` option
 * names its members; this visitor is not one, so the tier reads "Open to selected members only".
 */
export const SegmentGated: Story = {
  ...showsLadder,
  args: {
    campaign: segmentCampaign,
    backend: seededBackend([], [], segmentCampaign, {
      'early-supporters': ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
    }),
  },
};

export const Loading: Story = { args: { backend: loadingBackend() } };

/** The campaign could not be fetched (HTTP 503): the error and a Try again button. */
export const FetchFailed: Story = {
  args: { campaign: '/campaigns/questboard-101.json', backend: failingBackend() },
};

/** Every problem of an invalid campaign, and no ladder. */
export const InvalidCampaign: Story = {
  args: { campaign: brokenCampaign(), backend: seededBackend() },
};

export const Empty: Story = { args: { campaign: null, backend: seededBackend() } };

/** The board's own wallet picker, opened from its Connect button (dev wallet and WalletConnect offered). */
export const WalletPicker: Story = {
  args: { ...WalletTasks.args },
  play: async ({ canvasElement }) => {
    await ladderShown(canvasElement);
    const board = canvasElement.querySelector<QuestBoard>('quest-board')!;
    const wallet = board.shadowRoot!.querySelector<QuestWallet>('quest-wallet')!;
    await wallet.updateComplete;
    wallet.shadowRoot!.querySelector<HTMLButtonElement>('[part="connect"]')!.click();
    await wallet.updateComplete;
    if (!wallet.shadowRoot!.querySelector('dialog[open]'))
      throw new Error('The picker did not open.');
  },
};

/**
 * A host wallet that is already connected while the campaign is still on its way (a slow
 * network): the board must still show the ladder, for that account.
 */
export const HostWalletSlowCampaign: Story = {
  args: {
    campaign: walletCampaign,
    provider: createTestWallet({ authorized: true, chainId: 1, chains: [1, 8453] }).provider,
    backend: (() => {
      const backend = seededBackend(['connect'], [], walletCampaign);
      return {
        ...backend,
        loadCampaign: (ref, options) =>
          new Promise((r) => setTimeout(r, 300)).then(() => backend.loadCampaign(ref, options)),
      } satisfies QuestBackend;
    })(),
  },
  play: async ({ canvasElement }) => ladderShown(canvasElement),
};

/**
 * A backend that records progress only for a signed-in wallet (as the reference server does):
 * the board asks for the wallet before it verifies. The visitor closed the picker for now, so
 * the task says what comes next ("Sign in to continue", not an error) and is checked as soon as
 * they sign in.
 */
export const SignInToContinue: Story = {
  args: {
    devWallet: true,
    backend: { ...seededBackend(), needs: { signIn: true } } satisfies QuestBackend,
  },
  play: async ({ canvasElement }) => {
    await ladderShown(canvasElement);
    const board = canvasElement.querySelector<QuestBoard>('quest-board')!;
    const task = await taskOf(canvasElement, 'handle');
    await answer(canvasElement, 'handle', '@visitor');
    const wallet = board.shadowRoot!.querySelector<QuestWallet>('quest-wallet')!;
    for (let i = 0; i < 300 && !wallet.shadowRoot!.querySelector('dialog[open]'); i++)
      await new Promise((r) => setTimeout(r, 10));
    wallet.closePicker();
    for (let i = 0; i < 300 && !task.shadowRoot!.querySelector('[part~="task-next"]'); i++)
      await new Promise((r) => setTimeout(r, 10));
    if (!task.shadowRoot!.querySelector('[part~="task-next"]'))
      throw new Error('The task does not say "Sign in to continue".');
  },
};

// --- moments and the path (issue 13 item 5) ---------------------------------------------------

/** Waits until the board shows its moment banner. */
async function momentShown(canvas: HTMLElement): Promise<void> {
  const board = canvas.querySelector<QuestBoard>('quest-board')!;
  for (let i = 0; i < 300; i++) {
    await board.updateComplete;
    if (board.shadowRoot?.querySelector('[part~="moment"]')) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('The board never showed a moment.');
}

/**
 * The last task of “Basics”: a moment for a tier unlocked, a level reached and a reward
 * claimable (kept until dismissed; under `prefers-reduced-motion` it appears without sliding).
 */
export const MomentTierLevelReward: Story = {
  args: { momentDuration: 0, backend: seededBackend(['read-intro', 'eip-quiz']) },
  play: async ({ canvasElement }) => {
    await answer(canvasElement, 'handle', '@satoshi');
    await momentShown(canvasElement);
  },
};

/** A daily check-in done: the task streak and the campaign streak grow (a streak moment). */
export const MomentStreak: Story = {
  args: {
    momentDuration: 0,
    campaign: dailyCampaign,
    backend: seededBackend([], [], dailyCampaign),
  },
  play: async ({ canvasElement }) => {
    await ladderShown(canvasElement);
    const board = canvasElement.querySelector<QuestBoard>('quest-board')!;
    await board.verifyTask('check-in');
    await momentShown(canvasElement);
  },
};

/**
 * The path: “Basics” finished and claimed (folded to one line; its title opens it), the
 * continue pointer on the first open task of “Go deeper”, and the next reward with the tasks to go.
 */
export const PathFoldedTier: Story = {
  ...showsLadder,
  args: { backend: seededBackend(['read-intro', 'eip-quiz', 'handle'], ['basics']) },
};

/** The path in Spanish: “Continuar: …”, “Siguiente: … — faltan N tareas”. */
export const PathSpanish: Story = {
  ...showsLadder,
  args: { locale: 'es', backend: seededBackend(['read-intro']) },
};

/** A reward ready: the header says so (“Ready to claim: …”). */
export const PathRewardReady: Story = {
  ...showsLadder,
  args: { backend: seededBackend(['read-intro', 'eip-quiz', 'handle']) },
};
