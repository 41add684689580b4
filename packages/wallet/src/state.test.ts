/// <reference types="mocha" />

import { expect, waitUntil } from '@open-wc/testing';
import { memoryBackend, type QuestBackend, QuestError, type Session } from '@questboard/core';
import { parseSiweMessage } from 'viem/siwe';
import { createWalletState, type WalletState } from './state.js';
import { createTestWallet, memoryStorage, TEST_KEYS, type TestWallet } from './testing/index.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function announced(options: Parameters<typeof createTestWallet>[0] = {}): TestWallet {
  const wallet = createTestWallet(options);
  cleanups.push(wallet.announce());
  return wallet;
}

/** A state observed like the board observes it (discovery and restore start on observation). */
function observed(options: Parameters<typeof createWalletState>[0] = {}): WalletState {
  const state = createWalletState({ storage: memoryStorage(), ...options });
  cleanups.push(
    state.$connectors.listen(() => {}),
    state.$account.listen(() => {}),
    () => state.destroy(),
  );
  return state;
}

async function rejects(promise: Promise<unknown>): Promise<QuestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(QuestError);
    return error as QuestError;
  }
  throw new Error('expected a rejection');
}

/** Waits for a condition (no fixed sleep; generous for a loaded machine). */
const until = (check: () => boolean, what = 'condition') =>
  waitUntil(check, `timed out waiting for ${what}`, { interval: 5, timeout: 60_000 });

/** A real backend that checks SIWE itself (core's memory backend). */
function backend(): QuestBackend {
  return memoryBackend({ storage: null, domain: location.host });
}

/** Counts signatures and nonces requested through a real backend. */
function counting(inner: QuestBackend) {
  const counts = { nonces: 0, signIns: 0 };
  const wrapped: QuestBackend = {
    ...inner,
    getNonce: () => {
      counts.nonces++;
      return inner.getNonce();
    },
    signIn: (request) => {
      counts.signIns++;
      return inner.signIn(request);
    },
  };
  return { backend: wrapped, counts };
}

describe('EIP-6963 discovery and the picker list', () => {
  it('lists every announced wallet once, with icon and name, deduplicated by rdns', async () => {
    const a = announced({ name: 'Alpha', rdns: 'org.example.alpha' });
    announced({ name: 'Beta', rdns: 'org.example.beta' });
    // The same wallet announcing twice (two content scripts) shows once.
    announced({ name: 'Alpha again', rdns: 'org.example.alpha' });
    const state = observed();
    const list = state.$connectors.get();
    expect(list.map((c) => c.id)).to.deep.equal([
      'injected:org.example.alpha',
      'injected:org.example.beta',
    ]);
    expect(list[0]!.name).to.equal('Alpha');
    expect(list[0]!.icon).to.equal(a.info.icon);
    expect(list.every((c) => c.kind === 'injected')).to.equal(true);
  });

  it('adds a wallet announced after the board started', async () => {
    const state = observed();
    expect(state.$connectors.get()).to.deep.equal([]);
    announced({ name: 'Late', rdns: 'org.example.late' });
    expect(state.$connectors.get().map((c) => c.id)).to.deep.equal(['injected:org.example.late']);
  });

  it('drops icons that are not data: images', () => {
    announced({
      name: 'Tracker',
      rdns: 'org.example.tracker',
      icon: 'https://tracker.example/pixel.png',
    });
    const [connector] = observed().$connectors.get();
    expect(connector!.name).to.equal('Tracker');
    expect(connector!.icon).to.equal(undefined);
  });

  it('connects the wallet the visitor picked, not the other one', async () => {
    const alpha = announced({ name: 'Alpha', rdns: 'org.example.alpha' });
    const beta = announced({ name: 'Beta', rdns: 'org.example.beta', keys: [TEST_KEYS[1]] });
    const state = observed();
    const connection = await state.connect('injected:org.example.beta');
    expect(connection.address).to.equal(beta.address);
    expect(state.$account.get()).to.equal(beta.address);
    expect(state.$status.get()).to.equal('connected');
    expect(state.$connector.get()!.id).to.equal('injected:org.example.beta');
    expect(alpha.requests.map((r) => r.method)).to.not.include('eth_requestAccounts');
  });

  it('falls back to a legacy window.ethereum when no wallet announces itself', async () => {
    const legacy = createTestWallet();
    (window as { ethereum?: unknown }).ethereum = legacy.provider;
    cleanups.push(() => delete (window as { ethereum?: unknown }).ethereum);
    const state = observed();
    expect(state.$connectors.get().map((c) => c.id)).to.deep.equal(['injected:legacy']);
    await state.connect();
    expect(state.$account.get()).to.equal(legacy.address);
    // Once a wallet announces over EIP-6963, the legacy entry goes (it is usually the same wallet).
    announced({ rdns: 'org.example.modern' });
    expect(state.$connectors.get().map((c) => c.id)).to.deep.equal(['injected:org.example.modern']);
  });

  it('says no wallet was found when there is none', async () => {
    const state = observed();
    const error = await rejects(state.connect());
    expect(error.code).to.equal('WALLET_NOT_FOUND');
    expect(state.$error.get()?.code).to.equal('WALLET_NOT_FOUND');
    expect(state.$status.get()).to.equal('disconnected');
  });
});

