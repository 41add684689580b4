import { expect, fixture, html } from '@open-wc/testing';
import { type Address, type Campaign, memoryBackend } from '@questboard/core';
import { encodeFunctionData, parseAbi } from 'viem';
import '../define.js';
import { nodeProvider, until } from '../../test/helpers.js';
import type { QuestBoard } from './quest-board.component.js';

/** The chain the test runner started (anvil + the rules test contracts), see web-test-runner.config.mjs. */
interface Chain {
  rpcUrl: string;
  chainId: number;
  erc20: Address;
  pool: Address;
  accounts: Address[];
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

const shadow = (el: Element) => el.shadowRoot!;
function taskEl(board: QuestBoard, id: string): HTMLElement {
  const found = [...shadow(board).querySelectorAll('quest-task')].find(
    (t) => (t as HTMLElement & { entry?: { task: { id: string } } }).entry?.task.id === id,
  );
  if (!found) throw new Error(`no quest-task for ${id}`);
  return found as HTMLElement;
}
const text = (el: Element) => (el.shadowRoot ?? el).textContent!.replace(/\s+/g, ' ');
async function settle(board: QuestBoard) {
  await board.updateComplete;
  for (const el of shadow(board).querySelectorAll('quest-tier, quest-task'))
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
}

describe('quest-board on the memory backend with on-chain tasks (anvil)', () => {
  let chain: Chain;
  before(async function () {
    this.timeout(60_000);
    chain = await (await fetch('/__chain.json')).json();
  });

  it('verifies an on-chain task in the browser after the wallet sent the transaction', async function () {
    // The first check loads rule evaluation, viem's read path and the campaign validator (RE2)
    // through the dev server's on-the-fly transforms: sized for a loaded 2-core machine.
    this.timeout(180_000);
    const visitor = chain.accounts[7]!;
    const campaign: Campaign = {
      schemaVersion: 1,
      id: `onchain-${Date.now()}`,
      title: 'On-chain basics',
      chains: { [String(chain.chainId)]: { name: 'Anvil', rpcUrls: [chain.rpcUrl] } },
      tiers: [
        {
          id: 'chain',
          title: 'On chain',
          tasks: [
            {
              id: 'hold',
              kind: 'onchain',
              title: 'Hold 5 Test USD',
              points: 50,
              rule: {
                type: 'onchain.balance',
                chainId: chain.chainId,
                token: chain.erc20,
                min: '5',
                symbol: 'Test USD',
              },
            },
          ],
        },
      ],
    };
    // The dApp's own wallet (a host provider) holds the visitor's account.
    const provider = nodeProvider(chain.rpcUrl, visitor, chain.chainId);
    const board = await fixture<QuestBoard>(
      html`<quest-board .backend=${memoryBackend()} .campaign=${campaign} .provider=${provider}></quest-board>`,
    );
    await board.loadComplete;
    await until(() => board.state.$address.get() === visitor, 'the host account');
    await settle(board);
    await expect(board).to.be.accessible();

    const verify = () =>
      shadow(taskEl(board, 'hold')).querySelector<HTMLButtonElement>(
        '[part~="verify"], button[part*="verify"], button',
      )!;
    verify().click();
    await until(
      () => board.state.$ladder.get()?.tiers[0]?.tasks[0]?.state === 'failed',
      'the first check to fail',
    );
    await settle(board);
    // In the campaign's words and units, the backend's own reason folded under details.
    const shown = shadow(taskEl(board, 'hold'));
    await until(
      () => shown.querySelector('[part~="task-details"]'),
      'the failure in words (its wording loads with the first failure)',
    );
    expect(text(shown.querySelector('[part~="task-error"]')!).trim()).to.equal(
      'You need at least 5 Test USD on Anvil',
    );
    expect(text(shown.querySelector('[part~="task-details"]')!)).to.match(/holds 0 of the 5/);

    // The visitor's wallet sends the transaction (anvil's unlocked dev account).
    const data = encodeFunctionData({
      abi: parseAbi(['function mint(address to, uint256 amount)']),
      functionName: 'mint',
      args: [visitor, 5_000_000n],
    });
    await rpc(chain.rpcUrl, 'eth_sendTransaction', [{ from: visitor, to: chain.erc20, data }]);

    let event: CustomEvent | undefined;
    board.addEventListener('quest-complete', (e) => (event ??= e as CustomEvent));
    verify().click();
    await until(() => event, 'quest-complete after the transaction');
    if (!event) throw new Error('no quest-complete');
    expect(event.detail).to.include({ taskId: 'hold', points: 50, totalPoints: 50 });
    await settle(board);
    expect(board.state.$ladder.get()?.tiers[0]?.tasks[0]?.state).to.equal('done');
  });
});
