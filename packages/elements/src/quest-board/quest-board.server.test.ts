import '../../test/setup.js';
import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import type { Campaign } from '@questboard/core';
import { createTestWallet, type TestWallet } from '@questboard/wallet/testing';
import { part, recordEvents, rendered, stateOf, task, text, until } from '../../test/helpers.js';
import { createCampaign, revoke, serverProgress, sessionKnown } from '../../test/server.js';
import type { QuestBoard } from './quest-board.component.js';

// The board on the reference server (real HTTP to a real server on 127.0.0.1, PGlite in memory,
// started by the test runner): the server records progress only for a signed-in wallet, and the
// board must never make the visitor repeat a task or leave them without a next action.

let n = 0;
async function serverCampaign(): Promise<{ campaign: Campaign; url: string }> {
  const campaign: Campaign = {
    schemaVersion: 1,
    id: `board-${Date.now()}-${++n}`,
    title: 'Server ladder',
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
          {
            id: 'handle',
            kind: 'input',
            title: 'Your handle',
            points: 3,
            pattern: '@[a-z0-9_]{1,15}',
          },
        ],
      },
    ],
  };
  const { url } = await createCampaign(campaign);
  return { campaign, url };
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
  const wallet = createTestWallet({ rdns: 'org.example.server-test', chainId: 31337, ...options });
  cleanups.push(wallet.announce());
  return wallet;
}

async function mount(url: string, campaignId: string): Promise<QuestBoard> {
  const el = await fixture<QuestBoard>(
    html`<quest-board endpoint=${url} campaign=${campaignId}></quest-board>`,
  );
  await el.loadComplete;
  await until(() => el.state.$status.get() === 'ready', 'the campaign');
  await rendered(el);
  return el;
}

const chip = (board: QuestBoard) => board.shadowRoot!.querySelector('quest-wallet')!;
const signs = (wallet: TestWallet) =>
  wallet.requests.filter((r) => r.method === 'personal_sign').length;

async function pressVisit(board: QuestBoard, id: string): Promise<void> {
  const el = task(board, id);
  part(el, 'task-link')!.click();
  await el.updateComplete;
  part(el, 'task-verify')!.click();
}

