import '../../test/setup.js';
import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import { questDropAbi, questDropBytecode } from '@questboard/contracts';
import type { Campaign, TokenProof } from '@questboard/core';
import { type Abi, encodeDeployData, encodeFunctionData, type Hex, parseAbi } from 'viem';
import { chainWallet } from '../../test/chain-wallet.js';
import { part, reward, stateOf, task, text, until } from '../../test/helpers.js';
import { read, type TestChain, testChain, transact } from '../../test/rewards-chain.js';
import { questServer } from '../../test/server.js';
import type { QuestBoard } from '../quest-board/quest-board.component.js';

// A token reward through the REAL reference server (started by the test runner, PGlite in
// memory, real HTTP on 127.0.0.1) and a real QuestDrop on the runner's anvil: the visitor claims
// the tier at the server, waits for a round, the operator closes the round through the admin API
// and publishes its root on chain, and the card claims the tokens with the proof the server
// serves. Nothing here is a stand-in: the board's backend is the HTTP one.

const erc20Abi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function balanceOf(address) view returns (uint256)',
]);
const AMOUNT = 1_500_000n; // 1.5 TUSD (6 decimals)

async function deployDrop(chain: TestChain): Promise<Hex> {
  const owner = chain.accounts[0]!;
  const block = (await (
    await fetch(chain.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_getBlockByNumber',
        params: ['latest', false],
      }),
    })
  ).json()) as { result: { timestamp: Hex } };
  const end = BigInt(block.result.timestamp) + 86_400n;
  const deployed = await transact(
    chain,
    owner,
    null,
    encodeDeployData({
      abi: questDropAbi as Abi,
      bytecode: questDropBytecode,
      args: [chain.erc20, owner, end],
    }),
  );
  const drop = deployed.contractAddress!;
  await transact(
    chain,
    owner,
    chain.erc20,
    encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [drop, 100n * AMOUNT] }),
  );
  return drop;
}

let n = 0;
function campaignOf(chain: TestChain, drop: Hex): Campaign {
  return {
    schemaVersion: 1,
    id: `reward-server-${Date.now()}-${++n}`,
    title: 'Token drop on the server',
    chains: {
      [String(chain.chainId)]: { name: 'Anvil', rpcUrls: [chain.rpcUrl] },
    },
    tiers: [
      {
        id: 'drop',
        title: 'Drop',
        tasks: [
          { id: 'read', kind: 'visit', title: 'Read', points: 5, url: 'https://example.org/a' },
        ],
        reward: {
          kind: 'token',
          title: 'Launch drop',
          chainId: chain.chainId,
          contract: drop,
          token: { address: chain.erc20, symbol: 'TUSD', decimals: 6 },
          amount: AMOUNT.toString(),
        },
      },
    ],
  };
}

