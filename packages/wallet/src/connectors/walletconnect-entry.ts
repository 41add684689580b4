/**
 * `@questboard/wallet/walletconnect`: import it once (for its side effect) in an app that
 * installed the optional peer `@walletconnect/ethereum-provider` (`npm install
 * @walletconnect/ethereum-provider@~2.17.0`, the last Apache-2.0 line). It hands the package to
 * the wallet as a lazy chunk: nothing of WalletConnect loads until a visitor picks it. This is
 * the only module of `@questboard/*` that names the package where a bundler follows it, so apps
 * that never import it build without WalletConnect installed.
 */
import type { WalletConnectModule } from './walletconnect-provider.js';
import { registerWalletConnect } from './walletconnect-registry.js';

registerWalletConnect(
  () => import('@walletconnect/ethereum-provider') as unknown as Promise<WalletConnectModule>,
);

export { registerWalletConnect };