describe('wallet failures', () => {
  it('a rejected request (4001) leaves the visitor disconnected with a way to retry', async () => {
    const wallet = announced();
    const state = observed();
    wallet.setApprovals('manual');
    const attempt = state.connect('injected:org.questboard.testwallet');
    await until(() => wallet.pending('eth_requestAccounts') === 1, 'the prompt');
    expect(state.$status.get()).to.equal('connecting');
    wallet.reject();
    const error = await rejects(attempt);
    expect(error.code).to.equal('WALLET_REJECTED');
    expect(error.shortMessage).to.match(/rejected/i);
    expect(state.$status.get()).to.equal('disconnected');
    // Retry works.
    const retry = state.connect('injected:org.questboard.testwallet');
    await until(() => wallet.pending('eth_requestAccounts') === 1, 'the second prompt');
    wallet.approve();
    await retry;
    expect(state.$account.get()).to.equal(wallet.address);
    expect(state.$error.get()).to.equal(null);
  });

  it('a locked wallet (4100) says to unlock it', async () => {
    const wallet = announced();
    wallet.lock();
    const error = await rejects(observed().connect('injected:org.questboard.testwallet'));
    expect(error.code).to.equal('WALLET_LOCKED');
    expect(error.shortMessage).to.match(/unlock/i);
  });

  it('a request already pending in the wallet (-32002) says to open the wallet', async () => {
    const wallet = announced();
    wallet.setApprovals('manual');
    // Another page (or tab) already opened a prompt in this wallet.
    const elsewhere = wallet.provider.request({ method: 'eth_requestAccounts' });
    await until(() => wallet.pending('eth_requestAccounts') === 1);
    const error = await rejects(observed().connect('injected:org.questboard.testwallet'));
    expect(error.code).to.equal('WALLET_REQUEST_PENDING');
    expect(error.shortMessage).to.match(/open your wallet/i);
    wallet.approve();
    await elsewhere;
  });

  it('a second connect while one is in flight reuses it instead of prompting twice', async () => {
    const wallet = announced();
    wallet.setApprovals('manual');
    const state = observed();
    const first = state.connect('injected:org.questboard.testwallet');
    const second = state.connect('injected:org.questboard.testwallet');
    await until(() => wallet.pending('eth_requestAccounts') === 1);
    wallet.approve();
    expect(await first).to.deep.equal(await second);
    expect(wallet.requests.filter((r) => r.method === 'eth_requestAccounts')).to.have.length(1);
  });

  it('a provider that goes away (disconnect, 4900) shows WALLET_DISCONNECTED', async () => {
    const wallet = announced();
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    wallet.disconnect();
    expect(state.$status.get()).to.equal('disconnected');
    expect(state.$account.get()).to.equal(null);
    expect(state.$error.get()?.code).to.equal('WALLET_DISCONNECTED');
    const error = await rejects(state.connect('injected:org.questboard.testwallet'));
    expect(error.code).to.equal('WALLET_DISCONNECTED');
  });

  it('locking the wallet while connected drops the account; unlocking brings it back', async () => {
    const wallet = announced();
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    wallet.lock();
    expect(state.$account.get()).to.equal(null);
    expect(state.$status.get()).to.equal('disconnected');
    wallet.unlock();
    expect(state.$account.get()).to.equal(wallet.address);
    expect(state.$status.get()).to.equal('connected');
  });

  it('an unknown connector id is a clear WALLET_NOT_FOUND', async () => {
    announced();
    const error = await rejects(observed().connect('injected:com.nowhere'));
    expect(error.code).to.equal('WALLET_NOT_FOUND');
    expect(error.details).to.include('injected:org.questboard.testwallet');
  });
});

