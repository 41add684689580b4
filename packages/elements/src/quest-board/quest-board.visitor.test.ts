import '../../test/setup.js';
import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import type { Campaign } from '@questboard/core';
import { createTestWallet, TEST_KEYS, type TestWallet } from '@questboard/wallet/testing';
import { part, rendered, stateOf, task, text, until } from '../../test/helpers.js';
import type { QuestBoard } from './quest-board.component.js';

// The state a visitor must never lose, on the default (memory) backend: each case here failed
// before the board controller (anonymous progress dropped on connect, the dev wallet not restored
// on reload, two boards drifting apart).

let n = 0;
function campaign(): Campaign {
  return {
    schemaVersion: 1,
    id: `visitor-${Date.now()}-${++n}`,
    title: 'Visitor ladder',
    chains: { '31337': { name: 'Local', rpcUrls: ['http://127.0.0.1:9/'] } },
    tiers: [
      {
        id: 'start',
        title: 'Start',
        tasks: [
          { id: 'read', kind: 'visit', title: 'Read', points: 5, url: 'https://example.org/a' },
          {
            id: 'more',
            kind: 'visit',
            title: 'Read more',
            points: 7,
            url: 'https://example.org/b',
          },
          { id: 'connect', kind: 'wallet.connect', title: 'Connect', points: 10 },
          {
            id: 'sign-in',
            kind: 'wallet.signIn',
            title: 'Sign in',
            points: 20,
            requires: ['connect'],
          },
        ],
      },
    ],
  };
}

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
  const wallet = createTestWallet({ rdns: 'org.example.visitor-test', chainId: 31337, ...options });
  cleanups.push(wallet.announce());
  return wallet;
}

async function mount(c: Campaign, attrs: { devWallet?: boolean } = {}): Promise<QuestBoard> {
  const el = await fixture<QuestBoard>(
    html`<quest-board .campaign=${c} ?dev-wallet=${attrs.devWallet ?? false}></quest-board>`,
  );
  await el.loadComplete;
  await until(() => el.state.$status.get() === 'ready', 'the campaign');
  await rendered(el);
  return el;
}

async function visit(board: QuestBoard, id: string): Promise<void> {
  const el = task(board, id);
  part(el, 'task-link')!.click();
  await el.updateComplete;
  part(el, 'task-verify')!.click();
  await until(() => stateOf(board, id) === 'done', `${id} done`);
}

const walletOf = (board: QuestBoard) => board.shadowRoot!.querySelector('quest-wallet')!;

/** Connects through the board's chip and picker, choosing the option `connector`. */
async function connectThroughPicker(board: QuestBoard, connector: string): Promise<void> {
  const chip = walletOf(board);
  part(chip, 'connect')!.click();
  await until(() => chip.shadowRoot!.querySelector(`[data-connector="${connector}"]`), 'picker');
  chip.shadowRoot!.querySelector<HTMLButtonElement>(`[data-connector="${connector}"]`)!.click();
  await until(() => board.state.$address.get(), 'an address');
}

