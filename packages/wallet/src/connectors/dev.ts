import type { KeyValueStorage } from '../session-store.js';
import type { Connector } from '../types.js';
import { lazyConnector } from './lazy.js';

export interface DevWalletOptions {
  /** Chain the burner starts on (default 31337, anvil and Hardhat). */
  chainId?: number;
  /** Chains it may switch to, besides those added through `wallet_addEthereumChain`. */
  chainIds?: number[];
  /**
   * JSON-RPC URL of the starting chain (e.g. a local anvil): reads are forwarded to it and
   * `eth_sendTransaction` signs locally and sends through it. Without one, only signing works.
   */
  rpcUrl?: string;
  /** RPC URLs of other chains by id (chains added with `wallet_addEthereumChain` bring theirs). */
  rpcUrls?: Record<number, string>;
  /** Where the burner key lives (default `sessionStorage`: gone when the tab closes). */
  storage?: KeyValueStorage;
}

/**
 * A burner wallet for demos and local chains, enabled only by the explicit `dev-wallet`
 * attribute: a random key in sessionStorage, signing with viem's local account. Its code
 * (dev-wallet.ts) and its signer load only when it is used. Never use it for anything of value.
 */
export function devWalletConnector(options: DevWalletOptions = {}): Connector {
  return lazyConnector({ id: 'dev', name: 'Dev wallet', kind: 'dev' }, () =>
    import('./dev-wallet.js').then((m) => m.createDevWallet(options)),
  );
}