describe('chains (EIP-3326 / EIP-3085)', () => {
  it('switches to a chain the wallet knows', async () => {
    const wallet = announced({ chainId: 1, chains: [1, 10] });
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    expect(state.$chainId.get()).to.equal(1);
    await state.switchChain(10);
    expect(state.$chainId.get()).to.equal(10);
    expect(wallet.chainId).to.equal(10);
  });

  it('adds an unknown chain from its config, then switches', async () => {
    const wallet = announced({ chainId: 1 });
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    await state.switchChain(31337, { name: 'Anvil', rpcUrls: ['http://127.0.0.1:8545'] });
    expect(state.$chainId.get()).to.equal(31337);
    const add = wallet.requests.find((r) => r.method === 'wallet_addEthereumChain');
    expect(add?.params).to.deep.equal([
      { chainId: '0x7a69', chainName: 'Anvil', rpcUrls: ['http://127.0.0.1:8545'] },
    ]);
  });

  it('an unknown chain without a config is WALLET_WRONG_CHAIN and changes nothing', async () => {
    announced({ chainId: 1 });
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    const error = await rejects(state.switchChain(31337));
    expect(error.code).to.equal('WALLET_WRONG_CHAIN');
    expect(error.shortMessage).to.include('31337');
    expect(state.$chainId.get()).to.equal(1);
  });

  it('a rejected switch is WALLET_REJECTED', async () => {
    const wallet = announced({ chainId: 1, chains: [1, 10] });
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    wallet.failNext(4001, 'User rejected the request.', 'wallet_switchEthereumChain');
    expect((await rejects(state.switchChain(10))).code).to.equal('WALLET_REJECTED');
    expect(state.$chainId.get()).to.equal(1);
  });

  it('follows chain changes made in the wallet', async () => {
    const wallet = announced({ chainId: 1 });
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    wallet.switchChain(8453);
    expect(state.$chainId.get()).to.equal(8453);
  });

  it('needs a connected wallet', async () => {
    expect((await rejects(observed().switchChain(10))).code).to.equal('WALLET_REQUIRED');
  });
});

