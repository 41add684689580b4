// Where `@questboard/wallet/walletconnect` leaves its loader: a module of its own, so that the
// side-effect import (walletconnect-entry.ts) does not bring walletconnect-provider.ts (the lazy
// half) into the bundle that imports it, e.g. the script-tag file.
import type { WalletConnectModule } from './walletconnect-provider.js';

let registered: (() => Promise<WalletConnectModule>) | undefined;

/**
 * Hands the WalletConnect module to the wallet (what `@questboard/wallet/walletconnect` does).
 * `loader` is called the first time WalletConnect is used.
 */
export function registerWalletConnect(loader: () => Promise<WalletConnectModule>): void {
  registered = loader;
}

/** The loader `registerWalletConnect` was given, if any. */
export function registeredWalletConnect(): (() => Promise<WalletConnectModule>) | undefined {
  return registered;
}