async function admin(path: string, init: RequestInit = {}) {
  const s = await questServer();
  return fetch(`${s.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${s.adminKey}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
}

async function mount(campaignId: string, provider: unknown): Promise<QuestBoard> {
  const s = await questServer();
  const board = await fixture<QuestBoard>(
    html`<quest-board endpoint=${s.url} campaign=${campaignId} .provider=${provider}></quest-board>`,
  );
  await until(() => board.state.$status.get() === 'ready', 'the campaign');
  return board;
}

describe('<quest-reward> token claim through the reference server', () => {
  let chain: TestChain;
  before(async function () {
    this.timeout(120_000);
    chain = await testChain();
  });
  beforeEach(() => {
    sessionStorage.clear();
    for (const key of Object.keys(localStorage))
      if (key.startsWith('questboard:')) localStorage.removeItem(key);
  });

  it('waits for a round, then claims the tokens with the proof the server serves for the root on chain', async function () {
    this.timeout(240_000);
    const drop = await deployDrop(chain);
    const campaign = campaignOf(chain, drop);
    const s = await questServer();
    const created = await admin('/campaigns', {
      method: 'POST',
      body: JSON.stringify({ ...campaign, origins: [location.origin] }),
    });
    expect(created.status, await created.clone().text()).to.equal(201);

    const visitor = chain.accounts[9]!;
    const wallet = chainWallet({ rpcUrl: chain.rpcUrl, account: visitor, chainId: chain.chainId });
    const board = await mount(campaign.id, wallet.provider);

    // The server records the visit for a signed-in wallet (SIWE signed by anvil's account).
    const visit = task(board, 'read');
    await until(() => part(visit, 'task-link'), 'the visit link');
    part(visit, 'task-link')!.click();
    await visit.updateComplete;
    part(visit, 'task-verify')!.click();
    await until(
      () =>
        board.state.$session.get() ||
        part(board.shadowRoot!.querySelector('quest-wallet')!, 'sign-in'),
      'a session or a Sign in action',
    );
    if (!board.state.$session.get())
      part(board.shadowRoot!.querySelector('quest-wallet')!, 'sign-in')!.click();
    await until(() => stateOf(board, 'read') === 'done', 'the visit checked by the server');

    // Before any round: the card offers the tier's amount; the claim is recorded at the server,
    // and the card says the tokens come with the next round (the server has no proof: 404).
    const card = reward(board, 'drop');
    await until(() => text(part(card, 'reward-claim')) === 'Claim 1.5 TUSD', 'the claim button');
    part(card, 'reward-claim')!.click();
    await until(() => card.onchain.status === 'waiting-round', 'waiting for a round');
    await card.updateComplete;
    expect(text(part(card, 'reward-state'))).to.equal('Claimable when the next round is published');
    const missing = await fetch(`${s.url}/campaigns/${campaign.id}/tiers/drop/proof/${visitor}`);
    expect(missing.status).to.equal(404);

    // The operator closes a round from the ledger (twice: the same round) and publishes its root.
    const first = await admin(`/admin/campaigns/${campaign.id}/rounds`, {
      method: 'POST',
      body: '{}',
    });
    expect(first.status).to.equal(201);
    const round = (await first.json()) as {
      round: number;
      root: Hex;
      total: string;
      count: number;
    };
    expect([round.round, round.total, round.count]).to.deep.equal([1, AMOUNT.toString(), 1]);
    const again = await admin(`/admin/campaigns/${campaign.id}/rounds`, {
      method: 'POST',
      body: '{}',
    });
    expect(again.status).to.equal(200);
    expect(((await again.json()) as { root: Hex }).root).to.equal(round.root);
    await transact(
      chain,
      chain.accounts[0]!,
      drop,
      encodeFunctionData({ abi: questDropAbi, functionName: 'publishRoot', args: [round.root] }),
    );

    // The proof the server serves verifies on chain against that root.
    const served = await fetch(`${s.url}/campaigns/${campaign.id}/tiers/drop/proof/${visitor}`);
    expect(served.status).to.equal(200);
    const proof = (await served.json()) as TokenProof;
    expect([proof.round, proof.root, proof.amount]).to.deep.equal([
      1,
      round.root,
      AMOUNT.toString(),
    ]);
    expect(
      await read<boolean>(chain, questDropAbi as Abi, drop, 'verify', [
        visitor,
        BigInt(proof.amount),
        proof.proof,
      ]),
    ).to.equal(true);

    // The visitor comes back (a new page): the card reads the proof from the server and the
    // chain, offers the amount, and claims it.
    board.remove();
    const before = await read<bigint>(chain, erc20Abi, chain.erc20, 'balanceOf', [visitor]);
    const later = await mount(campaign.id, wallet.provider);
    const card2 = reward(later, 'drop');
    await until(() => card2.onchain.status === 'unclaimed', 'the proof and the chain read');
    await until(() => text(part(card2, 'reward-claim')) === 'Claim 1.5 TUSD', 'the claim button');
    part(card2, 'reward-claim')!.click();
    await until(
      () => card2.onchain.status === 'confirmed' || card2.onchain.status === 'failed',
      'the claim on chain',
    );
    expect(card2.onchain.status, JSON.stringify(card2.onchain)).to.equal('confirmed');
    await card2.updateComplete;
    expect(text(part(card2, 'reward-state'))).to.equal('Tokens claimed');
    expect(text(part(card2, 'reward-transaction'))).to.match(/^Transaction 0x[0-9a-f]{8}…/);
    const after = await read<bigint>(chain, erc20Abi, chain.erc20, 'balanceOf', [visitor]);
    expect(after - before).to.equal(AMOUNT);
    expect(await read<bigint>(chain, questDropAbi as Abi, drop, 'claimed', [visitor])).to.equal(
      AMOUNT,
    );
    expect(wallet.methods()).to.include('eth_sendTransaction');
  });
});
