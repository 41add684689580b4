import '../../test/setup.js';
import './quest-wallet.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { memoryBackend, type QuestBackend } from '@questboard/core';
import { createTestWallet, TEST_KEYS, type TestWallet } from '@questboard/wallet/testing';
import { defineElement } from '../internal/define.js';
import { QuestWallet } from './quest-wallet.component.js';

const cleanups: (() => void)[] = [];
// Each test starts with no remembered wallet, session or burner key.
beforeEach(() => {
  sessionStorage.clear();
  for (const key of Object.keys(localStorage))
    if (key.startsWith('questboard:')) localStorage.removeItem(key);
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function announced(options: Parameters<typeof createTestWallet>[0] = {}): TestWallet {
  // An rdns of its own: test files run side by side on one origin and share localStorage.
  const wallet = createTestWallet({ rdns: 'org.example.quest-wallet-test', ...options });
  cleanups.push(wallet.announce());
  return wallet;
}

const part = <T extends Element = HTMLElement>(el: QuestWallet, name: string) =>
  el.shadowRoot!.querySelector<T & HTMLElement>(`[part~="${name}"]`);
const parts = (el: QuestWallet, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const text = (node: Element | null | undefined) =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Waits for a condition, the element rendered (no fixed sleep; generous for a loaded machine). */
async function until(el: QuestWallet, check: () => boolean, what: string): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { interval: 10, timeout: 60_000 });
  await el.updateComplete;
}

function option(el: QuestWallet, id: string): HTMLButtonElement {
  const found = parts(el, 'picker-option').find((b) => b.dataset.connector === id);
  if (!found) throw new Error(`no picker option ${id}`);
  return found as HTMLButtonElement;
}

const dialog = (el: QuestWallet) => part<HTMLDialogElement>(el, 'picker')!;
const backend = (): QuestBackend => memoryBackend({ storage: null, domain: location.host });

describe('<quest-wallet>', () => {
  it('is accessible, registers once and carries its version', async () => {
    const el = await fixture<QuestWallet>(html`<quest-wallet></quest-wallet>`);
    await expect(el).to.be.accessible();
    expect(customElements.get('quest-wallet')).to.equal(QuestWallet);
    expect(QuestWallet.version).to.match(/^\d+\.\d+\.\d+/);
    // A second registration (a second copy of the widget) warns instead of throwing.
    expect(() => defineElement('quest-wallet', class extends QuestWallet {})).to.not.throw();
    expect(text(part(el, 'connect'))).to.equal('Connect wallet');
  });

  it('speaks the locale of the page or its locale attribute (labels from the shared catalog)', async () => {
    const el = await fixture<QuestWallet>(html`<quest-wallet locale="es"></quest-wallet>`);
    expect(text(part(el, 'connect'))).to.equal('Conectar billetera');
    el.messages = { connect: 'Entrar' };
    await el.updateComplete;
    expect(text(part(el, 'connect'))).to.equal('Entrar');
    await expect(el).to.be.accessible();
  });

  it('shows a picker of every EIP-6963 wallet with icon and name; picking one connects it', async () => {
    const alpha = announced({ name: 'Alpha', rdns: 'org.example.alpha' });
    const beta = announced({ name: 'Beta', rdns: 'org.example.beta', keys: [TEST_KEYS[1]] });
    const el = await fixture<QuestWallet>(html`<quest-wallet></quest-wallet>`);
    part(el, 'connect')!.click();
    await el.updateComplete;
    expect(dialog(el).open).to.equal(true);
    await expect(el).to.be.accessible();
    expect(parts(el, 'picker-name').map(text)).to.deep.equal(['Alpha', 'Beta']);
    expect(part<HTMLImageElement>(el, 'picker-icon')!.getAttribute('src')).to.equal(
      alpha.info.icon,
    );
    const connected = oneEvent(el, 'quest-connect');
    option(el, 'injected:org.example.beta').click();
    const event = await connected;
    expect(event.detail).to.deep.equal({
      address: beta.address,
      chainId: 1,
      connector: 'injected:org.example.beta',
    });
    await until(el, () => !dialog(el).open, 'the picker to close');
    expect(text(part(el, 'address'))).to.equal(
      `${beta.address.slice(0, 6)}…${beta.address.slice(-4)}`,
    );
    expect(text(part(el, 'chain'))).to.equal('Chain 1');
    expect(alpha.requests.map((r) => r.method)).to.not.include('eth_requestAccounts');
    await expect(el).to.be.accessible();

    const gone = oneEvent(el, 'quest-disconnect');
    part(el, 'disconnect')!.click();
    await gone;
    await el.updateComplete;
    expect(part(el, 'connect')).to.not.equal(null);
  });

  it('with no wallet at all, says so with install links', async () => {
    const el = await fixture<QuestWallet>(html`<quest-wallet></quest-wallet>`);
    el.openPicker();
    await el.updateComplete;
    expect(text(part(el, 'install-block'))).to.include('No wallet found');
    expect(parts(el, 'install-link')).to.have.length(4);
    await expect(el).to.be.accessible();
  });

  it('with no browser wallet but the dev wallet, offers it first and never says "No wallet found"', async () => {
    const el = await fixture<QuestWallet>(html`<quest-wallet dev-wallet></quest-wallet>`);
    el.openPicker();
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).not.to.include('No wallet found');
    const list = part(el, 'picker-list')!;
    const install = part(el, 'install-block')!;
    // The usable option comes before the install links.
    expect(list.compareDocumentPosition(install) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(
      0,
    );
    expect(text(install)).to.include('Install a wallet');
    const links = parts(el, 'install-link') as HTMLAnchorElement[];
    expect(links.map((a) => new URL(a.href).protocol)).to.deep.equal([
      'https:',
      'https:',
      'https:',
      'https:',
    ]);
    expect(links.every((a) => a.rel.includes('noopener'))).to.equal(true);
    const dev = option(el, 'dev');
    expect(text(dev)).to.match(/dev wallet/i);
    await expect(el).to.be.accessible();
  });

  it('the dev wallet connects and is labelled on the account chip', async () => {
    const el = await fixture<QuestWallet>(html`<quest-wallet dev-wallet></quest-wallet>`);
    el.openPicker();
    await el.updateComplete;
    option(el, 'dev').click();
    await until(el, () => !!part(el, 'account'), 'the dev account');
    expect(text(part(el, 'dev-badge'))).to.equal('dev wallet');
    expect(text(part(el, 'chain'))).to.equal('Chain 31337');
  });

  it('uses a host provider as is: no picker, no disconnect, follows its account and chain', async () => {
    announced({ rdns: 'org.example.other' });
    const host = createTestWallet({ authorized: true, chainId: 10 });
    const el = await fixture<QuestWallet>(
      html`<quest-wallet .provider=${host.provider}></quest-wallet>`,
    );
    await until(el, () => !!part(el, 'account'), 'the host account');
    expect(part(el, 'disconnect')).to.equal(null);
    expect(host.requests.map((r) => r.method)).to.not.include('eth_requestAccounts');
    el.openPicker();
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    const changed = oneEvent(el, 'quest-connect');
    host.switchAccount(1);
    expect((await changed).detail.address).to.equal(host.addresses[1]);
    await el.updateComplete;
    expect(part(el, 'address')!.title).to.equal(host.addresses[1]);
    host.switchChain(137);
    await el.updateComplete;
    expect(text(part(el, 'chain'))).to.equal('Chain 137');
  });

  it('a host provider that is not yet connected is asked directly, never through a picker', async () => {
    const host = createTestWallet();
    const el = await fixture<QuestWallet>(
      html`<quest-wallet .provider=${host.provider}></quest-wallet>`,
    );
    part(el, 'connect')!.click();
    await until(el, () => !!part(el, 'account'), 'the host account');
    expect(dialog(el).open).to.equal(false);
    expect(host.requests.map((r) => r.method)).to.include('eth_requestAccounts');
  });

  it('a rejected request says so and offers Try again, which works', async () => {
    const wallet = announced();
    wallet.setApprovals('manual');
    const el = await fixture<QuestWallet>(html`<quest-wallet></quest-wallet>`);
    el.openPicker();
    await el.updateComplete;
    const failed = oneEvent(el, 'quest-error');
    option(el, 'injected:org.example.quest-wallet-test').click();
    await until(el, () => wallet.pending('eth_requestAccounts') === 1, 'the prompt');
    expect(text(option(el, 'injected:org.example.quest-wallet-test'))).to.include(
      'Confirm in your wallet',
    );
    wallet.reject();
    expect((await failed).detail.error.code).to.equal('WALLET_REJECTED');
    await until(el, () => !!part(el, 'error'), 'the error');
    expect(text(part(el, 'error'))).to.include('rejected');
    await expect(el).to.be.accessible();
    part(el, 'retry')!.click();
    await until(el, () => wallet.pending('eth_requestAccounts') === 1, 'the second prompt');
    wallet.approve();
    await until(el, () => !!part(el, 'account'), 'the account');
    expect(part(el, 'error')).to.equal(null);
  });

  for (const [what, arrange, pattern] of [
    ['a locked wallet', (w: TestWallet) => w.lock(), /unlock/i],
    [
      'a request already pending',
      (w: TestWallet) =>
        w.failNext(-32002, 'Already processing eth_requestAccounts', 'eth_requestAccounts'),
      /already has a request/i,
    ],
  ] as const) {
    it(`${what} has a clear message`, async () => {
      const wallet = announced();
      arrange(wallet);
      const el = await fixture<QuestWallet>(html`<quest-wallet></quest-wallet>`);
      el.openPicker();
      await el.updateComplete;
      option(el, 'injected:org.example.quest-wallet-test').click();
      await until(el, () => !!part(el, 'error'), 'the error');
      expect(text(part(el, 'error'))).to.match(pattern);
      expect(part(el, 'retry')).to.not.equal(null);
    });
  }

  it('a wallet that goes away offers Reconnect, which opens the picker', async () => {
    const wallet = announced();
    const el = await fixture<QuestWallet>(html`<quest-wallet></quest-wallet>`);
    el.openPicker();
    await el.updateComplete;
    option(el, 'injected:org.example.quest-wallet-test').click();
    await until(el, () => !!part(el, 'account'), 'the account');
    wallet.disconnect();
    await until(el, () => !!part(el, 'error'), 'the error');
    expect(text(part(el, 'error'))).to.include('disconnected');
    expect(text(part(el, 'retry'))).to.equal('Reconnect');
    part(el, 'retry')!.click();
    await el.updateComplete;
    expect(dialog(el).open).to.equal(true);
  });

  it('switches to the required chain, adding it from its config', async () => {
    const host = createTestWallet({ authorized: true, chainId: 1 });
    const chains = { '31337': { name: 'Anvil', rpcUrls: ['http://127.0.0.1:8545'] } };
    const el = await fixture<QuestWallet>(
      html`<quest-wallet chain-id="31337" .chains=${chains} .provider=${host.provider}></quest-wallet>`,
    );
    await until(el, () => !!part(el, 'switch-chain'), 'the switch button');
    expect(text(part(el, 'switch-chain'))).to.equal('Switch to Anvil');
    part(el, 'switch-chain')!.click();
    await until(el, () => !part(el, 'switch-chain'), 'the switch');
    expect(host.chainId).to.equal(31337);
    expect(text(part(el, 'chain'))).to.equal('Anvil');
  });

  it('signs in with a real SIWE signature and reuses the session in a new element (reload)', async () => {
    const wallet = announced();
    const real = backend();
    const el = await fixture<QuestWallet>(
      html`<quest-wallet .backend=${real} session-scope="c1"></quest-wallet>`,
    );
    el.openPicker();
    await el.updateComplete;
    option(el, 'injected:org.example.quest-wallet-test').click();
    await until(el, () => !!part(el, 'sign-in'), 'the sign-in button');
    part(el, 'sign-in')!.click();
    await until(el, () => !!part(el, 'session'), 'the session');
    expect(text(part(el, 'session'))).to.equal('Signed in');
    expect(part(el, 'sign-in')).to.equal(null);
    el.remove();
    const reloaded = await fixture<QuestWallet>(
      html`<quest-wallet .backend=${real} session-scope="c1"></quest-wallet>`,
    );
    await until(reloaded, () => !!part(reloaded, 'session'), 'the restored session');
    expect(part(reloaded, 'sign-in')).to.equal(null);
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).to.have.length(1);
  });

  it('WalletConnect without a project id explains the configuration error in the picker', async () => {
    const el = await fixture<QuestWallet>(
      html`<quest-wallet walletconnect-project-id=""></quest-wallet>`,
    );
    el.openPicker();
    await el.updateComplete;
    expect(text(option(el, 'walletconnect'))).to.include('WalletConnect');
    option(el, 'walletconnect').click();
    await until(el, () => !!part(el, 'error'), 'the error');
    expect(text(part(el, 'error'))).to.match(/project id/i);
    expect(dialog(el).open).to.equal(true);
  });

  it('requestConnection() resolves once a wallet is picked, and rejects when the picker is closed', async () => {
    const wallet = announced();
    const el = await fixture<QuestWallet>(html`<quest-wallet></quest-wallet>`);
    const closed = el.requestConnection();
    await el.updateComplete;
    part(el, 'picker-close')!.click();
    try {
      await closed;
      throw new Error('expected a rejection');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('WALLET_REJECTED');
    }
    const picked = el.requestConnection();
    await el.updateComplete;
    option(el, 'injected:org.example.quest-wallet-test').click();
    expect((await picked).address).to.equal(wallet.address);
  });
});
