import '../../test/setup.js';
import './quest-reward.js';
import { expect, fixture, html } from '@open-wc/testing';
import type { ChainConfig, RewardDelivery } from '@questboard/core';
import { createWalletState, type WalletState } from '@questboard/wallet';
import { memoryStorage } from '@questboard/wallet/testing';
import { chainWallet } from '../../test/chain-wallet.js';
import { part, text, until } from '../../test/helpers.js';
import { deployBadge, deployDrop, type TestChain, testChain } from '../../test/rewards-chain.js';
import type { OnchainReward } from '../internal/claim-types.js';
import type { QuestReward } from './quest-reward.component.js';

const CAMPAIGN = 'rewards-onchain';

/** The board's wallet state on a host provider, connected. */
async function connected(provider: unknown): Promise<WalletState> {
  const wallet = createWalletState({ provider, storage: memoryStorage(), discover: false });
  await wallet.connect();
  return wallet;
}

function record(el: HTMLElement) {
  const events: { type: string; detail: unknown }[] = [];
  for (const type of ['quest-reward-sent', 'quest-reward-confirmed', 'quest-error'])
    el.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  return events;
}

describe('<quest-reward> on chain (anvil)', () => {
  let chain: TestChain;
  let chainConfig: ChainConfig;
  before(async function () {
    this.timeout(120_000);
    chain = await testChain();
    chainConfig = { name: 'Anvil', rpcUrls: [chain.rpcUrl], explorer: 'https://explorer.example/' };
  });

  async function card(props: {
    reward: OnchainReward;
    wallet: WalletState;
    delivery?: RewardDelivery;
    state?: 'claimable' | 'claimed';
    paymasterUrl?: string;
    backend?: unknown;
    tierId?: string;
  }): Promise<QuestReward> {
    return fixture<QuestReward>(html`<quest-reward
      .reward=${props.reward}
      tier-id=${props.tierId ?? 'basics'}
      campaign-id=${CAMPAIGN}
      .state=${props.state ?? 'claimed'}
      .delivery=${props.delivery}
      .wallet=${props.wallet}
      .chain=${chainConfig}
      .backend=${props.backend}
      .paymasterUrl=${props.paymasterUrl}
    ></quest-reward>`);
  }

  const badgeReward = (contract: `0x${string}`): OnchainReward => ({
    kind: 'badge',
    title: 'Explorer',
    name: 'Explorer badge',
    image: 'https://example.org/badge.png',
    chainId: chain.chainId,
    contract,
  });

  it('mints a badge with a normal transaction, links it, and reads it back on another device', async function () {
    this.timeout(180_000);
    const visitor = chain.accounts[3]!;
    const badge = await deployBadge(chain, CAMPAIGN, ['basics']);
    const wallet = chainWallet({ rpcUrl: chain.rpcUrl, account: visitor, chainId: chain.chainId });
    const state = await connected(wallet.provider);
    const el = await card({
      reward: badgeReward(badge.contract),
      wallet: state,
      delivery: await badge.voucher(visitor, 'basics'),
    });
    await expect(el).to.be.accessible();
    const events = record(el);
    expect(text(part(el, 'reward-label'))).to.equal('Soulbound badge');
    expect(text(part(el, 'reward-title'))).to.equal('Explorer badge');
    await until(() => el.onchain.status === 'unclaimed', 'the chain read');
    expect(text(part(el, 'reward-claim'))).to.equal('Mint badge');

    part(el, 'reward-claim')!.click();
    await until(() => el.onchain.status === 'confirmed', 'the mint');
    await el.updateComplete;
    expect(await badge.badgeOf(visitor, 'basics')).not.to.equal(0n);
    expect(text(part(el, 'reward-state'))).to.equal('Badge minted');
    const hash = (el.onchain as { hash: string }).hash;
    expect(hash).to.match(/^0x[0-9a-f]{64}$/);
    expect(part(el, 'reward-transaction-link')!.getAttribute('href')).to.equal(
      `https://explorer.example/tx/${hash}`,
    );
    expect(wallet.methods()).to.include('eth_sendTransaction');
    expect(wallet.methods()).not.to.include('wallet_sendCalls');
    expect(events.map((e) => e.type)).to.deep.equal([
      'quest-reward-sent',
      'quest-reward-confirmed',
    ]);
    expect(events[1]!.detail).to.deep.equal({
      tierId: 'basics',
      kind: 'badge',
      sponsored: false,
      hash,
    });
    await expect(el).to.be.accessible();

    // Another device: no delivery, the backend still says claimable; the chain says minted.
    const other = await card({
      reward: badgeReward(badge.contract),
      wallet: await connected(
        chainWallet({ rpcUrl: chain.rpcUrl, account: visitor, chainId: chain.chainId }).provider,
      ),
      state: 'claimable',
    });
    await until(() => other.onchain.status === 'claimed', 'the chain read on the other device');
    await other.updateComplete;
    expect(text(part(other, 'reward-state'))).to.equal('Badge minted');
    expect(part(other, 'reward-claim')).to.equal(null);
  });

  it('a voucher the contract refuses is reported with its error name, and nothing is sent', async function () {
    this.timeout(120_000);
    const visitor = chain.accounts[4]!;
    const badge = await deployBadge(chain, CAMPAIGN, ['basics']);
    const wallet = chainWallet({ rpcUrl: chain.rpcUrl, account: visitor, chainId: chain.chainId });
    const el = await card({
      reward: badgeReward(badge.contract),
      wallet: await connected(wallet.provider),
      delivery: await badge.voucher(visitor, 'basics', { expired: true }),
    });
    const events = record(el);
    await until(() => el.onchain.status === 'unclaimed', 'the chain read');
    part(el, 'reward-claim')!.click();
    await until(() => el.onchain.status === 'failed', 'the refusal');
    await el.updateComplete;
    expect(text(part(el, 'reward-error'))).to.equal(
      'The contract refused the claim: VoucherExpired.',
    );
    expect(wallet.methods()).not.to.include('eth_sendTransaction');
    expect(await badge.badgeOf(visitor, 'basics')).to.equal(0n);
    const error = (
      events.find((e) => e.type === 'quest-error')!.detail as {
        error: { code: string; details: string };
      }
    ).error;
    expect([error.code, error.details]).to.deep.equal(['CLAIM_REVERTED', 'VoucherExpired']);
    // The button stays for another try.
    expect(text(part(el, 'reward-claim'))).to.equal('Mint badge');
  });

  it('a claim rejected in the wallet says so, and a second try mints', async function () {
    this.timeout(120_000);
    const visitor = chain.accounts[5]!;
    const badge = await deployBadge(chain, CAMPAIGN, ['basics']);
    const wallet = chainWallet({ rpcUrl: chain.rpcUrl, account: visitor, chainId: chain.chainId });
    const el = await card({
      reward: badgeReward(badge.contract),
      wallet: await connected(wallet.provider),
      delivery: await badge.voucher(visitor, 'basics'),
    });
    await until(() => el.onchain.status === 'unclaimed', 'the chain read');
    wallet.rejectNext('eth_sendTransaction');
    part(el, 'reward-claim')!.click();
    await until(() => el.onchain.status === 'failed', 'the rejection');
    await el.updateComplete;
    expect(text(part(el, 'reward-error'))).to.equal('The request was rejected in the wallet.');
    expect(await badge.badgeOf(visitor, 'basics')).to.equal(0n);
    part(el, 'reward-claim')!.click();
    await until(() => el.onchain.status === 'confirmed', 'the second try');
    expect(await badge.badgeOf(visitor, 'basics')).not.to.equal(0n);
  });

  it('on another network it offers the switch, then mints', async function () {
    this.timeout(120_000);
    const visitor = chain.accounts[6]!;
    const badge = await deployBadge(chain, CAMPAIGN, ['basics']);
    const wallet = chainWallet({
      rpcUrl: chain.rpcUrl,
      account: visitor,
      chainId: chain.chainId,
      startChainId: 1,
    });
    const state = await connected(wallet.provider);
    expect(state.$chainId.get()).to.equal(1);
    const el = await card({
      reward: badgeReward(badge.contract),
      wallet: state,
      delivery: await badge.voucher(visitor, 'basics'),
    });
    // Read through the campaign's RPC URL, whatever network the wallet is on.
    await until(() => el.onchain.status === 'unclaimed', 'the chain read');
    part(el, 'reward-claim')!.click();
    await until(() => el.onchain.status === 'wrong-chain', 'the wrong-network notice');
    await el.updateComplete;
    expect(text(part(el, 'reward-state'))).to.equal('Your wallet is on another network.');
    await expect(el).to.be.accessible();
    part(el, 'reward-switch-chain')!.click();
    await until(() => el.onchain.status === 'confirmed', 'the mint after the switch');
    expect(state.$chainId.get()).to.equal(chain.chainId);
    expect(await badge.badgeOf(visitor, 'basics')).not.to.equal(0n);
  });

  it('sponsors the mint with wallet_sendCalls when the wallet offers a paymaster and one is configured', async function () {
    this.timeout(120_000);
    const visitor = chain.accounts[8]!;
    const badge = await deployBadge(chain, CAMPAIGN, ['basics', 'more']);
    const wallet = chainWallet({
      rpcUrl: chain.rpcUrl,
      account: visitor,
      chainId: chain.chainId,
      sponsor: true,
    });
    const state = await connected(wallet.provider);
    const paymasterUrl = 'https://paymaster.example/rpc';
    const el = await card({
      reward: badgeReward(badge.contract),
      wallet: state,
      delivery: await badge.voucher(visitor, 'basics'),
      paymasterUrl,
    });
    const events = record(el);
    await until(() => el.onchain.status === 'unclaimed', 'the chain read');
    part(el, 'reward-claim')!.click();
    await until(() => el.onchain.status === 'confirmed', 'the sponsored mint');
    expect(await badge.badgeOf(visitor, 'basics')).not.to.equal(0n);
    const methods = wallet.methods();
    expect(methods).to.include.members([
      'wallet_getCapabilities',
      'wallet_sendCalls',
      'wallet_getCallsStatus',
    ]);
    expect(methods).not.to.include('eth_sendTransaction');
    const sent = wallet.requests.find((r) => r.method === 'wallet_sendCalls')!.params as [
      { chainId: string; from: string; capabilities: unknown; calls: { to: string }[] },
    ];
    expect(sent[0].capabilities).to.deep.equal({ paymasterService: { url: paymasterUrl } });
    expect(sent[0].chainId).to.equal(`0x${chain.chainId.toString(16)}`);
    expect(sent[0].calls.map((c) => c.to.toLowerCase())).to.deep.equal([
      badge.contract.toLowerCase(),
    ]);
    const confirmed = events.find((e) => e.type === 'quest-reward-confirmed')!.detail as {
      sponsored: boolean;
      hash: string;
    };
    expect(confirmed.sponsored).to.equal(true);
    expect(confirmed.hash).to.equal((el.onchain as { hash: string }).hash);

    // The same wallet without a configured paymaster: a normal transaction.
    const plain = await card({
      reward: badgeReward(badge.contract),
      wallet: state,
      delivery: await badge.voucher(visitor, 'more'),
      tierId: 'more',
    });
    const before = wallet.requests.length;
    await until(() => plain.onchain.status === 'unclaimed', 'the chain read');
    part(plain, 'reward-claim')!.click();
    await until(() => plain.onchain.status === 'confirmed', 'the unsponsored mint');
    const after = wallet.requests.slice(before).map((r) => r.method);
    expect(after).to.include('eth_sendTransaction');
    expect(after).not.to.include('wallet_sendCalls');
    expect(await badge.badgeOf(visitor, 'more')).not.to.equal(0n);
  });

  it('a configured paymaster with a wallet that has no EIP-5792 capabilities sends a normal transaction', async function () {
    this.timeout(120_000);
    const visitor = chain.accounts[9]!;
    const badge = await deployBadge(chain, CAMPAIGN, ['basics']);
    const wallet = chainWallet({ rpcUrl: chain.rpcUrl, account: visitor, chainId: chain.chainId });
    const el = await card({
      reward: badgeReward(badge.contract),
      wallet: await connected(wallet.provider),
      delivery: await badge.voucher(visitor, 'basics'),
      paymasterUrl: 'https://paymaster.example/rpc',
    });
    await until(() => el.onchain.status === 'unclaimed', 'the chain read');
    part(el, 'reward-claim')!.click();
    await until(() => el.onchain.status === 'confirmed', 'the mint');
    expect(wallet.methods()).to.include.members(['wallet_getCapabilities', 'eth_sendTransaction']);
    expect(wallet.methods()).not.to.include('wallet_sendCalls');
    expect(await badge.badgeOf(visitor, 'basics')).not.to.equal(0n);
  });

  describe('tokens', () => {
    const tokenReward = (contract: `0x${string}`): OnchainReward => ({
      kind: 'token',
      title: 'Trader tokens',
      chainId: chain.chainId,
      contract,
      token: { address: chain.erc20, symbol: 'ACME', decimals: 18 },
      amount: '120000000000000000000',
    });

    it('claims the amount of the published round, in the locale, and the chain shows it claimed', async function () {
      this.timeout(120_000);
      const visitor = chain.accounts[3]!;
      const other = chain.accounts[4]!;
      const drop = await deployDrop(chain, [
        [visitor, 120_500_000_000_000_000_000n],
        [other, 5n * 10n ** 18n],
      ]);
      const reward = tokenReward(drop.contract);
      const wallet = chainWallet({
        rpcUrl: chain.rpcUrl,
        account: visitor,
        chainId: chain.chainId,
      });
      const state = await connected(wallet.provider);
      const proofs: string[] = [];
      // The server's `tokenProof` (GET …/proof/{address}) as the board's backend serves it.
      const backend = {
        tokenProof: async (campaignId: string, tierId: string, address: `0x${string}`) => {
          proofs.push(`${campaignId}/${tierId}/${address}`);
          return drop.proofOf(address);
        },
      };
      const delivery: RewardDelivery = {
        kind: 'token',
        chainId: chain.chainId,
        contract: drop.contract,
        token: { address: chain.erc20, symbol: 'ACME', decimals: 18 },
        amount: '120000000000000000000',
      };
      const el = await card({ reward, wallet: state, delivery, backend, tierId: 'trade' });
      await expect(el).to.be.accessible();
      await until(
        () => el.onchain.status === 'unclaimed' && el.onchain.claimable !== undefined,
        'the proof and the chain read',
      );
      await el.updateComplete;
      expect(proofs).to.deep.equal([`${CAMPAIGN}/trade/${visitor}`]);
      expect(text(part(el, 'reward-label'))).to.equal('Tokens');
      expect(text(part(el, 'reward-amount'))).to.equal('120.5 ACME');
      expect(text(part(el, 'reward-claim'))).to.equal('Claim 120.5 ACME');
      el.locale = 'es';
      await el.updateComplete;
      expect(text(part(el, 'reward-claim'))).to.equal('Reclamar 120,5 ACME');
      el.locale = 'en';

      const balance = await drop.balanceOf(visitor);
      part(el, 'reward-claim')!.click();
      await until(() => el.onchain.status === 'confirmed', 'the token claim');
      await el.updateComplete;
      expect(await drop.claimed(visitor)).to.equal(120_500_000_000_000_000_000n);
      expect((await drop.balanceOf(visitor)) - balance).to.equal(120_500_000_000_000_000_000n);
      expect(text(part(el, 'reward-state'))).to.equal('Tokens claimed');

      const again = await card({ reward, wallet: state, backend, tierId: 'trade' });
      await until(() => again.onchain.status === 'claimed', 'the chain read of a claimed drop');
    });

    it('without a round that includes the visitor: "Claimable when the next round is published"', async function () {
      this.timeout(120_000);
      const visitor = chain.accounts[5]!;
      const drop = await deployDrop(chain, [
        [chain.accounts[3]!, 1n],
        [chain.accounts[4]!, 2n],
      ]);
      const wallet = chainWallet({
        rpcUrl: chain.rpcUrl,
        account: visitor,
        chainId: chain.chainId,
      });
      const backend = { tokenProof: async () => undefined };
      const el = await card({
        reward: tokenReward(drop.contract),
        wallet: await connected(wallet.provider),
        backend,
        tierId: 'trade',
      });
      await until(() => el.onchain.status === 'waiting-round', 'the proof lookup');
      await el.updateComplete;
      expect(text(part(el, 'reward-state'))).to.equal('Claimable when the next round is published');
      expect(part(el, 'reward-claim')).to.equal(null);
      // The tier's own amount is still shown.
      expect(text(part(el, 'reward-amount'))).to.equal('120 ACME');
      await expect(el).to.be.accessible();
    });

    it('a proof the contract refuses names InvalidProof', async function () {
      this.timeout(120_000);
      const visitor = chain.accounts[6]!;
      const drop = await deployDrop(chain, [
        [visitor, 10n],
        [chain.accounts[4]!, 2n],
      ]);
      const wallet = chainWallet({
        rpcUrl: chain.rpcUrl,
        account: visitor,
        chainId: chain.chainId,
      });
      const good = drop.proofOf(visitor);
      const el = await card({
        reward: tokenReward(drop.contract),
        wallet: await connected(wallet.provider),
        delivery: {
          kind: 'token',
          chainId: chain.chainId,
          contract: drop.contract,
          token: { address: chain.erc20, symbol: 'ACME', decimals: 18 },
          amount: '10',
          proof: { ...good, amount: '11' },
        },
        tierId: 'trade',
      });
      await until(() => el.onchain.status === 'unclaimed', 'the chain read');
      part(el, 'reward-claim')!.click();
      await until(() => el.onchain.status === 'failed', 'the refusal');
      await el.updateComplete;
      expect(text(part(el, 'reward-error'))).to.equal(
        'The contract refused the claim: InvalidProof.',
      );
      expect(await drop.claimed(visitor)).to.equal(0n);
    });
  });
});
