import '../packages/elements/src/define.js';
import {
  type Address,
  type Credential,
  type QuestBackend,
  type RevocationSource,
  signCredential,
} from '@questboard/core';
import { TEST_KEYS } from '@questboard/wallet/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { privateKeyToAccount } from 'viem/accounts';
import { sampleCampaign, seededBackend } from './support.js';

const issuer = privateKeyToAccount(TEST_KEYS[0]);
const stranger = privateKeyToAccount(TEST_KEYS[2]);
const holder = privateKeyToAccount(TEST_KEYS[1]).address;

const time = Math.floor(Date.parse('2026-01-15T12:00:00Z') / 1000);
const sign = (signer: typeof issuer, taskId: string, chainId?: number) =>
  signCredential({
    signer,
    recipient: holder,
    campaignId: 'questboard-101',
    taskId,
    time,
    ...(chainId
      ? {
          domain: {
            chainId,
            version: '1.3.0',
            verifyingContract: '0x4200000000000000000000000000000000000021',
          },
        }
      : {}),
  });

/**
 * Real EIP-712 credentials (EAS off-chain attestations): two from the trusted issuer, one from
 * another key, one tampered (changing what it attests after signing breaks it).
 */
async function credentials(): Promise<Credential[]> {
  const [intro, quiz, other, tampered] = await Promise.all([
    sign(issuer, 'read-intro'),
    sign(issuer, 'eip-quiz'),
    sign(stranger, 'handle'),
    sign(issuer, 'l2-quiz'),
  ]);
  return [intro!, quiz!, other!, { ...tampered!, taskId: 'gas-quiz' } as Credential];
}

/** Three genuine credentials, the second revoked by its issuer. */
async function withRevoked(): Promise<{ list: Credential[]; revocation: RevocationSource }> {
  const list = await Promise.all([
    sign(issuer, 'read-intro'),
    sign(issuer, 'eip-quiz'),
    sign(issuer, 'read-wallets'),
  ]);
  const revokedAt = Math.floor(Date.parse('2026-02-01T09:00:00Z') / 1000);
  return {
    list,
    revocation: async ({ uid }) => (uid === list[1]!.uid ? revokedAt : null),
  };
}

/** A backend that returns `list` for every address (or never answers, or fails). */
function passportBackend(list: Credential[] | 'loading' | 'error' | 'empty' = []): QuestBackend {
  return {
    ...seededBackend(),
    // The sample campaign, by id: the passport shows its task and campaign titles.
    loadCampaign: async (ref) => {
      if (ref !== sampleCampaign.id && ref !== sampleCampaign)
        throw new Error(`no campaign ${String(ref)}`);
      return sampleCampaign;
    },
    credentials: () =>
      list === 'loading'
        ? new Promise<never>(() => {})
        : list === 'error'
          ? Promise.reject(new Error('The credentials could not be loaded.'))
          : Promise.resolve(list === 'empty' ? [] : list),
  };
}

interface PassportArgs {
  address: Address | '';
  issuers: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  theme: '' | 'light' | 'dark' | 'auto';
}

interface Loaded {
  backend: QuestBackend;
  revocation?: RevocationSource;
}

const meta: Meta<PassportArgs> = {
  title: 'Elements/quest-passport',
  component: 'quest-passport',
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    theme: { control: 'inline-radio', options: ['', 'auto', 'light', 'dark'] },
  },
  args: { address: holder, issuers: '', locale: 'en', dir: 'ltr', theme: '' },
  loaders: [async () => ({ backend: passportBackend(await credentials()) })],
  render: (args, { loaded }) =>
    html`<quest-passport
      dir=${args.dir}
      address=${args.address || nothing}
      issuers=${args.issuers || nothing}
      theme=${args.theme || nothing}
      .backend=${(loaded as Loaded).backend}
      .revocation=${(loaded as Loaded).revocation}
      .locale=${args.locale}
    ></quest-passport>`,
};
export default meta;

type Story = StoryObj<PassportArgs>;

/** Every signature checked offline; the tampered one does not check out. Titles from the campaign. */
export const Credentials: Story = {};

/** The issuer revoked one (read from a revocation source: the server's list, or EAS on chain). */
export const Revoked: Story = {
  loaders: [
    async () => {
      const { list, revocation } = await withRevoked();
      return { backend: passportBackend(list), revocation };
    },
  ],
};

/** The revocation source cannot be read: signatures check out, revocation is not known. */
export const RevocationUnchecked: Story = {
  loaders: [
    async () => ({
      backend: passportBackend(await credentials()),
      revocation: async () => {
        throw new Error('the revocation list did not answer');
      },
    }),
  ],
};

/** Credentials on chains with an EAS explorer link to it (mainnet, Base); a local chain does not. */
export const ExplorerLinks: Story = {
  loaders: [
    async () => ({
      backend: passportBackend(
        await Promise.all([
          sign(issuer, 'read-intro'),
          sign(issuer, 'eip-quiz', 8453),
          sign(issuer, 'handle', 31337),
        ]),
      ),
    }),
  ],
};

/** A campaign that cannot be loaded: task and campaign ids instead of titles. */
export const WithoutTitles: Story = {
  loaders: [
    async () => ({
      backend: {
        ...passportBackend(await credentials()),
        loadCampaign: () => Promise.reject(new Error('offline')),
      },
    }),
  ],
};

/** `theme="dark"`, as on the board (`auto` follows `prefers-color-scheme`). */
export const Dark: Story = {
  args: { theme: 'dark', issuers: issuer.address },
  loaders: [
    async () => {
      const { list, revocation } = await withRevoked();
      return { backend: passportBackend(list), revocation };
    },
  ],
};

/** Only the issuer in `issuers` is trusted: the credential from another key is flagged. */
export const TrustedIssuers: Story = { args: { issuers: issuer.address } };

export const NoCredentials: Story = {
  loaders: [async () => ({ backend: passportBackend('empty') })],
};

export const NoAddress: Story = { args: { address: '' } };

export const Loading: Story = { loaders: [async () => ({ backend: passportBackend('loading') })] };

export const LoadFailed: Story = { loaders: [async () => ({ backend: passportBackend('error') })] };

export const SpanishRtl: Story = { args: { locale: 'es', dir: 'rtl', issuers: issuer.address } };
