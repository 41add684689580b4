// The lazy chunk: imported only when a visitor picks WalletConnect (or a WalletConnect session
// is restored). Apache-2.0 `@walletconnect/ethereum-provider` 2.17 with its QR modal; never the
// 2.2x line or `@reown/appkit` 1.8+ (Reown Community License).

import { QuestError } from '@questboard/core';
import { EthereumProvider } from '@walletconnect/ethereum-provider';
import type { WalletConnectOptions } from './walletconnect.js';

export type WalletConnectProvider = Awaited<ReturnType<typeof EthereumProvider.init>>;

export async function createWalletConnectProvider(
  options: WalletConnectOptions & { projectId: string },
): Promise<WalletConnectProvider> {
  const [first, ...rest] = options.chains?.length ? options.chains : [1];
  try {
    return await EthereumProvider.init({
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
