import '../packages/elements/src/define.js';
import { createWalletState, type WalletState } from '@questboard/wallet';
import { createTestWallet, memoryStorage } from '@questboard/wallet/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { QuestWallet } from '../packages/elements/src/index.js';
import { seededBackend } from './support.js';

const BASE = { '8453': { name: 'Base', rpcUrls: ['https://mainnet.base.org'] } };

interface WalletArgs {
  chainId: number | undefined;
  statement: string;
  signIn: boolean;
  locale: string;
  dir: 'ltr' | 'rtl';
}

interface Loaded {
  wallet?: WalletState;
}

/** A wallet state of its own (memory storage, no EIP-6963 discovery unless asked). */
function state(options: Parameters<typeof createWalletState>[0] = {}): WalletState {
  return createWalletState({ discover: false, storage: memoryStorage(), ...options });
}

const meta: Meta<WalletArgs> = {
  title: 'Elements/quest-wallet',
  component: 'quest-wallet',
  argTypes: {
    chainId: { control: 'select', options: [undefined, 1, 8453] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
  },
  args: { chainId: undefined, statement: '', signIn: false, locale: 'en', dir: 'ltr' },
  render: (args, { loaded }) => {
    const { wallet } = loaded as Loaded;
    return html`<quest-wallet
      dir=${args.dir}
      .wallet=${wallet}
      .chainId=${args.chainId}
      .chains=${BASE}
      .statement=${args.statement || undefined}
      .backend=${args.signIn ? seededBackend() : undefined}
      .locale=${args.locale}
    ></quest-wallet>`;
  },
};
export default meta;

type Story = StoryObj<WalletArgs>;

/** No wallet connected: the Connect button. */
export const Disconnected: Story = {
  loaders: [async () => ({ wallet: state() })],
};

/**
 * The picker with two EIP-6963 wallets announced by the page (test wallets with real keys),
 * WalletConnect and the dev wallet.
 */
export const PickerTwoWallets: Story = {
  loaders: [
    async () => {
      for (const [name, rdns, fill] of [
        ['Alpha Wallet', 'org.example.alpha', '%236d28d9'],
        ['Beta Wallet', 'org.example.beta', '%230e7490'],
      ] as const) {
        createTestWallet({
          name,
          rdns,
          icon: `data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"%3E%3Crect width="32" height="32" rx="8" fill="${fill}"/%3E%3C/svg%3E`,
        }).announce();
      }
      // WalletConnect is offered too; its code loads only when it is picked.
      return {
        wallet: state({
          discover: true,
          devWallet: true,
          walletConnect: { projectId: 'storybook-demo' },
        }),
      };
    },
  ],
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<QuestWallet>('quest-wallet')!;
    await el.updateComplete;
    el.openPicker();
    await el.updateComplete;
  },
};

/** No wallet in the browser: the picker says so and links to wallets to install. */
export const PickerNoWallet: Story = {
  loaders: [async () => ({ wallet: state() })],
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<QuestWallet>('quest-wallet')!;
    await el.updateComplete;
    el.openPicker();
    await el.updateComplete;
  },
};

/**
 * No browser wallet, but the dev wallet works: it is offered first, with install links below
 * and no "No wallet found" above a usable option.
 */
export const PickerDevWalletOnly: Story = {
  loaders: [async () => ({ wallet: state({ discover: false, devWallet: true }) })],
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<QuestWallet>('quest-wallet')!;
    await el.updateComplete;
    el.openPicker();
    await el.updateComplete;
    if (el.shadowRoot!.textContent?.includes('No wallet found'))
      throw new Error('"No wallet found" above the dev wallet.');
  },
};

async function connected(options: Parameters<typeof createTestWallet>[0] = {}) {
  const wallet = state({ provider: createTestWallet({ authorized: true, ...options }).provider });
  await wallet.connect();
  return { wallet };
}

/** A connected account (a host-provided wallet: no Disconnect button). */
export const Connected: Story = { loaders: [() => connected({ chainId: 8453 })] };

/** Connected on another chain than the page needs, with a backend: Switch and Sign in. */
export const WrongChainAndSignIn: Story = {
  args: { chainId: 8453, signIn: true },
  loaders: [() => connected({ chainId: 1, chains: [1, 8453] })],
};

/** Signed in with Ethereum (a real SIWE signature checked by the memory backend). */
export const SignedIn: Story = {
  args: { signIn: true },
  loaders: [
    async () => {
      const { wallet } = await connected({ chainId: 8453 });
      await wallet.signIn(seededBackend(), { statement: 'Sign in to Questboard 101.' });
      return { wallet };
    },
  ],
};

/** The burner dev wallet (demos and local chains only): the "dev wallet" badge. */
export const DevWallet: Story = {
  loaders: [
    async () => {
      const wallet = state({ devWallet: true });
      await wallet.connect('dev');
      return { wallet };
    },
  ],
};

/** The visitor rejected the request in the wallet: the error with Try again and Dismiss. */
export const Rejected: Story = {
  loaders: [
    async () => {
      const test = createTestWallet();
      test.failNext(4001, 'User rejected the request.');
      const wallet = state({ provider: test.provider });
      await wallet.connect().catch(() => {});
      return { wallet };
    },
  ],
};

/** The wallet is locked. */
export const Locked: Story = {
  loaders: [
    async () => {
      const test = createTestWallet();
      test.lock();
      const wallet = state({ provider: test.provider });
      await wallet.connect().catch(() => {});
      return { wallet };
    },
  ],
};

/** No wallet in the browser and no picker: the error with install links. */
export const NotFound: Story = {
  loaders: [
    async () => {
      const wallet = state();
      await wallet.connect('injected:org.example.missing').catch(() => {});
      return { wallet };
    },
  ],
};

/** Spanish labels, right to left. */
export const SpanishRtl: Story = {
  args: { locale: 'es', dir: 'rtl', signIn: true },
  loaders: [() => connected({ chainId: 8453 })],
};

/** Every label replaced through the `messages` property. */
export const CustomMessages: Story = {
  render: () =>
    html`<quest-wallet
      .wallet=${state()}
      .messages=${{ connect: 'Link your wallet' }}
    ></quest-wallet>`,
};
