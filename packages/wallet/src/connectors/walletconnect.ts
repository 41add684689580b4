import { walletConfig } from '../errors.js';
import type { Connector } from '../types.js';
import { lazyConnector } from './lazy.js';

export interface WalletConnectOptions {
  /** Your WalletConnect Cloud project id (32 hex characters): the `walletconnect-project-id` attribute. */
  projectId?: string | null;
  /** Chains the wallet is asked to support (default: `[1]`); the first one is required. */
  chains?: number[];
  /** RPC URLs per chain for reads through the session (else WalletConnect's public RPC). */
  rpcMap?: Record<number, string>;
  /** Your dApp, as shown in the wallet. */
  metadata?: { name: string; description: string; url: string; icons: string[] };
  /** Show WalletConnect's QR modal (default true). */
  showQrModal?: boolean;
  /** A self-hosted relay (`wss://…`). */
  relayUrl?: string;
  /**
   * How long to wait for the relay before giving up, ms (default 15 000). WalletConnect itself
   * retries an unreachable relay forever; the visitor gets WALLET_DISCONNECTED instead.
   */
  relayTimeoutMs?: number;
}

const PROJECT_ID = /^[0-9a-f]{32}$/i;

/** Checks the configuration before anything is loaded: a missing project id fails at once, offline. */
export function checkWalletConnectOptions(
  options: WalletConnectOptions,
): asserts options is WalletConnectOptions & { projectId: string } {
  if (!options.projectId)
    throw walletConfig(
      'WalletConnect needs a project id. Set the walletconnect-project-id attribute (free at cloud.reown.com), or pick another wallet.',
    );
  if (!PROJECT_ID.test(options.projectId))
    throw walletConfig(
      'The WalletConnect project id must be 32 hexadecimal characters.',
      `Provided value: ${options.projectId}`,
    );
  for (const chain of options.chains ?? [])
    if (!Number.isSafeInteger(chain) || chain <= 0)
      throw walletConfig(
        'WalletConnect chains must be positive chain ids.',
        `Provided value: ${String(chain)}`,
      );
}

/**
 * WalletConnect v2 for mobile wallets, on the Apache-2.0 `@walletconnect/ethereum-provider` 2.17
 * line (an optional peer dependency). Nothing of it is loaded until the visitor picks it: this
 * shell loads walletconnect-connector.ts, which loads the provider (a dynamic `import()`), so
 * the script-tag file carries only the shell. The session lives in WalletConnect's own storage
 * and is restored on reload by `reconnect()` (nothing is loaded without a project id).
 */
export function walletConnectConnector(options: WalletConnectOptions): Connector {
  return lazyConnector(
    { id: 'walletconnect', name: 'WalletConnect', kind: 'walletconnect' },
    () => {
      checkWalletConnectOptions(options);
      return import('./walletconnect-connector.js').then((m) => m.createWalletConnect(options));
    },
    !!options.projectId,
  );
}