describe('host-provided wallet', () => {
  it('reuses the host dApp’s connected wallet without prompting and lists nothing else', async () => {
    announced({ rdns: 'org.example.other' });
    const host = createTestWallet({ authorized: true, chainId: 10 });
    const state = observed({
      provider: host.provider,
      devWallet: true,
      walletConnect: { projectId: null },
    });
    expect(state.hasHostProvider()).to.equal(true);
    expect(state.$connectors.get().map((c) => c.id)).to.deep.equal(['host']);
    await until(() => state.$status.get() === 'connected', 'the host connection');
    expect(state.$account.get()).to.equal(host.address);
    expect(state.$chainId.get()).to.equal(10);
    expect(host.requests.map((r) => r.method)).to.not.include('eth_requestAccounts');
  });

  it('follows the host’s accountsChanged, chainChanged and disconnect', async () => {
    const host = createTestWallet({ authorized: true });
    const state = observed({ provider: host.provider });
    await until(() => state.$status.get() === 'connected');
    host.switchAccount(1);
    expect(state.$account.get()).to.equal(host.addresses[1]);
    host.switchChain(137);
    expect(state.$chainId.get()).to.equal(137);
    host.disconnect();
    expect(state.$account.get()).to.equal(null);
    expect(state.$error.get()?.code).to.equal('WALLET_DISCONNECTED');
  });

  it('follows a host wallet the dApp connects later, without the board asking', async () => {
    const host = createTestWallet({ chainId: 10 });
    const state = observed({ provider: host.provider });
    await until(() => state.$status.get() === 'disconnected', 'the silent check');
    expect(state.$account.get()).to.equal(null);
    // The dApp's own connect button (wagmi, AppKit…) authorises the site.
    await host.provider.request({ method: 'eth_requestAccounts' });
    await until(() => state.$account.get() === host.address, 'the host account');
    expect(state.$chainId.get()).to.equal(10);
    expect(host.requests.filter((r) => r.method === 'eth_requestAccounts')).to.have.length(1);
  });

  it('connect() goes to the host provider even when an id is given', async () => {
    announced({ rdns: 'org.example.other' });
    const host = createTestWallet();
    const state = observed({ provider: host.provider });
    await state.connect('injected:org.example.other');
    expect(state.$connector.get()!.kind).to.equal('host');
    expect(state.$account.get()).to.equal(host.address);
  });

  it('a provider set later replaces the picker; unsetting it restores the picker', async () => {
    announced({ rdns: 'org.example.other' });
    const state = observed();
    expect(state.$connectors.get().map((c) => c.id)).to.deep.equal(['injected:org.example.other']);
    const host = createTestWallet({ authorized: true });
    state.setProvider(host.provider);
    expect(state.$connectors.get().map((c) => c.id)).to.deep.equal(['host']);
    await until(() => state.$account.get() === host.address);
    state.setProvider(null);
    expect(state.$account.get()).to.equal(null);
    expect(state.$connectors.get().map((c) => c.id)).to.deep.equal(['injected:org.example.other']);
  });

  it('refuses something that is not an EIP-1193 provider', () => {
    const state = observed();
    expect(() => state.setProvider({ send: () => {} })).to.throw(QuestError, /EIP-1193/);
  });
});

describe('restoring the connection on reload', () => {
  it('a new state over the same storage reconnects the last wallet without prompting', async () => {
    const wallet = announced();
    const storage = memoryStorage();
    await observed({ storage }).connect('injected:org.questboard.testwallet');
    const prompts = wallet.requests.filter((r) => r.method === 'eth_requestAccounts').length;
    const reloaded = observed({ storage });
    await until(() => reloaded.$status.get() === 'connected', 'the restored connection');
    expect(reloaded.$account.get()).to.equal(wallet.address);
    expect(wallet.requests.filter((r) => r.method === 'eth_requestAccounts')).to.have.length(
      prompts,
    );
  });

  it('does not reconnect after an explicit disconnect', async () => {
    announced();
    const storage = memoryStorage();
    const state = observed({ storage });
    await state.connect('injected:org.questboard.testwallet');
    await state.disconnect();
    const reloaded = observed({ storage });
    // Nothing to restore is decided at once (no last wallet stored): never "reconnecting".
    expect(reloaded.$status.get()).to.equal('disconnected');
    expect(storage.getItem('questboard:v1:wallet:last')).to.equal(null);
  });
});

