// The lazy half of WalletConnect: loaded only when a visitor picks WalletConnect (or a
// WalletConnect session is restored). Apache-2.0 `@walletconnect/ethereum-provider` 2.17 with its
// QR modal; never the 2.2x line or `@reown/appkit` 1.8+ (Reown Community License).
//
// `@walletconnect/ethereum-provider` is an optional peer dependency, so nothing here names it in
// a way a bundler would follow: an app that installs it registers it with one side-effect import
// of `@questboard/wallet/walletconnect` (walletconnect-entry.ts, whose static import is the only
// one in the package); without that, a plain `import()` of a variable specifier that bundlers
// leave alone is tried (it resolves in Node, and in browsers through an import map), and a
// missing package ends in WALLET_CONFIG with the install line.

import { QuestError } from '@questboard/core';
import { walletConfig } from '../errors.js';
import type { EIP1193Provider } from '../types.js';
import type { WalletConnectOptions } from './walletconnect.js';
import { registeredWalletConnect } from './walletconnect-registry.js';

export { registerWalletConnect } from './walletconnect-registry.js';

/** What this package uses of `@walletconnect/ethereum-provider`'s provider. */
export interface WalletConnectProvider extends EIP1193Provider {
  session?: unknown;
  connect(): Promise<unknown>;
  disconnect(): Promise<unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take event-specific arguments
  on(event: string, listener: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take event-specific arguments
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

/** The part of the `@walletconnect/ethereum-provider` module this package uses. */
export interface WalletConnectModule {
  EthereumProvider: { init(options: Record<string, unknown>): Promise<WalletConnectProvider> };
}

/** The package and version line to install (the last Apache-2.0 line). */
export const WALLETCONNECT_PACKAGE = '@walletconnect/ethereum-provider';
export const WALLETCONNECT_INSTALL = `npm install ${WALLETCONNECT_PACKAGE}@~2.17.0`;

async function loadModule(): Promise<WalletConnectModule> {
  const registered = registeredWalletConnect();
  if (registered) return registered();
  // A variable specifier: Vite, Rollup, webpack, Turbopack and esbuild leave it alone at build
  // time, so an app without the optional peer still builds.
  const specifier: string = WALLETCONNECT_PACKAGE;
  return import(/* @vite-ignore */ /* webpackIgnore: true */ /* turbopackIgnore: true */ specifier);
}

export async function createWalletConnectProvider(
  options: WalletConnectOptions & { projectId: string },
): Promise<WalletConnectProvider> {
  let mod: WalletConnectModule;
  try {
    mod = await loadModule();
    if (typeof mod?.EthereumProvider?.init !== 'function')
      throw new Error(`${WALLETCONNECT_PACKAGE} has no EthereumProvider.init`);
  } catch (error) {
    throw walletConfig(
      `WalletConnect is not installed in this app. Run \`${WALLETCONNECT_INSTALL}\` (the Apache-2.0 2.17 line) and add \`import '@questboard/elements/walletconnect'\` (or \`@questboard/wallet/walletconnect\`) once, or pick another wallet.`,
      (error as Error)?.message,
    );
  }
  const [first, ...rest] = options.chains?.length ? options.chains : [1];
  try {
    return await mod.EthereumProvider.init({
      projectId: options.projectId,
      chains: [first!],
      optionalChains: rest,
      showQrModal: options.showQrModal ?? true,
      ...(options.rpcMap ? { rpcMap: options.rpcMap } : {}),
      ...(options.metadata ? { metadata: options.metadata } : {}),
      ...(options.relayUrl ? { relayUrl: options.relayUrl } : {}),
      // No usage events to WalletConnect's analytics endpoint.
      telemetryEnabled: false,
    });
  } catch (error) {
    throw new QuestError(
      'WALLET_DISCONNECTED',
      'WalletConnect could not reach its relay. Check your connection and try again.',
      {
        cause: error,
        details: (error as Error)?.message,
        retryable: true,
      },
    );
  }
}
