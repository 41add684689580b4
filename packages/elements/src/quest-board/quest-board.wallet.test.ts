import '../../test/setup.js';
import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import { type Campaign, memoryBackend } from '@questboard/core';
import { createTestWallet, TEST_KEYS, type TestWallet } from '@questboard/wallet/testing';
import { until } from '../../test/helpers.js';
import type { QuestBoard } from './quest-board.component.js';

const campaign: Campaign = {
  schemaVersion: 1,
  id: 'wallet-ladder',
  title: 'Wallet ladder',
  chains: {
    '10': { name: 'OP Mainnet', rpcUrls: ['http://127.0.0.1:9/'] },
    '8453': { name: 'Base', rpcUrls: ['http://127.0.0.1:9/'] },
  },
  tiers: [
    {
      id: 'wallet',
      title: 'Wallet',
      tasks: [
        { id: 'connect', kind: 'wallet.connect', title: 'Connect your wallet', points: 10 },
        {
          id: 'sign-in',
          kind: 'wallet.signIn',
          title: 'Sign in',
          points: 20,
          requires: ['connect'],
        },
        {
          id: 'base',
          kind: 'wallet.chain',
          title: 'Switch to Base',
          points: 5,
          chainId: 8453,
          requires: ['connect'],
        },
      ],
    },
  ],
};