describe('<quest-board> keeps what the visitor did', () => {
  it('carries progress made before connecting over to the address that connects', async () => {
    const c = campaign();
    const wallet = announced();
    const board = await mount(c);
    await visit(board, 'read');
    expect(board.state.$ladder.get()?.points).to.equal(5);

    await connectThroughPicker(board, 'injected:org.example.visitor-test');
    await until(() => board.state.$progress.get()?.address, 'the address’s progress');
    await rendered(board);
    expect(board.state.$address.get()).to.equal(wallet.address);
    expect(stateOf(board, 'read'), 'the anonymous visit is the address’s now').to.equal('done');
    expect(board.state.$ladder.get()?.points).to.equal(5);

    // Stored for the address: a new board for this wallet shows it too.
    board.remove();
    const again = await mount(c);
    await until(() => again.state.$address.get() === wallet.address, 'the restored wallet');
    await until(() => stateOf(again, 'read') === 'done', 'the adopted visit');
  });

  it('keeps anonymous progress when a host provider (wagmi) connects', async () => {
    const c = campaign();
    const board = await mount(c);
    await visit(board, 'read');
    await visit(board, 'more');
    const host = createTestWallet({ authorized: true, keys: [TEST_KEYS[2]], chainId: 31337 });
    board.provider = host.provider;
    await until(() => board.state.$address.get() === host.address, 'the host account');
    await until(() => board.state.$progress.get()?.address === host.address, 'its progress');
    await rendered(board);
    expect(stateOf(board, 'read')).to.equal('done');
    expect(stateOf(board, 'more')).to.equal('done');
    expect(board.state.$ladder.get()?.points).to.equal(12);
  });

  it('shows the same progress on two boards for one campaign', async () => {
    const c = campaign();
    const container = await fixture<HTMLDivElement>(
      html`<div><quest-board .campaign=${c}></quest-board><quest-board .campaign=${c}></quest-board></div>`,
    );
    const [one, two] = [...container.querySelectorAll('quest-board')] as QuestBoard[];
    for (const b of [one!, two!]) {
      await b.loadComplete;
      await until(() => b.state.$status.get() === 'ready', 'both boards');
      await rendered(b);
    }
    await visit(one!, 'read');
    await until(() => stateOf(two!, 'read') === 'done', 'the second board to follow');
    await visit(two!, 'more');
    await until(() => stateOf(one!, 'more') === 'done', 'the first board to follow');
    expect(one!.state.$ladder.get()?.points).to.equal(two!.state.$ladder.get()?.points);
  });

  it('reconnects the dev wallet on reload: same address, points and session, no new signature', async () => {
    const c = campaign();
    const board = await mount(c, { devWallet: true });
    await connectThroughPicker(board, 'dev');
    part(task(board, 'connect'), 'task-action')!.click();
    await until(() => stateOf(board, 'sign-in') === 'available', 'sign-in open');
    part(task(board, 'sign-in'), 'task-action')!.click();
    await until(() => stateOf(board, 'sign-in') === 'done', 'signed in');
    const address = board.state.$address.get();
    const session = board.wallet.$session.get();
    expect(session).to.exist;
    expect(board.state.$ladder.get()?.points).to.equal(30);

    board.remove();
    const reloaded = await mount(c, { devWallet: true });
    await until(() => reloaded.state.$address.get() === address, 'the dev wallet restored');
    await until(() => reloaded.state.$ladder.get()?.points === 30, 'the points');
    expect(reloaded.wallet.$session.get()?.token, 'the same session').to.equal(session!.token);
    await rendered(reloaded);
    expect(text(part(walletOf(reloaded), 'session'))).to.equal('Signed in');
  });

  it('reconnects an injected wallet on reload with its session and no new signature', async () => {
    const c = campaign();
    const wallet = announced();
    const board = await mount(c);
    await connectThroughPicker(board, 'injected:org.example.visitor-test');
    part(task(board, 'connect'), 'task-action')!.click();
    await until(() => stateOf(board, 'sign-in') === 'available', 'sign-in open');
    part(task(board, 'sign-in'), 'task-action')!.click();
    await until(() => stateOf(board, 'sign-in') === 'done', 'signed in');
    const session = board.wallet.$session.get()!;
    board.remove();
    for (const cleanup of cleanups.splice(0)) cleanup();

    // The reloaded page: the wallet remembers the site (authorised) and announces itself again.
    const same = announced({ authorized: true });
    const reloaded = await mount(c);
    await until(() => reloaded.state.$address.get() === wallet.address, 'the wallet restored');
    await until(() => reloaded.state.$ladder.get()?.points === 30, 'the points');
    expect(reloaded.wallet.$session.get()?.token).to.equal(session.token);
    expect(same.requests.map((r) => r.method)).not.to.include('personal_sign');
    expect(same.requests.map((r) => r.method)).not.to.include('eth_requestAccounts');
  });
});
