import { assertProvider } from '../provider.js';
import type { Connector } from '../types.js';
import { providerConnector } from './eip1193.js';

/**
 * The provider a host dApp already holds (wagmi's `connector.getProvider()`, AppKit's
 * `getWalletProvider()`, RainbowKit through wagmi, ethers' `BrowserProvider` source). The board
 * follows its events and never shows a picker of its own while it is set.
 */
export function hostConnector(provider: unknown, name = 'Connected wallet'): Connector {
  return providerConnector({
    id: 'host',
    name,
    kind: 'host',
    provider: assertProvider(provider, 'The host provider'),
  });
}