describe('Sign-In with Ethereum', () => {
  it('signs a real EIP-4361 message the backend verifies, and stores the session', async () => {
    const wallet = announced({ chainId: 10 });
    const { backend: real, counts } = counting(backend());
    const state = observed({ sessionScope: 'campaign-a' });
    await state.connect('injected:org.questboard.testwallet');
    const session = await state.signIn(real, {
      statement: 'Sign in to the quest board.',
      expirationMinutes: 30,
    });
    expect(session.address).to.equal(wallet.address);
    expect(session.chainId).to.equal(10);
    expect(state.$session.get()).to.deep.equal(session);
    expect(counts).to.deep.equal({ nonces: 1, signIns: 1 });
    const sign = wallet.requests.find((r) => r.method === 'personal_sign')!;
    const message = new TextDecoder().decode(
      Uint8Array.from(
        ((sign.params as string[])[0]!.slice(2).match(/../g) ?? []).map((h) =>
          Number.parseInt(h, 16),
        ),
      ),
    );
    const parsed = parseSiweMessage(message);
    expect(parsed.domain).to.equal(location.host);
    expect(parsed.uri).to.equal(location.origin);
    expect(parsed.address).to.equal(wallet.address);
    expect(parsed.chainId).to.equal(10);
    expect(parsed.statement).to.equal('Sign in to the quest board.');
    expect(parsed.expirationTime!.getTime() - parsed.issuedAt!.getTime()).to.equal(30 * 60_000);
  });

  it('reuses the session on reload (new state, same storage): no new signature', async () => {
    const wallet = announced();
    const storage = memoryStorage();
    const { backend: real, counts } = counting(backend());
    const first = observed({ storage, sessionScope: 'campaign-a' });
    await first.connect('injected:org.questboard.testwallet');
    const session = await first.signIn(real);
    const reloaded = observed({ storage, sessionScope: 'campaign-a' });
    await until(() => reloaded.$status.get() === 'connected');
    expect(reloaded.$session.get()).to.deep.equal(session);
    expect(await reloaded.signIn(real)).to.deep.equal(session);
    expect(counts.signIns).to.equal(1);
    expect(wallet.requests.filter((r) => r.method === 'personal_sign')).to.have.length(1);
  });

  it('sessions belong to a scope: another campaign or endpoint signs in anew', async () => {
    announced();
    const storage = memoryStorage();
    const { backend: real, counts } = counting(backend());
    const a = observed({ storage, sessionScope: 'campaign-a' });
    await a.connect('injected:org.questboard.testwallet');
    await a.signIn(real);
    const b = observed({ storage, sessionScope: 'campaign-b' });
    await until(() => b.$status.get() === 'connected');
    expect(b.$session.get()).to.equal(null);
    await b.signIn(real);
    expect(counts.signIns).to.equal(2);
  });

  it('an expired session is not reused', async () => {
    announced();
    const storage = memoryStorage();
    let clock = Date.now();
    const { backend: real, counts } = counting(
      memoryBackend({ storage: null, domain: location.host, now: () => clock }),
    );
    const state = observed({ storage, now: () => clock });
    await state.connect('injected:org.questboard.testwallet');
    const first = await state.signIn(real, { expirationMinutes: 5 });
    clock = Date.parse(first.expiresAt) + 1;
    const second = await state.signIn(real, { expirationMinutes: 5 });
    expect(second.token).to.not.equal(first.token);
    expect(counts.signIns).to.equal(2);
  });

  it('an account change drops the session; the old account’s session comes back with it', async () => {
    const wallet = announced();
    const { backend: real, counts } = counting(backend());
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    const first = await state.signIn(real);
    wallet.switchAccount(1);
    expect(state.$account.get()).to.equal(wallet.addresses[1]);
    expect(state.$session.get()).to.equal(null);
    const second = await state.signIn(real);
    expect(second.address).to.equal(wallet.addresses[1]);
    expect(counts.signIns).to.equal(2);
    wallet.switchAccount(0);
    expect(state.$session.get()).to.deep.equal(first);
  });

  it('a sign-in in flight when the account changes is discarded', async () => {
    const wallet = announced();
    const { backend: real, counts } = counting(backend());
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    wallet.setApprovals('manual');
    const attempt = state.signIn(real);
    await until(() => wallet.pending('personal_sign') === 1, 'the signature prompt');
    wallet.switchAccount(1);
    wallet.approve('personal_sign');
    const error = await rejects(attempt);
    expect(error.code).to.equal('SIGN_IN_FAILED');
    expect(error.shortMessage).to.match(/account changed/i);
    expect(counts.signIns).to.equal(0);
    expect(state.$session.get()).to.equal(null);
  });

  it('a guard taken for one account turns false when the account changes', async () => {
    const wallet = announced();
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    const guard = state.accountGuard();
    expect(guard.address).to.equal(wallet.address);
    expect(guard.isCurrent()).to.equal(true);
    wallet.switchAccount(2);
    expect(guard.isCurrent()).to.equal(false);
  });

  it('a rejected signature is WALLET_REJECTED and stores nothing', async () => {
    const wallet = announced();
    const storage = memoryStorage();
    const state = observed({ storage });
    await state.connect('injected:org.questboard.testwallet');
    wallet.failNext(4001, 'User denied message signature.', 'personal_sign');
    expect((await rejects(state.signIn(backend()))).code).to.equal('WALLET_REJECTED');
    expect(state.$session.get()).to.equal(null);
    expect(state.$error.get()?.code).to.equal('WALLET_REJECTED');
  });

  it('the backend refuses a message signed for another domain', async () => {
    announced();
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    const error = await rejects(state.signIn(backend(), { domain: 'evil.example' }));
    expect(error.code).to.equal('SIGN_IN_FAILED');
    expect(error.details).to.match(/^WRONG_DOMAIN/);
    expect(state.$session.get()).to.equal(null);
  });

  it('the backend refuses an invented nonce and a replayed message', async () => {
    const wallet = announced();
    const real = backend();
    const invented: QuestBackend = { ...real, getNonce: async () => 'abcdefgh12345678' };
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    expect((await rejects(state.signIn(invented))).details).to.match(/^NONCE_INVALID/);
    // Capture a real signed message, then replay it.
    let captured: { message: string; signature: `0x${string}` } | undefined;
    const capturing: QuestBackend = {
      ...real,
      signIn: (request) => {
        captured = request;
        return real.signIn(request);
      },
    };
    await state.signIn(capturing);
    const replay = await rejects(real.signIn(captured!));
    expect(replay.details).to.match(/^NONCE_INVALID/);
    // Tampered (another chain id) and signed by someone else both fail.
    const tampered = captured!.message.replace(/Chain ID: \d+/, 'Chain ID: 5');
    expect(
      (await rejects(real.signIn({ message: tampered, signature: captured!.signature }))).code,
    ).to.equal('SIGN_IN_FAILED');
    const other = captured!.message.replace(wallet.addresses[0]!, wallet.addresses[1]!);
    expect(
      (await rejects(real.signIn({ message: other, signature: captured!.signature }))).code,
    ).to.equal('SIGN_IN_FAILED');
  });

  it('needs a connected wallet', async () => {
    expect((await rejects(observed().signIn(backend()))).code).to.equal('WALLET_REQUIRED');
  });

  it('refuses a backend session for another address', async () => {
    const wallet = announced();
    const real = backend();
    const lying: QuestBackend = {
      ...real,
      signIn: async (request): Promise<Session> => ({
        ...(await real.signIn(request)),
        address: wallet.addresses[2]!,
      }),
    };
    const state = observed();
    await state.connect('injected:org.questboard.testwallet');
    expect((await rejects(state.signIn(lying))).code).to.equal('SIGN_IN_FAILED');
    expect(state.$session.get()).to.equal(null);
  });

  it('sign out ends the session at the backend and here', async () => {
    announced();
    const storage = memoryStorage();
    const state = observed({ storage });
    const real = backend();
    await state.connect('injected:org.questboard.testwallet');
    await state.signIn(real);
    await state.signOut(real);
    expect(state.$session.get()).to.equal(null);
    const reloaded = observed({ storage });
    await until(() => reloaded.$status.get() === 'connected');
    expect(reloaded.$session.get()).to.equal(null);
  });
});