async function typeAnswer(board: QuestBoard, id: string, value: string): Promise<void> {
  const el = task(board, id);
  const input = part<HTMLInputElement>(el, 'task-input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  part(el, 'task-submit')!.click();
}

/** The picker the board opened for a sign-in, closed without choosing (the visitor declines). */
async function decline(board: QuestBoard): Promise<void> {
  const wallet = chip(board);
  await until(() => part(wallet, 'picker-close'), 'the picker to open');
  part(wallet, 'picker-close')!.click();
  await until(() => !part(wallet, 'picker-close'), 'the picker to close');
}

/** Connects through the chip's picker and signs in with the chip's Sign in button. */
async function connectAndSignIn(board: QuestBoard, connector: string): Promise<void> {
  const wallet = chip(board);
  if (!board.wallet.$account.get()) {
    part(wallet, 'connect')!.click();
    await until(
      () => wallet.shadowRoot!.querySelector(`[data-connector="${connector}"]`),
      'picker',
    );
    wallet.shadowRoot!.querySelector<HTMLButtonElement>(`[data-connector="${connector}"]`)!.click();
    await until(() => part(wallet, 'sign-in'), 'the Sign in button');
  }
  part(wallet, 'sign-in')!.click();
  await until(() => board.state.$session.get(), 'a session');
}

/** The task shows a next step, in words, not as an error. */
function expectNextStep(board: QuestBoard, id: string, words: string): void {
  const el = task(board, id);
  expect(text(part(el, 'task-next'))).to.equal(words);
  expect(part(el, 'task-error'), 'no error shown').to.equal(null);
  const color = getComputedStyle(part(el, 'task-next')!).color;
  const danger = getComputedStyle(el).getPropertyValue('--quest-color-danger').trim();
  expect(color).not.to.equal(danger);
  expect(text(part(el, 'task-state'))).to.equal('To do');
}

describe('<quest-board> on the reference server', () => {
  it('asks for a sign-in before verifying, and checks what was done before it once signed in', async () => {
    const { campaign, url } = await serverCampaign();
    const wallet = announced();
    const board = await mount(url, campaign.id);
    const events = recordEvents(board);

    await pressVisit(board, 'read');
    // Asked before the call (the backend declares it needs a signed-in wallet)…
    await until(() => events.some((e) => e.type === 'quest-wallet-request'), 'the request');
    expect(events.find((e) => e.type === 'quest-wallet-request')!.detail).to.deep.equal({
      kind: 'wallet.signIn',
      taskId: 'read',
    });
    // …and the visitor declines for now: the task waits, saying what comes next.
    await decline(board);
    await until(() => part(task(board, 'read'), 'task-next'), 'the next step');
    await rendered(board);
    expectNextStep(board, 'read', 'Sign in to continue');

    await typeAnswer(board, 'handle', '@visitor');
    await decline(board);
    await until(() => part(task(board, 'handle'), 'task-next'), 'the next step');
    expect(stateOf(board, 'more')).to.equal('available');

    // One sign-in later, both are checked by the server for this address; nothing is repeated.
    await connectAndSignIn(board, 'injected:org.example.server-test');
    await until(() => stateOf(board, 'read') === 'done', 'the visit checked');
    await until(() => stateOf(board, 'handle') === 'done', 'the answer checked');
    expect(board.state.$ladder.get()?.points).to.equal(8);
    expect(signs(wallet)).to.equal(1);
    const stored = await serverProgress(campaign.id, wallet.address);
    expect(Object.keys(stored.completed).sort()).to.deep.equal(['handle', 'read']);
    expect(events.filter((e) => e.type === 'quest-complete')).to.have.length(2);
  });

  it('a session the server no longer knows signs the board out; one click signs in and the check goes on', async () => {
    const { campaign, url } = await serverCampaign();
    const wallet = announced();
    const board = await mount(url, campaign.id);
    await connectAndSignIn(board, 'injected:org.example.server-test');
    await rendered(board);
    expect(text(part(chip(board), 'session'))).to.equal('Signed in');
    await pressVisit(board, 'read');
    await until(() => stateOf(board, 'read') === 'done', 'the first visit');

    // The server forgets the session (revoked; a restart or an expiry answers the same 401).
    const session = board.state.$session.get()!;
    await revoke(session);
    expect(await sessionKnown(session)).to.equal(false);
    const events = recordEvents(board);
    await pressVisit(board, 'more');
    await until(() => !board.state.$session.get(), 'signed out');
    await until(() => part(chip(board), 'sign-in'), 'a Sign in action');
    await until(() => part(task(board, 'more'), 'task-next'), 'the next step');
    await rendered(board);
    expect(part(chip(board), 'session'), 'never "Signed in" while refused').to.equal(null);
    expectNextStep(board, 'more', 'Sign in to continue');
    expect(events.filter((e) => e.type === 'quest-error')).to.have.length(0);

    // One click: a new signature, and the pending check goes on.
    part(chip(board), 'sign-in')!.click();
    await until(() => stateOf(board, 'more') === 'done', 'the pending visit checked');
    expect(signs(wallet)).to.equal(2);
    expect(board.state.$ladder.get()?.points).to.equal(12);
    expect(await sessionKnown(board.state.$session.get()!)).to.equal(true);
  });

  it('reconnects on reload with the same address, points and session, and no new signature', async () => {
    const { campaign, url } = await serverCampaign();
    const wallet = announced();
    const board = await mount(url, campaign.id);
    await connectAndSignIn(board, 'injected:org.example.server-test');
    await pressVisit(board, 'read');
    await until(() => stateOf(board, 'read') === 'done', 'the visit');
    const session = board.state.$session.get()!;
    board.remove();
    for (const cleanup of cleanups.splice(0)) cleanup();

    const same = announced({ authorized: true });
    const reloaded = await mount(url, campaign.id);
    await until(() => reloaded.state.$address.get() === wallet.address, 'the wallet restored');
    await until(() => reloaded.state.$ladder.get()?.points === 5, 'the points');
    expect(reloaded.state.$session.get()?.token).to.equal(session.token);
    await pressVisit(reloaded, 'more');
    await until(() => stateOf(reloaded, 'more') === 'done', 'a check without a new sign-in');
    expect(signs(same)).to.equal(0);
  });

  it('on reload, a kept session the server forgot shows signed out with a Sign in action, before any click', async () => {
    const { campaign, url } = await serverCampaign();
    const wallet = announced();
    const board = await mount(url, campaign.id);
    await connectAndSignIn(board, 'injected:org.example.server-test');
    await pressVisit(board, 'read');
    await until(() => stateOf(board, 'read') === 'done', 'the visit');
    const session = board.state.$session.get()!;
    board.remove();
    for (const cleanup of cleanups.splice(0)) cleanup();
    // Meanwhile the server forgot it (a restart or an expiry answers the same 401).
    await revoke(session);

    const same = announced({ authorized: true });
    const events: Event[] = [];
    const reloaded = await mount(url, campaign.id);
    reloaded.addEventListener('quest-error', (e) => events.push(e));
    await until(() => reloaded.state.$address.get() === wallet.address, 'the wallet restored');
    // Nobody pressed anything: the kept session is checked once and dropped.
    await until(() => !reloaded.state.$session.get(), 'the forgotten session dropped');
    await until(() => part(chip(reloaded), 'sign-in'), 'a Sign in action');
    await rendered(reloaded);
    expect(part(chip(reloaded), 'session'), 'never "Signed in" while refused').to.equal(null);
    expect(events, 'not an error: a next step').to.have.length(0);
    part(chip(reloaded), 'sign-in')!.click();
    await until(() => reloaded.state.$session.get(), 'signed in again');
    expect(signs(same)).to.equal(1);
    expect(await sessionKnown(reloaded.state.$session.get()!)).to.equal(true);
    await until(() => reloaded.state.$ladder.get()?.points === 5, 'the points kept');
  });

  it('the dev wallet reconnects on reload against the server too', async () => {
    const { campaign, url } = await serverCampaign();
    const el = await fixture<QuestBoard>(
      html`<quest-board endpoint=${url} campaign=${campaign.id} dev-wallet></quest-board>`,
    );
    await el.loadComplete;
    await until(() => el.state.$status.get() === 'ready', 'the campaign');
    await rendered(el);
    await connectAndSignIn(el, 'dev');
    await pressVisit(el, 'read');
    await until(() => stateOf(el, 'read') === 'done', 'the visit');
    const address = el.state.$address.get();
    const token = el.state.$session.get()?.token;
    el.remove();

    const reloaded = await fixture<QuestBoard>(
      html`<quest-board endpoint=${url} campaign=${campaign.id} dev-wallet></quest-board>`,
    );
    await until(() => reloaded.state.$address.get() === address, 'the dev wallet restored');
    await until(() => reloaded.state.$ladder.get()?.points === 5, 'the points');
    expect(reloaded.state.$session.get()?.token).to.equal(token);
    await rendered(reloaded);
    expect(text(part(chip(reloaded), 'session'))).to.equal('Signed in');
  });
});
