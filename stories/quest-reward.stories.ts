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

// --- on-chain rewards: a soulbound badge and a token drop, in each state the card shows ---------

/** Where an on-chain reward stands (set directly: stories have no chain to read). */
type OnchainStatus =
  | 'unclaimed'
  | 'signing'
  | 'pending'
  | 'pendingSponsored'
  | 'confirmed'
  | 'claimed'
  | 'waitingRound'
  | 'wrongChain'
  | 'reverted'
  | 'rejected';

const HASH = '0x9f2c4a7d1e3b5c6a8f0d2e4b6a8c0e2f4a6b8d0c2e4f6a8b0d2c4e6f8a0b2c4d';
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

const views = {
  unclaimed: { status: 'unclaimed' },
  signing: { status: 'signing', sponsored: false },
  pending: { status: 'pending', sponsored: false, hash: HASH },
  pendingSponsored: { status: 'pending', sponsored: true },
  confirmed: { status: 'confirmed', sponsored: false, hash: HASH },
  claimed: { status: 'claimed' },
  waitingRound: { status: 'waiting-round' },
  wrongChain: { status: 'wrong-chain' },
  reverted: {
    status: 'failed',
    error: {
      code: 'CLAIM_REVERTED',
      shortMessage: 'The contract refused the claim (VoucherExpired).',
      details: 'VoucherExpired',
    },
  },
  rejected: {
    status: 'failed',
    error: { code: 'WALLET_REJECTED', shortMessage: 'You rejected the request in your wallet.' },
  },
} as const;

interface OnchainArgs {
  kind: 'badge' | 'token';
  status: OnchainStatus;
  locale: string;
}

const onchainRender = (args: OnchainArgs) =>
  html`<quest-reward
    .reward=${
      args.kind === 'badge'
        ? {
            kind: 'badge',
            title: 'Explorer',
            name: 'Questboard explorer',
            description: 'A soulbound badge: it stays with the wallet that earned it.',
            image: badge(),
            chainId: 8453,
            contract: CONTRACT,
          }
        : {
            kind: 'token',
            title: 'Trader rewards',
            description: 'Paid from the campaign’s drop, round by round.',
            chainId: 8453,
            contract: CONTRACT,
            token: { address: CONTRACT, symbol: 'ACME', decimals: 18 },
            amount: '120000000000000000000',
          }
    }
    tier-id="basics"
    campaign-id="questboard-101"
    state="claimed"
    .chain=${{ name: 'Base', rpcUrls: [], explorer: 'https://basescan.org' }}
    .onchain=${views[args.status]}
    .locale=${args.locale}
  ></quest-reward>`;

const onchain = (args: Partial<OnchainArgs>) =>
  ({
    render: (_args: RewardArgs) =>
      onchainRender({ kind: 'badge', status: 'unclaimed', locale: 'en', ...args }),
  }) satisfies Story;

export const BadgeReadyToMint: Story = onchain({});
export const BadgeConfirmInWallet: Story = onchain({ status: 'signing' });
export const BadgePending: Story = onchain({ status: 'pending' });
export const BadgeMinted: Story = onchain({ status: 'confirmed' });
export const BadgeMintedElsewhere: Story = onchain({ status: 'claimed' });
export const BadgeWrongNetwork: Story = onchain({ status: 'wrongChain' });
export const BadgeRefused: Story = onchain({ status: 'reverted' });
export const BadgeRejected: Story = onchain({ status: 'rejected' });
export const BadgeSpanish: Story = onchain({ status: 'confirmed', locale: 'es' });
export const TokensReadyToClaim: Story = onchain({ kind: 'token' });
export const TokensSponsoredPending: Story = onchain({ kind: 'token', status: 'pendingSponsored' });
export const TokensClaimed: Story = onchain({ kind: 'token', status: 'confirmed' });
export const TokensNextRound: Story = onchain({ kind: 'token', status: 'waitingRound' });
export const TokensSpanish: Story = onchain({ kind: 'token', locale: 'es' });
