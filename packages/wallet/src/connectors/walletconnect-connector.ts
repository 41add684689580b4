import { QuestError } from '@questboard/core';
import { walletConfig } from '../errors.js';
import { readConnection, watchProvider } from '../provider.js';
import type { Connection, Connector, ConnectorEvent, EIP1193Provider } from '../types.js';
import type { WalletConnectProvider } from './walletconnect-provider.js';

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

function relayUnreachable(options: WalletConnectOptions, wait: number): QuestError {
  return new QuestError(
    'WALLET_DISCONNECTED',
    'WalletConnect could not reach its relay. Check your connection and try again.',
    {
      retryable: true,
      details: `no answer from ${options.relayUrl ?? 'the WalletConnect relay'} within ${wait} ms`,
    },
  );
}

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
 * line (an optional peer dependency). Nothing of it is loaded until the visitor picks it: the
 * module is a dynamic `import()`, so the script-tag file carries only this small shell. The
 * session lives in WalletConnect's own storage and is restored on reload by `reconnect()`.
 */
export function walletConnectConnector(options: WalletConnectOptions): Connector {
  let provider: WalletConnectProvider | undefined;
  let creating: Promise<WalletConnectProvider> | undefined;
  const listeners = new Set<(event: ConnectorEvent) => void>();

  const create = () =>
    (creating ??= (async () => {
      checkWalletConnectOptions(options);
      let mod: typeof import('./walletconnect-provider.js');
      try {
        mod = await import('./walletconnect-provider.js');
      } catch (error) {
        throw walletConfig(
          'WalletConnect could not be loaded. Install @walletconnect/ethereum-provider 2.17, or pick another wallet.',
          (error as Error)?.message,
        );
      }
      const created = await mod.createWalletConnectProvider(options);
      provider = created;
      // Followed for the provider's lifetime; listeners come and go.
      watchProvider(created, (event) => {
        for (const listener of listeners) listener(event);
      });
      return created;
    })().catch((error) => {
      creating = undefined;
      throw error;
    }));

  return {
    id: 'walletconnect',
    name: 'WalletConnect',
    kind: 'walletconnect',
    async connect(): Promise<Connection> {
      const wc = await create();
      if (!wc.session) {
        const wait = options.relayTimeoutMs ?? 15_000;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onUri = () => clearTimeout(timer);
        try {
          // The pairing URI (shown as a QR code) arrives once the relay answered; WalletConnect
          // retries a dead relay forever, which would leave the visitor waiting.
          const relayDown = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(relayUnreachable(options, wait)), wait);
          });
          wc.on('display_uri', onUri);
          await Promise.race([wc.connect(), relayDown]);
        } catch (error) {
          if (error instanceof QuestError) throw error;
          // The QR modal was closed, or the phone refused: both read as a rejection.
          throw new QuestError(
            'WALLET_REJECTED',
            'The WalletConnect request was closed or rejected. Try again when you are ready.',
            {
              cause: error,
              details: (error as Error)?.message,
            },
          );
        } finally {
          clearTimeout(timer);
          wc.removeListener('display_uri', onUri);
        }
      }
      return (await readConnection(wc, true))!;
    },
    async reconnect() {
      if (!options.projectId) return null;
      const wc = await create();
      return wc.session ? readConnection(wc, false) : null;
    },
    async disconnect() {
      const wc = provider;
      if (wc?.session) await wc.disconnect().catch(() => {});
    },
    getProvider(): EIP1193Provider {
      if (!provider)
        throw walletConfig('WalletConnect is not connected yet: call connect() first.');
      return provider;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
