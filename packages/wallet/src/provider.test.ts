/// <reference types="mocha" />

import { expect, waitUntil } from '@open-wc/testing';
import { getAddress } from 'viem';
import { loadedChecksum } from './address.js';
import { createEmitter } from './emitter.js';
import { readConnection, watchProvider } from './provider.js';
import type { ConnectorEvent, EIP1193Provider } from './types.js';

const lower = [
  '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
];

describe('watchProvider / readConnection (checksums load on first use)', () => {
  it('passes events on in order and checksummed, also while the checksum module loads', async () => {
    // This file imports nothing that loads checksum.ts: the first events wait for it.
    expect(loadedChecksum()).to.equal(undefined);
    const emitter = createEmitter();
    const provider: EIP1193Provider = {
      request: async () => null,
      on: emitter.on,
      removeListener: emitter.removeListener,
    };
    const events: ConnectorEvent[] = [];
    const stop = watchProvider(provider, (event) => events.push(event));
    emitter.emit('accountsChanged', [lower[0], 'not an address']);
    emitter.emit('chainChanged', '0x2105');
    emitter.emit('accountsChanged', [lower[1]]);
    emitter.emit('disconnect');
    expect(events).to.deep.equal([]);
    await waitUntil(() => events.length >= 4, 'the queued events', { timeout: 60_000 });
    expect(events).to.deep.equal([
      { type: 'accounts', accounts: [getAddress(lower[0]!)] },
      { type: 'chain', chainId: 8453 },
      { type: 'accounts', accounts: [getAddress(lower[1]!)] },
      { type: 'disconnect', error: undefined },
    ]);
    // Loaded now: passed on at once.
    emitter.emit('chainChanged', '0x1');
    expect(events.at(-1)).to.deep.equal({ type: 'chain', chainId: 1 });
    stop();
    emitter.emit('chainChanged', '0x2');
    expect(events).to.have.length(5);
  });

  it('readConnection answers checksummed; nothing is passed on after unsubscribing', async () => {
    const emitter = createEmitter();
    const provider: EIP1193Provider = {
      request: async ({ method }) => (method === 'eth_chainId' ? '0x1' : [lower[0]]),
      on: emitter.on,
      removeListener: emitter.removeListener,
    };
    const connection = await readConnection(provider, false);
    expect(connection).to.deep.equal({ address: getAddress(lower[0]!), chainId: 1 });
    const events: ConnectorEvent[] = [];
    const stop = watchProvider(provider, (event) => events.push(event));
    stop();
    // A second watcher, subscribed after: once it has the event, the first would have had it too.
    const witness: ConnectorEvent[] = [];
    const stopWitness = watchProvider(provider, (event) => witness.push(event));
    emitter.emit('accountsChanged', [lower[1]]);
    await waitUntil(() => witness.length > 0, 'the witness event', { timeout: 60_000 });
    stopWitness();
    expect(events).to.deep.equal([]);
  });
});
