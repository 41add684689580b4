/// <reference types="mocha" />

import { expect } from '@open-wc/testing';
import {
  type Campaign,
  memoryBackend,
  parseCampaign,
  QuestError,
  type Task,
} from '@questboard/core';
import { createWalletState } from './state.js';
import { performWalletTask } from './tasks.js';
import { createTestWallet, memoryStorage } from './testing/index.js';

const campaign: Campaign = parseCampaign({
  schemaVersion: 1,
  id: 'wallet-tasks',
  title: 'Wallet tasks',
  chains: { '31337': { name: 'Anvil', rpcUrls: ['http://127.0.0.1:8545'] } },
  tiers: [
    {
      id: 't1',
      title: 'Tier 1',
      tasks: [
        { id: 'connect', kind: 'wallet.connect', title: 'Connect', points: 1 },
        { id: 'sign', kind: 'wallet.signIn', title: 'Sign in', points: 1 },
        { id: 'chain', kind: 'wallet.chain', title: 'Go to Anvil', points: 1, chainId: 31337 },
      ],
    },
  ],
});
const task = (id: string) => campaign.tiers[0]!.tasks.find((t) => t.id === id)! as Task;

describe('performWalletTask', () => {
  it('connects, signs in and switches (adding the chain from the campaign), then the backend verifies', async () => {
    const host = createTestWallet({ chainId: 1 });
    const wallet = createWalletState({
      provider: host.provider,
      storage: memoryStorage(),
      autoReconnect: false,
    });
    const backend = memoryBackend({ storage: null, domain: location.host });
    await backend.loadCampaign(campaign);
    const context = { campaign, backend };

    await performWalletTask(wallet, task('connect'), context);
    expect(wallet.$account.get()).to.equal(host.address);
    const address = wallet.$account.get();
    expect(
      (await backend.verify({ campaignId: campaign.id, taskId: 'connect', address })).ok,
    ).to.equal(true);

    await performWalletTask(wallet, task('sign'), context);
    const session = wallet.$session.get();
    expect(session?.address).to.equal(host.address);
    expect(
      (await backend.verify({ campaignId: campaign.id, taskId: 'sign', address, session })).ok,
    ).to.equal(true);

    const { chainId } = await performWalletTask(wallet, task('chain'), context);
    expect(chainId).to.equal(31337);
    expect(host.chainId).to.equal(31337);
    expect(
      (await backend.verify({ campaignId: campaign.id, taskId: 'chain', address, chainId })).ok,
    ).to.equal(true);
  });

  it('signing in needs a connected wallet first', async () => {
    const wallet = createWalletState({ storage: memoryStorage(), discover: false });
    try {
      await performWalletTask(wallet, task('sign'), {
        campaign,
        backend: memoryBackend({ storage: null }),
      });
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).to.be.instanceOf(QuestError);
      expect((error as QuestError).code).to.equal('WALLET_REQUIRED');
    }
  });
});