const cleanups: (() => void)[] = [];
beforeEach(() => {
  sessionStorage.clear();
  for (const key of Object.keys(localStorage))
    if (key.startsWith('questboard:')) localStorage.removeItem(key);
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function announced(options: Parameters<typeof createTestWallet>[0] = {}): TestWallet {
  const wallet = createTestWallet({
    rdns: 'org.example.board-wallet-test',
    chainId: 10,
    ...options,
  });
  cleanups.push(wallet.announce());
  return wallet;
}

const taskOf = (board: QuestBoard, id: string) =>
  [...board.shadowRoot!.querySelectorAll('quest-task')].find(
    (t) => (t as HTMLElement & { entry?: { task: { id: string } } }).entry?.task.id === id,
  ) as HTMLElement;
const stateOf = (board: QuestBoard, id: string) =>
  board.state.$ladder.get()?.tiers[0]?.tasks.find((t) => t.task.id === id)?.state;
const actionOf = (board: QuestBoard, id: string) =>
  taskOf(board, id).shadowRoot!.querySelector<HTMLButtonElement>('button')!;
const walletEl = (board: QuestBoard) => board.shadowRoot!.querySelector('quest-wallet')!;

describe('<quest-board> with a wallet', () => {
  it('reports a wallet failure once, with the task it was for', async () => {
    const wallet = announced({ name: 'Refusing Wallet', chains: [10, 8453] });
    const board = await fixture<QuestBoard>(
      html`<quest-board .backend=${memoryBackend({ domain: location.host })} .campaign=${campaign}></quest-board>`,
    );
    await board.loadComplete;
    await board.updateComplete;
    actionOf(board, 'connect').click();
    const picker = walletEl(board);
    await until(() => !!picker.shadowRoot!.querySelector('[part~="picker-option"]'), 'the picker');
    picker.shadowRoot!.querySelector<HTMLButtonElement>('[part~="picker-option"]')!.click();
    await until(() => stateOf(board, 'connect') === 'done', 'the connect task');

    const errors: CustomEvent[] = [];
    const onError = (e: Event) => errors.push(e as CustomEvent);
    document.addEventListener('quest-error', onError);
    cleanups.push(() => document.removeEventListener('quest-error', onError));
    // The visitor refuses the chain switch in the wallet: the chip and the task both show it…
    wallet.failNext(4001, 'User rejected the request.', 'wallet_switchEthereumChain');
    actionOf(board, 'base').click();
    await until(() => stateOf(board, 'base') === 'failed', 'the task failed');
    await until(() => !!picker.shadowRoot!.querySelector('[part~="error"]'), 'the wallet error');
    // …and the page hears of it once, with the task.
    expect(errors.map((e) => e.detail.error.code)).to.deep.equal(['WALLET_REJECTED']);
    expect(errors[0]!.detail.taskId).to.equal('base');
  });

  it('connects through the picker, signs in with SIWE (verified by the memory backend) and switches chain', async () => {
    const wallet = announced({ name: 'Board Test Wallet' });
    const board = await fixture<QuestBoard>(
      html`<quest-board .backend=${memoryBackend({ domain: location.host })} .campaign=${campaign}></quest-board>`,
    );
    await board.loadComplete;
    await board.updateComplete;
    await expect(board).to.be.accessible();
    expect(walletEl(board), 'the wallet is shown for wallet tasks').to.exist;

    actionOf(board, 'connect').click();
    const picker = walletEl(board);
    await until(() => !!picker.shadowRoot!.querySelector('[part~="picker-option"]'), 'the picker');
    picker.shadowRoot!.querySelector<HTMLButtonElement>('[part~="picker-option"]')!.click();
    await until(() => stateOf(board, 'connect') === 'done', 'the connect task');
    expect(board.state.$address.get()?.toLowerCase()).to.equal(wallet.address.toLowerCase());

    const completed = new Promise<CustomEvent>((resolve) =>
      board.addEventListener('quest-complete', (e) => resolve(e as CustomEvent), { once: true }),
    );
    await board.updateComplete;
    await until(
      () => !!actionOf(board, 'sign-in') && stateOf(board, 'sign-in') === 'available',
      'sign-in open',
    );
    actionOf(board, 'sign-in').click();
    expect((await completed).detail.taskId).to.equal('sign-in');
    expect(board.state.$session.get()?.address.toLowerCase()).to.equal(
      wallet.address.toLowerCase(),
    );
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).to.have.length(1);

    actionOf(board, 'base').click();
    await until(() => stateOf(board, 'base') === 'done', 'the chain task');
    expect(wallet.chainId).to.equal(8453);
    expect(board.state.$ladder.get()?.points).to.equal(35);
  });

  it('switching accounts shows the new account’s own progress, never the old one’s', async () => {
    const wallet = announced({ keys: [TEST_KEYS[0], TEST_KEYS[1]] });
    const board = await fixture<QuestBoard>(
      html`<quest-board .backend=${memoryBackend({ domain: location.host })} .campaign=${campaign}></quest-board>`,
    );
    await board.loadComplete;
    await board.updateComplete;
    actionOf(board, 'connect').click();
    const picker = walletEl(board);
    await until(() => !!picker.shadowRoot!.querySelector('[part~="picker-option"]'), 'the picker');
    picker.shadowRoot!.querySelector<HTMLButtonElement>('[part~="picker-option"]')!.click();
    await until(() => stateOf(board, 'connect') === 'done', 'the connect task');
    const first = board.state.$address.get();

    wallet.switchAccount(1);
    await until(() => board.state.$address.get() !== first, 'the account switch');
    expect(board.state.$address.get()?.toLowerCase()).to.equal(wallet.address.toLowerCase());
    await until(() => stateOf(board, 'connect') === 'available', 'the new account’s own progress');
    expect(board.state.$ladder.get()?.points).to.equal(0);
  });

  it('follows a host-provided provider and shows no picker', async () => {
    const host = createTestWallet({ chainId: 10 });
    // The dApp connected its wallet before handing it to the board.
    await host.provider.request({ method: 'eth_requestAccounts' });
    const board = await fixture<QuestBoard>(
      html`<quest-board .backend=${memoryBackend({ domain: location.host })} .provider=${host.provider} .campaign=${campaign}></quest-board>`,
    );
    await board.loadComplete;
    await until(() => board.state.$address.get() !== null, 'the host account');
    expect(board.state.$address.get()?.toLowerCase()).to.equal(host.address.toLowerCase());
    await board.updateComplete;
    actionOf(board, 'connect').click();
    await until(() => stateOf(board, 'connect') === 'done', 'the connect task');
    expect(
      walletEl(board).shadowRoot!.querySelector('[part~="picker"]')?.hasAttribute('open') ?? false,
    ).to.equal(false);
  });

  it('a page may handle wallet tasks itself by cancelling quest-wallet-request', async () => {
    const board = await fixture<QuestBoard>(
      html`<quest-board .backend=${memoryBackend({ domain: location.host })} .campaign=${campaign}></quest-board>`,
    );
    await board.loadComplete;
    await board.updateComplete;
    const request = new Promise<CustomEvent>((resolve) =>
      board.addEventListener(
        'quest-wallet-request',
        (e) => {
          e.preventDefault();
          resolve(e as CustomEvent);
        },
        { once: true },
      ),
    );
    actionOf(board, 'connect').click();
    expect((await request).detail).to.deep.equal({ kind: 'wallet.connect', taskId: 'connect' });
    expect(stateOf(board, 'connect')).to.equal('available');
  });
});
