/// <reference types="mocha" />

import { expect } from '@open-wc/testing';
import {
  type Address,
  type Campaign,
  createQuestState,
  memoryBackend,
  parseCampaign,
  type Session,
} from '@questboard/core';
import { linkIdentity } from './identity.js';
import { createWalletState } from './state.js';
import { createTestWallet, memoryStorage } from './testing/index.js';

const campaign: Campaign = parseCampaign({
  schemaVersion: 1,
  id: 'identity',
  title: 'Identity',
  tiers: [
    {
      id: 't',
      title: 'T',
      tasks: [{ id: 'connect', kind: 'wallet.connect', title: 'Connect', points: 5 }],
    },
  ],
});

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('linkIdentity', () => {
  it('passes each account with its own session only, once per change', async () => {
    const host = createTestWallet({ authorized: true });
    const wallet = createWalletState({
      provider: host.provider,
      storage: memoryStorage(),
      autoReconnect: false,
    });
    const seen: [Address | null, string | null][] = [];
    const stop = linkIdentity(wallet, {
      setIdentity: (address, session: Session | null) =>
        seen.push([address, session?.address ?? null]),
    });
    await wallet.connect();
    await wallet.signIn(memoryBackend({ storage: null, domain: location.host }));
    await tick();
    host.switchAccount(1);
    await tick();
    stop();
    host.switchAccount(2);
    await tick();
    expect(seen).to.deep.equal([
      [null, null],
      [host.addresses[0], null],
      [host.addresses[0], host.addresses[0]],
      [host.addresses[1], null],
    ]);
  });

  it('an account switch shows the new account’s progress, never the old one’s', async () => {
    const host = createTestWallet({ authorized: true });
    const wallet = createWalletState({
      provider: host.provider,
      storage: memoryStorage(),
      autoReconnect: false,
    });
    const backend = memoryBackend({ storage: null });
    const quest = createQuestState({ backend });
    const stopLadder = quest.$ladder.listen(() => {});
    await quest.load(campaign);
    linkIdentity(wallet, quest);
    await wallet.connect();
    await tick();
    await quest.verify('connect');
    expect(quest.$progress.get()?.completed.connect).to.not.equal(undefined);
    host.switchAccount(1);
    for (let i = 0; i < 50 && quest.$address.get() !== host.addresses[1]; i++) await tick();
    for (let i = 0; i < 50 && quest.$progress.get()?.completed.connect; i++) await tick();
    expect(quest.$address.get()).to.equal(host.addresses[1]);
    expect(quest.$progress.get()?.completed.connect).to.equal(undefined);
    host.switchAccount(0);
    for (let i = 0; i < 50 && !quest.$progress.get()?.completed.connect; i++) await tick();
    expect(quest.$progress.get()?.completed.connect).to.not.equal(undefined);
    stopLadder();
  });

  it('a verification in flight when the account changes is discarded', async () => {
    const host = createTestWallet({ authorized: true });
    const wallet = createWalletState({
      provider: host.provider,
      storage: memoryStorage(),
      autoReconnect: false,
    });
    const real = memoryBackend({ storage: null });
    let release: () => void = () => {};
    const held: typeof real = {
      ...real,
      verify: async (request) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return real.verify(request);
      },
    };
    const quest = createQuestState({ backend: held });
    const stopLadder = quest.$ladder.listen(() => {});
    await quest.load(campaign);
    linkIdentity(wallet, quest);
    await wallet.connect();
    await tick();
    const inFlight = quest.verify('connect');
    await tick();
    host.switchAccount(1);
    for (let i = 0; i < 50 && quest.$address.get() !== host.addresses[1]; i++) await tick();
    release();
    expect(await inFlight).to.equal(null);
    expect(quest.$address.get()).to.equal(host.addresses[1]);
    expect(quest.$progress.get()?.completed.connect).to.equal(undefined);
    stopLadder();
  });
});
