import '../packages/elements/src/define.js';
import { type Address, type Credential, type QuestBackend, signCredential } from '@questboard/core';
import { TEST_KEYS } from '@questboard/wallet/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { privateKeyToAccount } from 'viem/accounts';
import { seededBackend } from './support.js';

const issuer = privateKeyToAccount(TEST_KEYS[0]);
const stranger = privateKeyToAccount(TEST_KEYS[2]);
const holder = privateKeyToAccount(TEST_KEYS[1]).address;

/** Real EIP-712 credentials: two from the trusted issuer, one from another key, one tampered. */
async function credentials(): Promise<Credential[]> {
  const time = Math.floor(Date.parse('2026-01-15T12:00:00Z') / 1000);
  const sign = (signer: typeof issuer, taskId: string) =>
    signCredential({ signer, recipient: holder, campaignId: 'questboard-101', taskId, time });
  const [intro, quiz, other, tampered] = await Promise.all([
    sign(issuer, 'read-intro'),
    sign(issuer, 'eip-quiz'),
    sign(stranger, 'handle'),
    sign(issuer, 'l2-quiz'),
  ]);
  // Changing what it attests after signing breaks the signature.
  return [intro!, quiz!, other!, { ...tampered!, taskId: 'gas-quiz' } as Credential];
}

/** A backend that returns `list` for every address (or never answers, or fails). */
function passportBackend(list: Credential[] | 'loading' | 'error' | 'empty' = []): QuestBackend {
  return {
    ...seededBackend(),
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
}

interface Loaded {
  backend: QuestBackend;
}

const meta: Meta<PassportArgs> = {
  title: 'Elements/quest-passport',
  component: 'quest-passport',
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
  },
  args: { address: holder, issuers: '', locale: 'en', dir: 'ltr' },
  loaders: [async () => ({ backend: passportBackend(await credentials()) })],
  render: (args, { loaded }) =>
    html`<quest-passport
      dir=${args.dir}
      address=${args.address || nothing}
      issuers=${args.issuers || nothing}
      .backend=${(loaded as Loaded).backend}
      .locale=${args.locale}
    ></quest-passport>`,
};
export default meta;

type Story = StoryObj<PassportArgs>;

/** Every signature checked offline; the tampered one does not check out. */
export const Credentials: Story = {};

/** Only the issuer in `issuers` is trusted: the credential from another key is flagged. */
export const TrustedIssuers: Story = { args: { issuers: issuer.address } };

export const NoCredentials: Story = {
  loaders: [async () => ({ backend: passportBackend('empty') })],
};

export const NoAddress: Story = { args: { address: '' } };

export const Loading: Story = { loaders: [async () => ({ backend: passportBackend('loading') })] };

export const LoadFailed: Story = { loaders: [async () => ({ backend: passportBackend('error') })] };

export const SpanishRtl: Story = { args: { locale: 'es', dir: 'rtl', issuers: issuer.address } };
