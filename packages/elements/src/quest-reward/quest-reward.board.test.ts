import '../../test/setup.js';
import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import { type Campaign, type KeyValueStorage, memoryBackend } from '@questboard/core';
import { getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainWallet } from '../../test/chain-wallet.js';
import { part, recordEvents, rendered, reward, task, text, until } from '../../test/helpers.js';
import { deployBadge, deployDrop, type TestChain, testChain } from '../../test/rewards-chain.js';
import type { QuestBoard } from '../quest-board/quest-board.component.js';

/** Progress and vouchers kept for this test only (never the page's localStorage). */
function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
    get length() {
      return data.size;
    },
    key: (index) => [...data.keys()][index] ?? null,
  };
}

describe('<quest-board> rewards on chain: the backend signs, the card mints (anvil)', () => {
  let chain: TestChain;
  before(async function () {
    this.timeout(120_000);
    chain = await testChain();
  });

  async function visit(board: QuestBoard, taskId: string) {
    const el = task(board, taskId);
    part(el, 'task-link')!.click();
    await el.updateComplete;
    part(el, 'task-verify')!.click();
    await until(() => task(board, taskId).entry?.state === 'done', `${taskId} done`);
    await rendered(board);
  }

  it('mints the first tier’s badge from the voucher the backend signed, and says when tokens come', async function () {
    this.timeout(240_000);
    const visitor = chain.accounts[7]!;
    const id = `board-rewards-${Date.now()}`;
    const badge = await deployBadge(chain, id, ['basics']);
    const drop = await deployDrop(chain, [
      [chain.accounts[1]!, 1n],
      [chain.accounts[2]!, 2n],
    ]);
    const campaign: Campaign = {
      schemaVersion: 1,
      id,
      title: 'Rewards on chain',
      chains: {
        [String(chain.chainId)]: {
          name: 'Anvil',
          rpcUrls: [chain.rpcUrl],
          explorer: 'https://explorer.example',
        },
      },
      tiers: [
        {
          id: 'basics',
          title: 'Basics',
          tasks: [
            {
              id: 'read',
              kind: 'visit',
              title: 'Read',
              points: 10,
              url: 'https://example.org/read',
            },
          ],
          reward: {
            kind: 'badge',
            title: 'Explorer',
            name: 'Explorer badge',
            chainId: chain.chainId,
            contract: getAddress(badge.contract),
          },
        },
        {
          id: 'trade',
          title: 'Trade',
          tasks: [
            {
              id: 'swap',
              kind: 'visit',
              title: 'Swap',
              points: 20,
              url: 'https://example.org/swap',
            },
          ],
          reward: {
            kind: 'token',
            title: 'Trader tokens',
            chainId: chain.chainId,
            contract: getAddress(drop.contract),
            token: { address: getAddress(chain.erc20), symbol: 'ACME', decimals: 18 },
            amount: '120000000000000000000',
          },
        },
      ],
    };
    // The memory backend's dev issuer signs the vouchers: the badge contract's issuer.
    const issuer = privateKeyToAccount(badge.issuerKey);
    const wallet = chainWallet({ rpcUrl: chain.rpcUrl, account: visitor, chainId: chain.chainId });
    const board = await fixture<QuestBoard>(
      html`<quest-board
        .backend=${memoryBackend({ issuer, storage: memoryStorage() })}
        .campaign=${campaign}
        .provider=${wallet.provider}
      ></quest-board>`,
    );
    await board.loadComplete;
    await until(() => board.state.$address.get() === visitor, 'the host account');
    await rendered(board);
    const events = recordEvents(board);
    const seen: string[] = [];
    for (const type of ['quest-reward-sent', 'quest-reward-confirmed'])
      board.addEventListener(type, () => seen.push(type));

    await visit(board, 'read');
    const card = reward(board, 'basics');
    await until(() => card.onchain.status === 'unclaimed', 'the chain read');
    await card.updateComplete;
    expect(text(part(card, 'reward-claim'))).to.equal('Mint badge');
    await expect(board).to.be.accessible();

    part(card, 'reward-claim')!.click();
    await until(() => card.onchain.status === 'confirmed', 'the mint');
    await card.updateComplete;
    expect(await badge.badgeOf(visitor, 'basics')).not.to.equal(0n);
    expect(events.find((e) => e.type === 'quest-claim')?.detail).to.deep.equal({
      tierId: 'basics',
      firstClaim: true,
    });
    expect(seen).to.deep.equal(['quest-reward-sent', 'quest-reward-confirmed']);
    expect(text(part(card, 'reward-state'))).to.equal('Badge minted');
    expect(part(card, 'reward-transaction-link')!.getAttribute('href')).to.match(
      /^https:\/\/explorer\.example\/tx\/0x[0-9a-f]{64}$/,
    );

    // Tokens: claimed at the backend, paid once a published round includes the visitor.
    await visit(board, 'swap');
    const tokens = reward(board, 'trade');
    await tokens.updateComplete;
    expect(text(part(tokens, 'reward-claim'))).to.equal('Claim 120 ACME');
    part(tokens, 'reward-claim')!.click();
    await until(() => tokens.onchain.status === 'waiting-round', 'the round notice');
    await tokens.updateComplete;
    expect(text(part(tokens, 'reward-state'))).to.equal(
      'Claimable when the next round is published',
    );
    expect(board.state.$progress.get()?.claimed.trade).to.not.equal(undefined);
    expect(await drop.claimed(visitor)).to.equal(0n);
    await expect(board).to.be.accessible();
  });
});
